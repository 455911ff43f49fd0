// Organization Actions secrets with visibility all/private/selected and their selected repositories
// (https://docs.github.com/rest/actions/secrets#create-or-update-an-organization-secret).
import {
  apiError,
  invalidRequest,
  notFound,
  paginate,
  type ApiReply,
  type ApiRequest,
  type ApiRoute,
  scopedRoute,
} from './api-reply.js';
import { toPublicKeyBase64 } from './key-pairs.js';
import { toSecretSummary, writeSecret } from './secret-routes.js';
import type { OrganizationRecord, OrganizationSecretRecord } from './state.js';

const DOC = 'https://docs.github.com/rest/actions/secrets';
const VISIBILITIES = ['all', 'private', 'selected'] as const;
const read = { area: 'organizationSecrets', access: 'read' } as const;
const write = { area: 'organizationSecrets', access: 'write' } as const;

/** Routes for organization secrets. */
export function organizationSecretRoutes(): ApiRoute[] {
  const prefix = '/orgs/:org/actions/secrets';
  return [
    route(`GET ${prefix}`, 'list-organization-secrets', read, (req, org) => {
      const all = [...org.secrets.values()].sort((a, b) => a.name.localeCompare(b.name));
      const { page, headers } = paginate(all, req.url);
      return {
        status: 200,
        body: {
          total_count: all.length,
          secrets: page.map((s) => toOrganizationSecret(req, org, s)),
        },
        headers,
      };
    }),
    route(`GET ${prefix}/public-key`, 'get-an-organization-public-key', read, (_req, org) => ({
      status: 200,
      body: { key_id: org.key.keyId, key: toPublicKeyBase64(org.key) },
    })),
    route(`GET ${prefix}/:secret_name`, 'get-an-organization-secret', read, (req, org, doc) => {
      const secret = org.secrets.get(req.params.secret_name.toUpperCase());
      return secret ? { status: 200, body: toOrganizationSecret(req, org, secret) } : notFound(doc);
    }),
    route(
      `PUT ${prefix}/:secret_name`,
      'create-or-update-an-organization-secret',
      write,
      putOrganizationSecret,
    ),
    route(
      `DELETE ${prefix}/:secret_name`,
      'delete-an-organization-secret',
      write,
      (req, org, doc) =>
        org.secrets.delete(req.params.secret_name.toUpperCase()) ? { status: 204 } : notFound(doc),
    ),
    route(
      `GET ${prefix}/:secret_name/repositories`,
      'list-selected-repositories-for-an-organization-secret',
      read,
      (req, org, doc) => {
        const secret = org.secrets.get(req.params.secret_name.toUpperCase());
        if (!secret) return notFound(doc);
        const repositories = secret.selectedRepositoryIds
          .map((id) => req.state.repositoryById(id))
          .filter((r) => r !== undefined);
        return {
          status: 200,
          body: {
            total_count: repositories.length,
            repositories: repositories.map((r) => ({
              id: r.id,
              name: r.name,
              full_name: r.fullName,
              owner: r.owner,
            })),
          },
        };
      },
    ),
    route(
      `PUT ${prefix}/:secret_name/repositories`,
      'set-selected-repositories-for-an-organization-secret',
      write,
      (req, org, doc) => {
        const secret = org.secrets.get(req.params.secret_name.toUpperCase());
        if (!secret) return notFound(doc);
        const ids = req.body?.selected_repository_ids;
        if (!Array.isArray(ids))
          return invalidRequest('"selected_repository_ids" wasn\'t supplied.', doc);
        if (secret.visibility !== 'selected')
          return apiError(409, 'Visibility of secret is not set to selected', doc);
        secret.selectedRepositoryIds = ids.map(Number);
        return { status: 204 };
      },
    ),
    route(
      `PUT ${prefix}/:secret_name/repositories/:repository_id`,
      'add-selected-repository-to-an-organization-secret',
      write,
      (req, org, doc) => changeSelection(req, org, doc, 'add'),
    ),
    route(
      `DELETE ${prefix}/:secret_name/repositories/:repository_id`,
      'remove-selected-repository-from-an-organization-secret',
      write,
      (req, org, doc) => changeSelection(req, org, doc, 'remove'),
    ),
  ];
}

function putOrganizationSecret(req: ApiRequest, org: OrganizationRecord, doc: string): ApiReply {
  const visibility = req.body?.visibility;
  if (typeof visibility !== 'string') return invalidRequest('"visibility" wasn\'t supplied.', doc);
  if (!(VISIBILITIES as readonly string[]).includes(visibility)) {
    return invalidRequest(`${visibility} is not a member of ["all", "private", "selected"].`, doc);
  }
  const requested = req.body?.selected_repository_ids;
  return writeSecret<OrganizationSecretRecord>(org, req, doc, (existing) => ({
    visibility: visibility as OrganizationSecretRecord['visibility'],
    selectedRepositoryIds:
      visibility !== 'selected'
        ? []
        : Array.isArray(requested)
          ? requested.map(Number)
          : (existing?.selectedRepositoryIds ?? []),
  }));
}

function changeSelection(
  req: ApiRequest,
  org: OrganizationRecord,
  doc: string,
  change: 'add' | 'remove',
): ApiReply {
  const secret = org.secrets.get(req.params.secret_name.toUpperCase());
  if (!secret) return notFound(doc);
  if (secret.visibility !== 'selected')
    return apiError(409, 'Visibility of secret is not set to selected', doc);
  const id = Number(req.params.repository_id);
  const others = secret.selectedRepositoryIds.filter((r) => r !== id);
  secret.selectedRepositoryIds = change === 'add' ? [...others, id] : others;
  return { status: 204 };
}

function toOrganizationSecret(
  req: ApiRequest,
  org: OrganizationRecord,
  secret: OrganizationSecretRecord,
): Record<string, unknown> {
  const summary: Record<string, unknown> = {
    ...toSecretSummary(secret),
    visibility: secret.visibility,
  };
  if (secret.visibility === 'selected') {
    summary.selected_repositories_url = `${req.apiUrl}/orgs/${org.login}/actions/secrets/${secret.name}/repositories`;
  }
  return summary;
}

function route(
  pattern: string,
  anchor: string,
  needs: ApiRoute['needs'],
  answer: (req: ApiRequest, org: OrganizationRecord, doc: string) => ApiReply,
): ApiRoute {
  const resolve = (req: ApiRequest) => req.state.organizations.get(req.params.org.toLowerCase());
  return scopedRoute(resolve, pattern, `${DOC}#${anchor}`, needs, answer);
}
