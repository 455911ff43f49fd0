// The action's built-in table of the permissions Microsoft's first-party APIs publish, so a run
// turns names into ids without downloading a resource's appRoles and oauth2PermissionScopes
// (about 780 KB for Microsoft Graph). The tenant stays the authority: a name the table lacks, a
// resource it does not cover, or a write Graph refuses sends the run to the tenant's own list.
import type { AppRole, PermissionScope } from './graph-types.js';
import { BUILT_IN_PERMISSION_TABLE } from './first-party-permissions.generated.js';

/** One resource of the generated table: its permissions as lines "<id> <value> <consent> <level>". */
export interface BuiltInResourceTable {
  appId: string;
  displayName: string;
  application: string;
  delegated: string;
}

/** One permission of the table. */
export interface BuiltInPermission {
  id: string;
  value: string;
  kind: 'application' | 'delegated';
  /** null when no public source says. */
  adminConsentRequired: boolean | null;
  level: 'normal' | 'elevated' | 'high';
}

/** The permissions of one first-party resource, as the table holds them. */
export interface BuiltInResource {
  appId: string;
  displayName: string;
  permissions: BuiltInPermission[];
}

const LEVELS = { n: 'normal', e: 'elevated', h: 'high' } as const;
const parsed = new Map<string, BuiltInResource>();

/** Returns the table's entry for a resource appId, or undefined when the table does not cover it. */
export function findBuiltInResource(appId: string): BuiltInResource | undefined {
  const key = appId.toLowerCase();
  const cached = parsed.get(key);
  if (cached) return cached;
  const row = BUILT_IN_PERMISSION_TABLE.find((r) => r.appId === key);
  if (!row) return undefined;
  const resource = {
    appId: row.appId,
    displayName: row.displayName,
    permissions: [
      ...parseLines(row.application, 'application'),
      ...parseLines(row.delegated, 'delegated'),
    ],
  };
  parsed.set(key, resource);
  return resource;
}

function parseLines(text: string, kind: BuiltInPermission['kind']): BuiltInPermission[] {
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [id = '', value = '', consent, level = 'e'] = line.split(' ');
      return {
        id,
        value,
        kind,
        adminConsentRequired: consent === 'A' ? true : consent === 'U' ? false : null,
        level: LEVELS[level as keyof typeof LEVELS] ?? 'elevated',
      };
    });
}

/** The resource's app roles and scopes in Graph's shapes, from the table. */
export function toPublishedPermissions(resource: BuiltInResource): {
  appRoles: AppRole[];
  oauth2PermissionScopes: PermissionScope[];
} {
  const of = (kind: BuiltInPermission['kind']) =>
    resource.permissions.filter((p) => p.kind === kind);
  return {
    appRoles: of('application').map(({ id, value }) => ({
      id,
      value,
      displayName: null,
      allowedMemberTypes: ['Application'],
      isEnabled: true,
    })),
    oauth2PermissionScopes: of('delegated').map(({ id, value, adminConsentRequired }) => ({
      id,
      value,
      adminConsentDisplayName: null,
      type: adminConsentRequired === false ? 'User' : 'Admin',
      isEnabled: true,
    })),
  };
}
