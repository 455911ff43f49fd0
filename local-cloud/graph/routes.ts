// The Graph fake's URL space: parsing a request path into a route pattern plus keys, and the table
// of operations per pattern and method.
import {
  createAssignment,
  deleteAssignment,
  getAssignment,
  listAssignments,
} from './app-role-assignments.js';
import {
  countApplications,
  createApplication,
  deleteApplication,
  getApplication,
  listApplications,
  updateApplication,
} from './applications.js';
import { addPassword, removePassword } from './credentials.js';
import { getGroup, getUser, listGroups, listUsers } from './directory-objects.js';
import { GraphFailure } from './errors.js';
import {
  createFederatedCredential,
  deleteFederatedCredential,
  getFederatedCredential,
  listFederatedCredentials,
  updateFederatedCredential,
} from './federated-credentials.js';
import { findApplication, findServicePrincipal, keyAt } from './lookup.js';
import type { Key, Operation, OperationContext } from './operation.js';
import { addOwner, listOwners, removeOwner } from './owners.js';
import {
  createGrant,
  deleteGrant,
  getGrant,
  listClientGrants,
  listGrants,
  updateGrant,
} from './permission-grants.js';
import {
  countServicePrincipals,
  createServicePrincipal,
  deleteServicePrincipal,
  getServicePrincipal,
  listServicePrincipals,
  updateServicePrincipal,
} from './service-principals.js';
import { assertCanWriteOwned } from './authorization.js';

/** A request path as a route pattern ("applications/{}/owners") and the keys in it. */
export interface ParsedPath {
  pattern: string;
  keys: Key[];
  lastSegment: string;
}

// Collections whose next plain segment is an object id.
const KEYED = new Set([
  'applications',
  'servicePrincipals',
  'oauth2PermissionGrants',
  'federatedIdentityCredentials',
  'owners',
  'appRoleAssignedTo',
  'appRoleAssignments',
  'directoryObjects',
  'users',
  'groups',
]);
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Parses "/applications(appId='…')/owners/{id}/$ref" into pattern and keys (path relative to /v1.0). */
export function parsePath(path: string): ParsedPath {
  const tokens: string[] = [];
  const keys: Key[] = [];
  let previous = '';
  const segments = splitSegments(path.replace(/%27/gi, "'"));
  for (const raw of segments) {
    const segment = decodeURIComponent(raw);
    const match = /^([^(]+)(?:\((.*)\))?$/s.exec(segment);
    const name = match?.[1] ?? segment;
    if (KEYED.has(previous) && !name.startsWith('$') && !match?.[2]) {
      keys.push(toKey('id', segment));
      tokens.push('{}');
    } else {
      tokens.push(name);
      if (match?.[2] !== undefined) {
        keys.push(parseKey(match[2]));
        tokens.push('{}');
      }
    }
    previous = tokens[tokens.length - 1] === '{}' ? '' : name;
  }
  return { pattern: tokens.join('/'), keys, lastSegment: segments[segments.length - 1] ?? '' };
}

function splitSegments(path: string): string[] {
  const segments: string[] = [];
  let current = '';
  let quoted = false;
  for (const char of path) {
    if (char === "'") quoted = !quoted;
    if (char === '/' && !quoted) {
      if (current) segments.push(current);
      current = '';
    } else current += char;
  }
  if (current) segments.push(current);
  return segments;
}

function parseKey(inner: string): Key {
  const quoted = /^(?:(\w+)=)?'((?:[^']|'')*)'$/s.exec(inner);
  if (quoted) return toKey(quoted[1] ?? 'id', quoted[2].replace(/''/g, "'"));
  const bare = /^(?:(\w+)=)?(.*)$/s.exec(inner);
  return toKey(bare?.[1] ?? 'id', bare?.[2] ?? inner);
}

function toKey(property: string, value: string): Key {
  // Object ids and appIds are GUIDs, matched case-insensitively by the directory.
  return { property, value: GUID.test(value) ? value.toLowerCase() : value };
}

const applicationCredential =
  (action: typeof addPassword): Operation =>
  (ctx) => {
    const app = findApplication(ctx, keyAt(ctx, 0));
    assertCanWriteOwned(ctx, app);
    return action(ctx, app);
  };

const servicePrincipalCredential =
  (action: typeof addPassword): Operation =>
  (ctx) => {
    const sp = findServicePrincipal(ctx, keyAt(ctx, 0));
    assertCanWriteOwned(ctx, sp);
    return action(ctx, sp);
  };

const ROUTES: Record<string, Partial<Record<string, Operation>>> = {
  applications: { GET: listApplications, POST: createApplication },
  'applications/$count': { GET: countApplications },
  'applications/{}': { GET: getApplication, PATCH: updateApplication, DELETE: deleteApplication },
  'applications/{}/addPassword': { POST: applicationCredential(addPassword) },
  'applications/{}/removePassword': { POST: applicationCredential(removePassword) },
  'applications/{}/federatedIdentityCredentials': {
    GET: listFederatedCredentials,
    POST: createFederatedCredential,
  },
  'applications/{}/federatedIdentityCredentials/{}': {
    GET: getFederatedCredential,
    PATCH: updateFederatedCredential,
    DELETE: deleteFederatedCredential,
  },
  'applications/{}/owners': { GET: listOwners('applications') },
  'applications/{}/owners/$ref': { POST: addOwner('applications') },
  'applications/{}/owners/{}/$ref': { DELETE: removeOwner('applications') },
  servicePrincipals: { GET: listServicePrincipals, POST: createServicePrincipal },
  'servicePrincipals/$count': { GET: countServicePrincipals },
  'servicePrincipals/{}': {
    GET: getServicePrincipal,
    PATCH: updateServicePrincipal,
    DELETE: deleteServicePrincipal,
  },
  'servicePrincipals/{}/addPassword': { POST: servicePrincipalCredential(addPassword) },
  'servicePrincipals/{}/removePassword': { POST: servicePrincipalCredential(removePassword) },
  'servicePrincipals/{}/owners': { GET: listOwners('servicePrincipals') },
  'servicePrincipals/{}/owners/$ref': { POST: addOwner('servicePrincipals') },
  'servicePrincipals/{}/owners/{}/$ref': { DELETE: removeOwner('servicePrincipals') },
  'servicePrincipals/{}/appRoleAssignedTo': {
    GET: listAssignments('appRoleAssignedTo'),
    POST: createAssignment('appRoleAssignedTo'),
  },
  'servicePrincipals/{}/appRoleAssignedTo/{}': {
    GET: getAssignment('appRoleAssignedTo'),
    DELETE: deleteAssignment('appRoleAssignedTo'),
  },
  'servicePrincipals/{}/appRoleAssignments': {
    GET: listAssignments('appRoleAssignments'),
    POST: createAssignment('appRoleAssignments'),
  },
  'servicePrincipals/{}/appRoleAssignments/{}': {
    GET: getAssignment('appRoleAssignments'),
    DELETE: deleteAssignment('appRoleAssignments'),
  },
  'servicePrincipals/{}/oauth2PermissionGrants': { GET: listClientGrants },
  oauth2PermissionGrants: { GET: listGrants, POST: createGrant },
  'oauth2PermissionGrants/{}': { GET: getGrant, PATCH: updateGrant, DELETE: deleteGrant },
  users: { GET: listUsers },
  'users/{}': { GET: getUser },
  groups: { GET: listGroups },
  'groups/{}': { GET: getGroup },
};

/** The operation for `method` on `parsed`; throws Graph's 400 for an unknown segment and 405 for a wrong method. */
export function findOperation(method: string, parsed: ParsedPath): Operation {
  const operations = ROUTES[parsed.pattern];
  if (!operations)
    throw new GraphFailure(
      400,
      'BadRequest',
      `Resource not found for the segment '${parsed.lastSegment}'.`,
    );
  const operation = operations[method];
  if (!operation)
    throw new GraphFailure(
      405,
      'Request_BadRequest',
      'Specified HTTP method is not allowed for the request target.',
    );
  return operation;
}

/** Runs the operation of a parsed request. */
export function runOperation(ctx: OperationContext, parsed: ParsedPath): ReturnType<Operation> {
  return findOperation(ctx.method, parsed)(ctx);
}
