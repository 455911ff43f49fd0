// The GitHub REST API slice the action uses: Actions secrets (repository, environment,
// organization), Actions variables and repository lookup, with GitHub's authentication answers,
// error bodies and headers (x-github-request-id, x-ratelimit-*).
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { toFaultResponse, type Faults } from '../faults.js';
import { sendEmpty, sendJson } from '../https-service.js';
import { apiError, matchRoute, type ApiReply, type ApiRoute } from './api-reply.js';
import { readySodium } from './key-pairs.js';
import { issueRoutes, listIssues, type IssueRecord } from './issue-routes.js';
import { organizationSecretRoutes } from './organization-routes.js';
import { repositorySecretRoutes } from './secret-routes.js';
import {
  GitHubState,
  type SecretLocation,
  type SecretRecord,
  type TokenPermissions,
} from './state.js';
import { repositorySettingsRoutes } from './repository-routes.js';
import { repositoryRoute, variableRoutes } from './variable-routes.js';

export type { SecretLocation, SecretRecord, TokenPermissions } from './state.js';

// Specific paths first: '/secrets/public-key' must not be taken for a secret named PUBLIC-KEY.
const ROUTES: ApiRoute[] = [
  repositoryRoute(),
  ...repositorySecretRoutes('repository'),
  ...repositorySecretRoutes('environment'),
  ...variableRoutes('repository'),
  ...variableRoutes('environment'),
  ...variableRoutes('organization'),
  ...organizationSecretRoutes(),
  ...issueRoutes(),
  ...repositorySettingsRoutes(),
];
const RATE_LIMIT = 5000;

/** The local GitHub API; tests register tokens and read decrypted secrets through it. */
export class GitHubService {
  /** API root (GITHUB_API_URL), set once the server listens. */
  url = '';
  readonly state = new GitHubState();
  private readonly used = new Map<string, number>();

  private constructor(
    private readonly now: () => number,
    private readonly faults: Faults,
  ) {}

  /** Returns a GitHub fake once libsodium is ready. */
  static async create(now: () => number, faults: Faults): Promise<GitHubService> {
    await readySodium();
    return new GitHubService(now, faults);
  }

  /** Registers an API token with its permissions (unknown tokens get 401 "Bad credentials"). */
  addToken(token: string, permissions: TokenPermissions): void {
    this.state.addToken(token, permissions);
  }

  /** The decrypted value of a secret, or undefined when it does not exist. */
  secretValue(location: SecretLocation, name: string): string | undefined {
    return this.state.secretValue(location, name);
  }

  /** The stored secret record (value, key_id, created_at, updated_at), editable by tests. */
  secret(location: SecretLocation, name: string): SecretRecord | undefined {
    return this.state.secret(location, name);
  }

  /** The issues of a repository (owner/repo), oldest first; empty when it has none. */
  issues(fullName: string): IssueRecord[] {
    const repository = this.state.repository(fullName);
    return repository ? listIssues(repository) : [];
  }

  /** The value of a repository or environment variable, or undefined. */
  variableValue(location: SecretLocation, name: string): string | undefined {
    return this.state.variableValue(location, name);
  }

  /** HTTP handler of the API. */
  readonly handle = (req: IncomingMessage, res: ServerResponse, body: Buffer): void => {
    const token = /^(?:token|bearer)\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const headers = this.responseHeaders(token);
    const answered = this.answer(req, body, token);
    // An afterApply fault: the write happened, yet the client sees the failure.
    const afterApply = this.faults.takeAfterApply(req);
    if (afterApply?.resetConnection && answered.status < 400) {
      req.socket.destroy();
      return;
    }
    const reply =
      afterApply && answered.status < 400 ? toFaultResponse('github', afterApply) : answered;
    const allHeaders = { ...headers, ...reply.headers };
    if (reply.body === undefined) sendEmpty(res, reply.status, allHeaders);
    else sendJson(res, reply.status, reply.body, allHeaders);
  };

  private answer(req: IncomingMessage, body: Buffer, token: string | undefined): ApiReply {
    const url = new URL(req.url ?? '/', this.url);
    if (!token) return apiError(401, 'Requires authentication');
    const permissions = this.state.tokens.get(token);
    if (!permissions) return apiError(401, 'Bad credentials');
    const segments = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    const method = req.method ?? 'GET';
    for (const route of ROUTES) {
      const params = matchRoute(route.pattern, method, segments);
      if (!params) continue;
      if (
        params.owner &&
        params.repo &&
        !this.canSeeRepository(permissions, `${params.owner}/${params.repo}`)
      ) {
        return apiError(404, 'Not Found', route.doc);
      }
      if (!allows(permissions, route.needs)) {
        return apiError(
          403,
          `Resource not accessible by ${permissions.kind ?? 'integration'}`,
          route.doc,
        );
      }
      const parsed = parseJsonBody(body);
      if (parsed === 'invalid') return apiError(400, 'Problems parsing JSON', route.doc);
      return route.answer({
        method,
        url,
        params,
        body: parsed,
        token: permissions,
        state: this.state,
        apiUrl: this.url,
        now: this.now(),
      });
    }
    return apiError(404, 'Not Found');
  }

  private canSeeRepository(permissions: TokenPermissions, fullName: string): boolean {
    const allowed = permissions.repositories;
    return !allowed || allowed.some((r) => r.toLowerCase() === fullName.toLowerCase());
  }

  private responseHeaders(token: string | undefined): Record<string, string> {
    const used = (this.used.get(token ?? '') ?? 0) + 1;
    this.used.set(token ?? '', used);
    const hex = (n: number): string => randomBytes(n).toString('hex').toUpperCase();
    return {
      'x-github-request-id': `${hex(2)}:${hex(3)}:${hex(4)}:${hex(4)}:${hex(4)}`,
      'x-github-api-version-selected': '2022-11-28',
      'x-github-media-type': 'github.v3; format=json',
      'x-ratelimit-limit': String(RATE_LIMIT),
      'x-ratelimit-remaining': String(Math.max(RATE_LIMIT - used, 0)),
      'x-ratelimit-reset': String(Math.floor(this.now() / 1000) + 3600),
      'x-ratelimit-used': String(used),
      'x-ratelimit-resource': 'core',
    };
  }
}

function allows(permissions: TokenPermissions, needs: ApiRoute['needs']): boolean {
  if (needs.area === 'metadata') return true;
  const level =
    needs.area === 'organizationSecrets'
      ? (permissions.organizationSecrets ?? permissions.secrets)
      : (permissions[needs.area] ?? 'none');
  return level === 'write' || (level === 'read' && needs.access === 'read');
}

function parseJsonBody(body: Buffer): Record<string, unknown> | undefined | 'invalid' {
  if (body.length === 0) return undefined;
  try {
    const parsed = JSON.parse(body.toString('utf8')) as unknown;
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : 'invalid';
  } catch {
    return 'invalid';
  }
}
