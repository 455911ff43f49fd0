// Repository, environment and organization Actions variables (https://docs.github.com/rest/actions/variables)
// and the repository lookup that organization secrets use to select repositories by name.
import {
  apiError,
  invalidRequest,
  notFound,
  paginate,
  toGitHubTime,
  type ApiReply,
  type ApiRequest,
  type ApiRoute,
  scopedRoute,
} from './api-reply.js';
import { resolveRepository, resolveRepositoryStore } from './secret-routes.js';
import type { SecretStore, VariableRecord } from './state.js';

const DOC = 'https://docs.github.com/rest/actions/variables';
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

const PREFIXES = {
  repository: '/repos/:owner/:repo/actions/variables',
  environment: '/repos/:owner/:repo/environments/:environment_name/variables',
  organization: '/orgs/:org/actions/variables',
};
const NOUNS = {
  repository: 'a-repository',
  environment: 'an-environment',
  organization: 'an-organization',
};

/** Routes for the variables of one scope; organization variables also carry a visibility. */
export function variableRoutes(scope: 'repository' | 'environment' | 'organization'): ApiRoute[] {
  const prefix = PREFIXES[scope];
  const noun = NOUNS[scope];
  const read = { area: 'variables', access: 'read' } as const;
  const write = { area: 'variables', access: 'write' } as const;
  return [
    route(`GET ${prefix}`, `list-${scope}-variables`, read, (req, store) => {
      const all = [...store.variables.values()].sort((a, b) => a.name.localeCompare(b.name));
      // Variables page by 10 (at most 30), unlike secrets.
      const { page, headers } = paginate(all, req.url, 10, 30);
      return {
        status: 200,
        body: { total_count: all.length, variables: page.map((v) => toVariableBody(req, v)) },
        headers,
      };
    }),
    route(`POST ${prefix}`, `create-${noun}-variable`, write, createVariable),
    route(`GET ${prefix}/:name`, `get-${noun}-variable`, read, (req, store, doc) => {
      const variable = store.variables.get(req.params.name.toUpperCase());
      return variable ? { status: 200, body: toVariableBody(req, variable) } : notFound(doc);
    }),
    route(`PATCH ${prefix}/:name`, `update-${noun}-variable`, write, updateVariable),
    route(`DELETE ${prefix}/:name`, `delete-${noun}-variable`, write, (req, store, doc) =>
      store.variables.delete(req.params.name.toUpperCase()) ? { status: 204 } : notFound(doc),
    ),
  ];
}

/** GET /repos/{owner}/{repo}: the repository's id, names and owner. */
export function repositoryRoute(): ApiRoute {
  const doc = 'https://docs.github.com/rest/repos/repos#get-a-repository';
  return {
    pattern: 'GET /repos/:owner/:repo',
    doc,
    needs: { area: 'metadata', access: 'read' },
    answer: (req) => {
      const repo = resolveRepository(req);
      if (!repo) return notFound(doc);
      return {
        status: 200,
        body: {
          id: repo.id,
          node_id: `R_${repo.id}`,
          name: repo.name,
          full_name: repo.fullName,
          private: true,
          default_branch: repo.defaultBranch,
          owner: { login: repo.owner.login, id: repo.owner.id, type: 'Organization' },
        },
      };
    },
  };
}

function createVariable(req: ApiRequest, store: SecretStore, doc: string): ApiReply {
  const { name, value, visibility, selected_repository_ids: selected } = req.body ?? {};
  if (typeof name !== 'string') return invalidRequest('"name" wasn\'t supplied.', doc);
  if (typeof value !== 'string') return invalidRequest('"value" wasn\'t supplied.', doc);
  const isOrganization = req.params.org !== undefined;
  if (isOrganization && typeof visibility !== 'string')
    return invalidRequest('"visibility" wasn\'t supplied.', doc);
  const invalid = checkVariableName(name, doc);
  if (invalid) return invalid;
  const key = name.toUpperCase();
  if (store.variables.has(key))
    return apiError(409, 'Already exists - Variable already exists', doc);
  const now = toGitHubTime(req.now);
  const scoped = isOrganization
    ? {
        visibility: String(visibility),
        selected_repository_ids: Array.isArray(selected) ? selected.map(Number) : [],
      }
    : {};
  store.variables.set(key, { name: key, value, created_at: now, updated_at: now, ...scoped });
  return { status: 201, body: {} };
}

function updateVariable(req: ApiRequest, store: SecretStore, doc: string): ApiReply {
  const existing = store.variables.get(req.params.name.toUpperCase());
  if (!existing) return notFound(doc);
  const { name, value } = req.body ?? {};
  const renamed = typeof name === 'string' ? name.toUpperCase() : existing.name;
  const invalid = checkVariableName(renamed, doc);
  if (invalid) return invalid;
  const { visibility, selected_repository_ids: selected } = req.body ?? {};
  const updated: VariableRecord = {
    ...existing,
    name: renamed,
    value: typeof value === 'string' ? value : existing.value,
    updated_at: toGitHubTime(req.now),
    ...(typeof visibility === 'string' ? { visibility } : {}),
    ...(Array.isArray(selected) ? { selected_repository_ids: selected.map(Number) } : {}),
  };
  store.variables.delete(existing.name);
  store.variables.set(renamed, updated);
  return { status: 204 };
}

function toVariableBody(req: ApiRequest, variable: VariableRecord): Record<string, unknown> {
  const { selected_repository_ids: selected, visibility, ...body } = variable;
  if (!visibility) return body;
  const url = `${req.apiUrl}/orgs/${req.params.org}/actions/variables/${variable.name}/repositories`;
  return {
    ...body,
    visibility,
    ...(visibility === 'selected' && selected ? { selected_repositories_url: url } : {}),
  };
}

function checkVariableName(name: string, doc: string): ApiReply | undefined {
  if (!VARIABLE_NAME.test(name)) {
    return apiError(
      422,
      'Variable names can only contain alphanumeric characters ([a-z], [A-Z], [0-9]) or underscores (_). Spaces are not allowed. Must start with a letter ([a-z], [A-Z]) or underscores (_).',
      doc,
    );
  }
  if (name.toUpperCase().startsWith('GITHUB_'))
    return apiError(422, 'Variable names must not start with GITHUB_.', doc);
  return undefined;
}

function route(
  pattern: string,
  anchor: string,
  needs: ApiRoute['needs'],
  answer: (req: ApiRequest, store: SecretStore, doc: string) => ApiReply,
): ApiRoute {
  return scopedRoute(resolveVariableStore, pattern, `${DOC}#${anchor}`, needs, answer);
}

// An organization's variables, or a repository's (or its environment's).
function resolveVariableStore(req: ApiRequest): SecretStore | undefined {
  return req.params.org !== undefined
    ? req.state.organizations.get(req.params.org.toLowerCase())
    : resolveRepositoryStore(req);
}
