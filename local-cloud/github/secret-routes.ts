// Repository and environment Actions secrets: public key, list, get, create-or-update, delete
// (https://docs.github.com/rest/actions/secrets), with GitHub's validation and error bodies.
import {
  apiError,
  invalidRequest,
  notFound,
  paginate,
  toGitHubTime,
  type ApiReply,
  type ApiRequest,
  type ApiRoute,
} from './api-reply.js';
import { openSealedValue, toPublicKeyBase64 } from './key-pairs.js';
import type { RepositoryRecord, SecretRecord, SecretStore } from './state.js';

const DOC = 'https://docs.github.com/rest/actions/secrets';
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{4})$/;
const SECRET_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The repository of a request, unless it is missing or outside the token's repositories. */
export function resolveRepository(req: ApiRequest): RepositoryRecord | undefined {
  const fullName = `${req.params.owner}/${req.params.repo}`;
  const allowed = req.token.repositories;
  if (allowed && !allowed.some((r) => r.toLowerCase() === fullName.toLowerCase())) return undefined;
  return req.state.repository(fullName);
}

/** The secrets scope of a repository route: the repository, or its environment when the path names one. */
export function resolveRepositoryStore(req: ApiRequest): SecretStore | undefined {
  const repo = resolveRepository(req);
  const environment = req.params.environment_name;
  if (!repo || environment === undefined) return repo;
  return repo.environments.get(environment.toLowerCase());
}

/** Validates and opens a sealed secret, then creates (201 `{}`) or updates (204) it in `store`. */
export function writeSecret<S extends SecretRecord>(
  store: SecretStore<S>,
  req: ApiRequest,
  doc: string,
  extra: (existing: S | undefined) => Omit<S, keyof SecretRecord>,
): ApiReply {
  const name = req.params.secret_name;
  if (!SECRET_NAME.test(name)) {
    return apiError(
      422,
      'Secret names can only contain alphanumeric characters ([a-z], [A-Z], [0-9]) or underscores (_). Spaces are not allowed. Must start with a letter ([a-z], [A-Z]) or underscores (_).',
      doc,
    );
  }
  if (name.toUpperCase().startsWith('GITHUB_'))
    return apiError(422, 'Secret names must not start with GITHUB_.', doc);
  const body = req.body ?? {};
  for (const field of ['encrypted_value', 'key_id']) {
    if (typeof body[field] !== 'string') return invalidRequest(`"${field}" wasn't supplied.`, doc);
  }
  const encrypted = body.encrypted_value as string;
  if (!BASE64.test(encrypted))
    return invalidRequest(`${encrypted} does not match ${String(BASE64)}.`, doc);
  const value = body.key_id === store.key.keyId ? openSealedValue(store.key, encrypted) : undefined;
  if (value === undefined)
    return apiError(
      422,
      'Bad request - validation failed due to an improperly encrypted secret',
      doc,
    );
  const key = name.toUpperCase();
  const existing = store.secrets.get(key);
  const now = toGitHubTime(req.now);
  const record = {
    name: key,
    value,
    keyId: store.key.keyId,
    created_at: existing?.created_at ?? now,
    updated_at: now,
    ...extra(existing),
  } as S;
  store.secrets.set(key, record);
  return existing ? { status: 204 } : { status: 201, body: {} };
}

/** The listed form of a secret (never its value). */
export function toSecretSummary(secret: SecretRecord): Record<string, unknown> {
  return { name: secret.name, created_at: secret.created_at, updated_at: secret.updated_at };
}

/** Routes for the secrets of one repository-level scope ('repository' or 'environment'). */
export function repositorySecretRoutes(scope: 'repository' | 'environment'): ApiRoute[] {
  const prefix =
    scope === 'repository'
      ? '/repos/:owner/:repo/actions/secrets'
      : '/repos/:owner/:repo/environments/:environment_name/secrets';
  const noun = scope === 'repository' ? 'a-repository' : 'an-environment';
  const read = { area: 'secrets', access: 'read' } as const;
  const write = { area: 'secrets', access: 'write' } as const;
  return [
    {
      pattern: `GET ${prefix}`,
      doc: `${DOC}#list-${scope}-secrets`,
      needs: read,
      answer: (req) =>
        withStore(req, `${DOC}#list-${scope}-secrets`, (store) => {
          const all = [...store.secrets.values()].sort((a, b) => a.name.localeCompare(b.name));
          const { page, headers } = paginate(all, req.url);
          return {
            status: 200,
            body: { total_count: all.length, secrets: page.map(toSecretSummary) },
            headers,
          };
        }),
    },
    {
      pattern: `GET ${prefix}/public-key`,
      doc: `${DOC}#get-${noun}-public-key`,
      needs: read,
      answer: (req) =>
        withStore(req, `${DOC}#get-${noun}-public-key`, (store) => ({
          status: 200,
          body: { key_id: store.key.keyId, key: toPublicKeyBase64(store.key) },
        })),
    },
    {
      pattern: `GET ${prefix}/:secret_name`,
      doc: `${DOC}#get-${noun}-secret`,
      needs: read,
      answer: (req) =>
        withStore(req, `${DOC}#get-${noun}-secret`, (store) => {
          const secret = store.secrets.get(req.params.secret_name.toUpperCase());
          return secret
            ? { status: 200, body: toSecretSummary(secret) }
            : notFound(`${DOC}#get-${noun}-secret`);
        }),
    },
    {
      pattern: `PUT ${prefix}/:secret_name`,
      doc: `${DOC}#create-or-update-${noun}-secret`,
      needs: write,
      answer: (req) =>
        withStore(req, `${DOC}#create-or-update-${noun}-secret`, (store) =>
          writeSecret(store, req, `${DOC}#create-or-update-${noun}-secret`, () => ({})),
        ),
    },
    {
      pattern: `DELETE ${prefix}/:secret_name`,
      doc: `${DOC}#delete-${noun}-secret`,
      needs: write,
      answer: (req) =>
        withStore(req, `${DOC}#delete-${noun}-secret`, (store) =>
          store.secrets.delete(req.params.secret_name.toUpperCase())
            ? { status: 204 }
            : notFound(`${DOC}#delete-${noun}-secret`),
        ),
    },
  ];
}

function withStore(
  req: ApiRequest,
  doc: string,
  answer: (store: SecretStore) => ApiReply,
): ApiReply {
  const store = resolveRepositoryStore(req);
  return store ? answer(store) : notFound(doc);
}
