// The reads behind `owners` and `assignments`: the users, groups and service principals a profile
// names, the deployer's own service principal, the owners of the app and its service principal, and
// the assignments granted on it. Each read is a $batch item that rides along with read-state.ts's batches.
import type {
  DirectoryQuery,
  Principal,
  PrincipalMatches,
  PrincipalRef,
  PrincipalType,
} from '../model/directory.js';
import type { AppRoleAssignment } from '../model/graph-types.js';
import { isGuid } from '../model/guid.js';
import type { BatchItemResult, BatchRequestItem, GraphClient } from './graph-client.js';
import { ASSIGNED_TO_SELECT, toAppRoleAssignment } from './graph-shapes.js';
import { toEqualsFilter, toODataLiteral, toSelect } from './odata.js';

/** An answer's body: an object, or a collection page of them. */
interface Body {
  [property: string]: unknown;
  value?: Array<Record<string, unknown>>;
  '@odata.nextLink'?: string;
}

const PRINCIPAL_SELECT = ['id', 'displayName'];
const USER_SELECT = ['id', 'displayName', 'userPrincipalName'];

/** The $batch items that resolve the profile's principals and the deployer (ids p0…, deployer). */
export function toPrincipalRequests(query: DirectoryQuery): BatchRequestItem[] {
  const items: BatchRequestItem[] = query.principals.map((ref, i) => ({
    id: `p${i}`,
    method: 'GET',
    url: toPrincipalUrl(ref),
  }));
  if (query.deployerAppId)
    items.push({
      id: 'deployer',
      method: 'GET',
      url: `/servicePrincipals(appId=${toODataLiteral(query.deployerAppId)})?${toSelect(['id'])}`,
    });
  return items;
}

// Users are read by key (an object id or a user principal name both work); groups and service
// principals by id, appId or display name.
function toPrincipalUrl(ref: PrincipalRef): BatchRequestItem['url'] {
  const name = ref.name;
  if (ref.type === 'user') return `/users/${encodeURIComponent(name)}?${toSelect(USER_SELECT)}`;
  if (ref.type === 'group')
    return isGuid(name)
      ? `/groups?$filter=id%20eq%20${toODataLiteral(name.toLowerCase())}&${toSelect(PRINCIPAL_SELECT)}`
      : `/groups?${toEqualsFilter('displayName', name)}&${toSelect(PRINCIPAL_SELECT)}`;
  const select = toSelect([...PRINCIPAL_SELECT, 'appId']);
  if (isGuid(name)) {
    const id = toODataLiteral(name.toLowerCase());
    return `/servicePrincipals?$filter=appId%20eq%20${id}%20or%20id%20eq%20${id}&${select}`;
  }
  return `/servicePrincipals?${toEqualsFilter('displayName', name)}&${select}`;
}

/** Returns what each principal matched and the deployer's service principal id, from toPrincipalRequests' answers. */
export async function readPrincipalAnswers(
  graph: GraphClient,
  query: DirectoryQuery,
  answers: ReadonlyMap<string, BatchItemResult>,
): Promise<{ principals: PrincipalMatches[]; deployerId: string | null }> {
  const principals: PrincipalMatches[] = [];
  for (const [i, ref] of query.principals.entries()) {
    const item = answers.get(`p${i}`);
    principals.push({ ref, matches: item ? await readMatches(graph, item, ref.type) : [] });
  }
  const deployer = answers.get('deployer');
  const deployerId =
    deployer && deployer.status !== 404 ? String(readBody(deployer).id ?? '') || null : null;
  return { principals, deployerId };
}

async function readMatches(
  graph: GraphClient,
  item: BatchItemResult,
  type: PrincipalType,
): Promise<Principal[]> {
  if (item.status === 404) return [];
  const body = readBody(item);
  const rows = Array.isArray(body.value)
    ? await graph.readRemainingPages<Record<string, unknown>>(body)
    : [body];
  return rows.map((raw) => toPrincipal(raw, type));
}

/** The $batch items reading the owners of the application (batch 2) or its service principal (batch 3). */
export function toOwnersRequest(
  id: 'appOwners' | 'spOwners',
  objectPath: string,
): BatchRequestItem {
  return { id, method: 'GET', url: `${objectPath}/owners` };
}

/** The $batch item reading the assignments granted on the app's service principal. */
export function toAssignedToRequest(servicePrincipalId: string): BatchRequestItem {
  return {
    id: 'assignedTo',
    method: 'GET',
    url: `/servicePrincipals/${servicePrincipalId}/appRoleAssignedTo?${toSelect(ASSIGNED_TO_SELECT)}`,
  };
}

/** The owners in an owners answer (users, service principals; Graph says which by @odata.type). */
export async function readOwners(graph: GraphClient, item: BatchItemResult): Promise<Principal[]> {
  const rows = await graph.readRemainingPages<Record<string, unknown>>(readBody(item));
  return rows.map((raw) => toPrincipal(raw, toPrincipalType(raw['@odata.type'])));
}

/** The assignments in an appRoleAssignedTo answer. */
export async function readAssignedTo(
  graph: GraphClient,
  item: BatchItemResult,
): Promise<AppRoleAssignment[]> {
  const rows = await graph.readRemainingPages<Record<string, unknown>>(readBody(item));
  return rows.map(toAppRoleAssignment);
}

function toPrincipalType(odataType: unknown): PrincipalType {
  if (odataType === '#microsoft.graph.servicePrincipal') return 'servicePrincipal';
  if (odataType === '#microsoft.graph.group') return 'group';
  return 'user';
}

function toPrincipal(raw: Record<string, unknown>, type: PrincipalType): Principal {
  const name = raw.userPrincipalName ?? raw.displayName ?? raw.id;
  return { id: String(raw.id), type, displayName: String(name) };
}

function readBody(item: BatchItemResult): Body {
  if (item.error) throw item.error;
  return (item.body ?? {}) as Body;
}
