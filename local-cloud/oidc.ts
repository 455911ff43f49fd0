// GitHub Actions' OIDC token issuer as `core.getIDToken` reaches it: the runner hands the job
// ACTIONS_ID_TOKEN_REQUEST_URL (with a query already) and a request token; the issuer answers
// `{"value": "<jwt>"}` with the job's claims, and publishes its discovery document and JWKS.
// Claims follow https://docs.github.com/actions/security-for-github-actions/security-hardening-your-deployments/about-security-hardening-with-openid-connect
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson } from './https-service.js';
import {
  createSigningKey,
  decodeJwt,
  signJwt,
  toEpochSeconds,
  toPublicJwk,
  verifyJwtSignature,
  type SigningKey,
} from './jwt.js';

/** The repository whose jobs the issuer serves by default. */
export interface OidcRepository {
  fullName: string;
  id: number;
  ownerId: number;
}

/** Outcome of checking a token this issuer may have signed. */
export type OidcVerification =
  | { ok: true; payload: Record<string, unknown> }
  | { ok: false; reason: 'malformed' | 'unknown-key' | 'bad-signature' };

const TOKEN_PATH = '/_apis/token';
const TOKEN_LIFETIME_S = 5 * 60;

/** The local GitHub OIDC issuer; request tokens map to the claim overrides of one job. */
export class OidcIssuer {
  /** Issuer URL (`iss`), set once the server listens. */
  url = '';
  private readonly requestTokens = new Map<string, Record<string, unknown>>();

  constructor(
    private readonly repository: OidcRepository,
    private readonly now: () => number,
    readonly key: SigningKey = createSigningKey(),
    /** The subject prefix a repository's settings ask for (repo:owner@ID/repo@ID when immutable). */
    private readonly subjectPrefix: (repository: string) => string | undefined = () => undefined,
  ) {}

  /** Registers a request token whose ID tokens carry the default claims with `claims` overriding them. */
  issueRequestToken(claims: Record<string, unknown> = {}): string {
    const token = randomBytes(24).toString('base64url');
    this.requestTokens.set(token, { ...claims });
    return token;
  }

  /** Makes a request token unknown again (its requests get 401). */
  revokeRequestToken(token: string): void {
    this.requestTokens.delete(token);
  }

  /** ACTIONS_ID_TOKEN_REQUEST_URL: the token endpoint with its query started, as the runner gives it. */
  requestUrl(): string {
    return `${this.url}${TOKEN_PATH}?api-version=2.0`;
  }

  /** Returns a job's claims (without iss/aud/times): the defaults, then `overrides`, with sub and ref_type derived. */
  jobClaims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
    const repository = String(overrides.repository ?? this.repository.fullName);
    const owner = repository.split('/')[0];
    const ref = String(overrides.ref ?? 'refs/heads/main');
    const sha = createHash('sha1').update(`${repository}@${ref}`).digest('hex');
    const workflowRef = `${repository}/.github/workflows/register-entra-app.yml@${ref}`;
    const claims: Record<string, unknown> = {
      ref,
      sha,
      repository,
      repository_owner: owner,
      repository_owner_id: String(this.repository.ownerId),
      repository_id: String(this.repository.id),
      repository_visibility: 'private',
      run_id: '9876543210',
      run_number: '42',
      run_attempt: '1',
      actor: 'octocat',
      actor_id: '583231',
      workflow: 'Register Entra app',
      workflow_ref: workflowRef,
      workflow_sha: sha,
      job_workflow_ref: workflowRef,
      job_workflow_sha: sha,
      head_ref: '',
      base_ref: '',
      event_name: 'push',
      ref_protected: 'false',
      ref_type: ref.startsWith('refs/tags/') ? 'tag' : 'branch',
      runner_environment: 'github-hosted',
      ...overrides,
    };
    claims.sub ??= subjectOf(claims, this.subjectPrefix(repository) ?? `repo:${repository}`);
    return claims;
  }

  /** Returns a signed ID token for a job with `overrides`, as the token endpoint would issue it. */
  mintIdToken(overrides: Record<string, unknown> = {}, audience?: string): string {
    const claims = this.jobClaims(overrides);
    const iat = toEpochSeconds(this.now());
    return signJwt(this.key, {
      jti: randomUUID(),
      ...claims,
      aud: audience ?? `https://github.com/${String(claims.repository_owner)}`,
      iss: this.url,
      nbf: iat - 5,
      iat,
      exp: iat + TOKEN_LIFETIME_S,
    });
  }

  /** Checks a JWT's signature against this issuer's keys (times and claims are the caller's business). */
  verify(token: string): OidcVerification {
    const jwt = decodeJwt(token);
    if (!jwt) return { ok: false, reason: 'malformed' };
    if (jwt.header.kid !== this.key.kid) return { ok: false, reason: 'unknown-key' };
    if (!verifyJwtSignature(jwt, this.key.publicKey)) return { ok: false, reason: 'bad-signature' };
    return { ok: true, payload: jwt.payload };
  }

  /** The issuer's JWKS document. */
  jwks(): { keys: unknown[] } {
    return { keys: [toPublicJwk(this.key)] };
  }

  /** HTTP handler of the issuer: discovery, JWKS and the token endpoint. */
  readonly handle = (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', this.url);
    if (req.method !== 'GET')
      return sendJson(res, 405, { message: `Method ${req.method} not allowed` });
    if (url.pathname === '/.well-known/openid-configuration')
      return sendJson(res, 200, this.discovery());
    if (url.pathname === '/.well-known/jwks') return sendJson(res, 200, this.jwks());
    if (url.pathname === TOKEN_PATH) return this.answerTokenRequest(req, res, url);
    sendJson(res, 404, { message: 'Not Found' });
  };

  private answerTokenRequest(req: IncomingMessage, res: ServerResponse, url: URL): void {
    const match = /^Bearer (.+)$/.exec(req.headers.authorization ?? '');
    const overrides = match ? this.requestTokens.get(match[1]) : undefined;
    if (!overrides) {
      return sendJson(res, 401, {
        message: 'TF400813: The user is not authorized to access this resource.',
        typeKey: 'UnauthorizedRequestException',
      });
    }
    const audience = url.searchParams.get('audience') ?? undefined;
    sendJson(res, 200, { value: this.mintIdToken(overrides, audience || undefined) });
  }

  private discovery(): Record<string, unknown> {
    return {
      issuer: this.url,
      jwks_uri: `${this.url}/.well-known/jwks`,
      subject_types_supported: ['public', 'pairwise'],
      response_types_supported: ['id_token'],
      claims_supported: [
        'sub',
        'aud',
        'exp',
        'iat',
        'iss',
        'jti',
        'nbf',
        'ref',
        'sha',
        'repository',
        'repository_id',
        'repository_owner',
        'repository_owner_id',
        'run_id',
        'run_number',
        'run_attempt',
        'actor',
        'actor_id',
        'workflow',
        'workflow_ref',
        'workflow_sha',
        'head_ref',
        'base_ref',
        'event_name',
        'ref_type',
        'ref_protected',
        'environment',
        'job_workflow_ref',
        'job_workflow_sha',
        'repository_visibility',
        'runner_environment',
      ],
      id_token_signing_alg_values_supported: ['RS256'],
      scopes_supported: ['openid'],
    };
  }
}

// GitHub's default subject: environment wins, then pull_request events, then the ref.
function subjectOf(claims: Record<string, unknown>, prefix: string): string {
  if (claims.environment) return `${prefix}:environment:${String(claims.environment)}`;
  if (claims.event_name === 'pull_request') return `${prefix}:pull_request`;
  return `${prefix}:ref:${String(claims.ref)}`;
}
