// Reads what the tenant holds for one app registration in as few round trips as Graph allows:
// three $batch calls for an existing, converged app (one more only when the app has consent on a
// resource the profile does not name). Never lists the tenant's service principals. A first-party
// resource is read without its permission lists (the built-in table has them); any other resource
// with them.
import type { ObservedState } from '../model/observed.js';
import type { ResourceServicePrincipal } from '../model/graph-types.js';
import type { BatchItemResult, BatchRequestItem, GraphClient } from './graph-client.js';
import {
  APPLICATION_SELECT,
  ASSIGNMENT_SELECT,
  FEDERATED_CREDENTIAL_SELECT,
  GRANT_SELECT,
  RESOURCE_PERMISSIONS_SELECT,
  RESOURCE_SELECT,
  SAME_NAME_SELECT,
  SERVICE_PRINCIPAL_DIRECTORY_SELECT,
  SERVICE_PRINCIPAL_SELECT,
  toAppRoleAssignment,
  toApplication,
  toFederatedCredential,
  toPermissionGrant,
  toResourceServicePrincipal,
  toServicePrincipal,
} from './graph-shapes.js';
import { toEqualsFilter, toODataLiteral, toSelect } from './odata.js';
import { findBuiltInResource } from '../model/built-in-permissions.js';
import type { DirectoryQuery } from '../model/directory.js';
import {
  readAssignedTo,
  readOwners,
  readPrincipalAnswers,
  toAssignedToRequest,
  toOwnersRequest,
  toPrincipalRequests,
} from './read-directory.js';

/** A resource service principal the profile names, by appId or (for custom APIs) displayName. */
export interface ResourceQuery {
  key: string;
  appId?: string;
  displayName?: string;
  /** An API's identifier URI (api://orders), found among service principals' names. */
  identifierUri?: string;
}

/** What to read: the app's uniqueName and displayName and the resources the profile names. */
export interface ReadStateQuery {
  uniqueName: string;
  displayName: string;
  resources: ResourceQuery[];
  /** Owners and assignments to read; absent when the profile manages neither. */
  directory?: DirectoryQuery;
}

/** The observed state (without the GitHub secret) and each named resource found, by its key. */
export interface ReadStateResult {
  observed: Omit<ObservedState, 'githubSecret'>;
  resourcesByKey: Map<string, ResourceServicePrincipal>;
}

interface Page {
  value?: Array<Record<string, unknown>>;
  '@odata.nextLink'?: string;
}

/** Reads the app, its look-alikes, service principal, federated credentials, consent and resources. */
export async function readObservedState(
  graph: GraphClient,
  query: ReadStateQuery,
): Promise<ReadStateResult> {
  const resources = new Map<string, ResourceServicePrincipal>();
  const resourcesByKey = new Map<string, ResourceServicePrincipal>();
  const remember = (sp: ResourceServicePrincipal): void => void resources.set(sp.id, sp);

  const byUniqueName = `(uniqueName=${toODataLiteral(query.uniqueName)})`;
  const sameName = toEqualsFilter('displayName', query.displayName);
  const first = await graph.batch([
    toGetRequest('app', `/applications${byUniqueName}?${toSelect(APPLICATION_SELECT)}`),
    toGetRequest('same', `/applications?${sameName}&${toSelect(SAME_NAME_SELECT)}`),
    ...query.resources.map((r, i) => toGetRequest(`res${i}`, toResourceUrl(r))),
    ...(query.directory ? toPrincipalRequests(query.directory) : []),
  ]);
  const appRaw = toOptionalObject(first[0]);
  const application = appRaw ? toApplication(appRaw) : null;
  const sameNameApplications = (await readPage(graph, first[1]))
    .map((a) => ({
      id: String(a.id),
      appId: String(a.appId),
      uniqueName: (a.uniqueName as string | null) ?? null,
      displayName: String(a.displayName),
      tags: (a.tags as string[]) ?? [],
    }))
    .filter((a) => a.id !== application?.id && a.uniqueName !== query.uniqueName);
  for (const [i, r] of query.resources.entries()) {
    const sp = await readResource(graph, first[2 + i], r);
    if (sp) {
      remember(sp);
      resourcesByKey.set(r.key, sp);
    }
  }
  const observed: ReadStateResult['observed'] = {
    application,
    servicePrincipal: null,
    federatedIdentityCredentials: [],
    resources: [],
    appRoleAssignments: [],
    delegatedGrants: [],
    sameNameApplications,
  };
  if (query.directory) {
    const answers = new Map(first.map((item) => [item.id, item]));
    observed.directory = await readPrincipalAnswers(graph, query.directory, answers);
  }
  if (application) await readAppDetails(graph, observed, resources, query.directory);
  observed.resources = [...resources.values()];
  return { observed, resourcesByKey };
}

// Batch 2: the app's service principal, its federated credentials and the resources its
// requiredResourceAccess names that batch 1 did not fetch. Batch 3: consent.
async function readAppDetails(
  graph: GraphClient,
  observed: ReadStateResult['observed'],
  resources: Map<string, ResourceServicePrincipal>,
  directory: DirectoryQuery | undefined,
): Promise<void> {
  const app = observed.application;
  if (!app) return;
  const knownAppIds = new Set([...resources.values()].map((r) => r.appId));
  const missingAppIds = [...new Set(app.requiredResourceAccess.map((r) => r.resourceAppId))].filter(
    (id) => !knownAppIds.has(id),
  );
  const spByAppId = `/servicePrincipals(appId=${toODataLiteral(app.appId)})`;
  const credentials = `/applications/${app.id}/federatedIdentityCredentials`;
  const second = await graph.batch([
    toGetRequest(
      'sp',
      `${spByAppId}?${toSelect(directory ? SERVICE_PRINCIPAL_DIRECTORY_SELECT : SERVICE_PRINCIPAL_SELECT)}`,
    ),
    toGetRequest('fic', `${credentials}?${toSelect(FEDERATED_CREDENTIAL_SELECT)}`),
    ...missingAppIds.map((appId, i) =>
      toGetRequest(`rra${i}`, toResourceUrl({ key: appId, appId })),
    ),
    ...(directory?.owners ? [toOwnersRequest('appOwners', `/applications/${app.id}`)] : []),
  ]);
  const spRaw = toOptionalObject(second[0]);
  observed.servicePrincipal = spRaw ? toServicePrincipal(spRaw) : null;
  observed.federatedIdentityCredentials = (await readPage(graph, second[1])).map(
    toFederatedCredential,
  );
  const appOwners = second.find((item) => item.id === 'appOwners');
  if (appOwners)
    observed.owners = { application: await readOwners(graph, appOwners), servicePrincipal: [] };
  for (const item of second.slice(2).filter((i) => i.id.startsWith('rra'))) {
    const raw = toOptionalObject(item);
    if (raw) resources.set(String(raw.id), toResourceServicePrincipal(raw));
  }
  if (!observed.servicePrincipal) return;

  const spId = observed.servicePrincipal.id;
  const assignments = `/servicePrincipals/${spId}/appRoleAssignments`;
  const grantsOfClient = toEqualsFilter('clientId', spId);
  const third = await graph.batch([
    toGetRequest('assignments', `${assignments}?${toSelect(ASSIGNMENT_SELECT)}`),
    toGetRequest('grants', `/oauth2PermissionGrants?${grantsOfClient}&${toSelect(GRANT_SELECT)}`),
    ...(directory?.owners ? [toOwnersRequest('spOwners', `/servicePrincipals/${spId}`)] : []),
    ...(directory?.assignments ? [toAssignedToRequest(spId)] : []),
  ]);
  await readDirectoryDetails(graph, observed, third.slice(2));
  observed.appRoleAssignments = (await readPage(graph, third[0]))
    .map(toAppRoleAssignment)
    .filter((a) => a.principalId === spId);
  // Listing grants needs DelegatedPermissionGrant.ReadWrite.All (or Directory.Read.All), which a
  // deployer for profiles without delegated permissions need not hold: it sees none, and a profile
  // that does ask for them fails at the grant write with a 403 naming the permission.
  const grants = third[1];
  observed.delegatedGrants =
    grants.status === 403
      ? []
      : (await readPage(graph, grants)).map(toPermissionGrant).filter((g) => g.clientId === spId);

  const unknownIds = [
    ...new Set(
      [...observed.appRoleAssignments, ...observed.delegatedGrants].map((x) => x.resourceId),
    ),
  ].filter((id) => !resources.has(id));
  if (unknownIds.length === 0) return;
  const fourth = await graph.batch(
    unknownIds.map((id, i) =>
      toGetRequest(`ref${i}`, `/servicePrincipals/${id}?${toSelect(RESOURCE_PERMISSIONS_SELECT)}`),
    ),
  );
  for (const item of fourth) {
    const raw = toOptionalObject(item);
    if (raw) resources.set(String(raw.id), toResourceServicePrincipal(raw));
  }
}

/**
 * Reads the permissions the tenant publishes for resources whose lists came from the built-in
 * table, in one $batch; returns them with the tenant's lists (a resource gone since is left out).
 */
export async function readResourcePermissions(
  graph: GraphClient,
  resources: readonly ResourceServicePrincipal[],
): Promise<ResourceServicePrincipal[]> {
  const requests = resources.map((r, i) =>
    toGetRequest(`perm${i}`, `/servicePrincipals/${r.id}?${toSelect(RESOURCE_PERMISSIONS_SELECT)}`),
  );
  // Nothing came from the built-in table: the tenant's lists are already there.
  const items = requests.length > 0 ? await graph.batch(requests) : [];
  return items.flatMap((item) => {
    const raw = toOptionalObject(item);
    return raw ? [toResourceServicePrincipal(raw)] : [];
  });
}

function toResourceUrl(r: ResourceQuery): BatchRequestItem['url'] {
  if (r.appId) {
    const select = findBuiltInResource(r.appId) ? RESOURCE_SELECT : RESOURCE_PERMISSIONS_SELECT;
    return `/servicePrincipals(appId=${toODataLiteral(r.appId)})?${toSelect(select)}`;
  }
  if (r.identifierUri)
    return `/servicePrincipals?$filter=servicePrincipalNames/any(n:n%20eq%20${toODataLiteral(r.identifierUri)})&${toSelect([...RESOURCE_PERMISSIONS_SELECT, 'servicePrincipalNames'])}`;
  if (r.displayName)
    return `/servicePrincipals?${toEqualsFilter('displayName', r.displayName)}&${toSelect(RESOURCE_PERMISSIONS_SELECT)}`;
  throw new Error(`Resource '${r.key}' has neither an appId nor a displayName to look it up by.`);
}

async function readResource(
  graph: GraphClient,
  item: BatchItemResult,
  r: ResourceQuery,
): Promise<ResourceServicePrincipal | undefined> {
  if (r.appId) {
    const raw = toOptionalObject(item);
    return raw ? toResourceServicePrincipal(raw) : undefined;
  }
  const matches = await readPage(graph, item);
  return matches[0] ? toResourceServicePrincipal(matches[0]) : undefined;
}

// A 404 on a read by key means the object does not exist; any other failure is an error.
function toOptionalObject(item: BatchItemResult): Record<string, unknown> | null {
  if (item.status === 404) return null;
  if (item.error) throw item.error;
  return item.body as Record<string, unknown>;
}

async function readPage(
  graph: GraphClient,
  item: BatchItemResult,
): Promise<Array<Record<string, unknown>>> {
  if (item.error) throw item.error;
  return graph.readRemainingPages(item.body as Page);
}

// One GET of a $batch.
function toGetRequest(id: string, url: string): BatchRequestItem {
  return { id, method: 'GET', url };
}

// The owners of the service principal and the assignments granted on it, from batch 3.
async function readDirectoryDetails(
  graph: GraphClient,
  observed: ReadStateResult['observed'],
  items: readonly BatchItemResult[],
): Promise<void> {
  for (const item of items) {
    if (item.id === 'spOwners' && observed.owners)
      observed.owners.servicePrincipal = await readOwners(graph, item);
    if (item.id === 'assignedTo') observed.appRoleAssignedTo = await readAssignedTo(graph, item);
  }
}
