// ProfileSpec's owners and assignments + what the tenant answered for the principals they name →
// DesiredDirectory: every principal an object id, every role value an appRole id.
import {
  DEFAULT_ACCESS_ROLE_ID,
  type DesiredAssignment,
  type DesiredDirectory,
  type DirectoryQuery,
  type Principal,
  type PrincipalMatches,
  type PrincipalRef,
  formatPrincipal,
  toPrincipalKey,
} from '../model/directory.js';
import type { AppRole } from '../model/graph-types.js';
import type { ObservedState } from '../model/observed.js';
import { formatValue, type KeyPath } from './key-path.js';
import type { ProfileSpec } from './types.js';

/** What resolving owners and assignments needs from the tenant and the rest of the profile. */
export interface DirectoryLookups {
  principals: readonly PrincipalMatches[];
  deployerId: string | null;
  /** The roles the app's service principal publishes now. */
  appRoles: readonly AppRole[];
  /** Values of roles the profile defines that the app does not have yet (created by this run). */
  plannedRoles: readonly string[];
}

type Report = (path: KeyPath, message: string) => void;

/** Returns the lookups for resolveDirectory from what the tenant holds; undefined when nothing was read. */
export function toDirectoryLookups(
  spec: ProfileSpec,
  observed: Pick<ObservedState, 'directory' | 'servicePrincipal'>,
): DirectoryLookups | undefined {
  if (!observed.directory && !spec.assignments) return undefined;
  const appRoles = observed.servicePrincipal?.appRoles ?? [];
  const existing = new Set(appRoles.map((r) => r.value));
  return {
    principals: observed.directory?.principals ?? [],
    deployerId: observed.directory?.deployerId ?? null,
    appRoles,
    plannedRoles: listProfileRoles(spec).filter((value) => !existing.has(value)),
  };
}

/** Values of the app roles the profile itself defines (enabled ones: a disabled role takes no assignment). */
function listProfileRoles(spec: ProfileSpec): string[] {
  return (spec.appSettings?.appRoles ?? []).filter((r) => r.isEnabled).map((r) => r.value);
}

/** Returns what to read for the profile's owners and assignments; undefined when it names neither. */
export function toDirectoryQuery(
  spec: ProfileSpec,
  deployerAppId: string | null,
): DirectoryQuery | undefined {
  const owners = spec.owners ?? null;
  const assignments = spec.assignments ?? null;
  // Roles the profile defines are removed only after their assignments: read those too.
  const roles = (spec.appSettings?.appRoles ?? []).length > 0;
  const settings = Object.keys(spec.servicePrincipal ?? {}).length > 0;
  if (!owners && !assignments && !roles && !settings) return undefined;
  const refs = new Map<string, PrincipalRef>();
  for (const ref of [...(owners ?? []), ...(assignments ?? []).map((a) => a.principal)])
    refs.set(toPrincipalKey(ref), ref);
  return {
    principals: [...refs.values()],
    deployerAppId: owners ? deployerAppId : null,
    owners: owners !== null,
    assignments: assignments !== null || roles,
  };
}

/**
 * Returns the desired owners, service principal settings and assignments (undefined when the profile
 * sets none of them); reports unknown or ambiguous names.
 */
export function resolveDirectory(
  spec: ProfileSpec,
  lookups: DirectoryLookups | undefined,
  report: Report,
): DesiredDirectory | undefined {
  const settings = spec.servicePrincipal ?? {};
  if (!spec.owners && !spec.assignments && Object.keys(settings).length === 0) return undefined;
  const found = new Map((lookups?.principals ?? []).map((p) => [toPrincipalKey(p.ref), p.matches]));
  const resolve = (ref: PrincipalRef, path: KeyPath): Principal | null => {
    const matches = found.get(toPrincipalKey(ref)) ?? [];
    const [only] = matches;
    if (only && matches.length === 1) return only;
    report(path, describeMiss(ref, matches));
    return null;
  };
  const owners = spec.owners
    ? spec.owners.flatMap((ref, i) => resolve(ref, ['owners', i]) ?? [])
    : null;
  const assignments = spec.assignments
    ? spec.assignments.flatMap((entry, i): DesiredAssignment[] => {
        const principal = resolve(entry.principal, ['assignments', i, entry.principal.type]);
        const role = resolveRole(entry.role, lookups, (message) =>
          report(['assignments', i, entry.role === null ? entry.principal.type : 'role'], message),
        );
        return principal && role ? [{ principal, ...role }] : [];
      })
    : null;
  return {
    owners: owners && uniqueById(owners),
    servicePrincipal: settings,
    assignments,
    deployerId: lookups?.deployerId ?? null,
  };
}

function describeMiss(ref: PrincipalRef, matches: readonly Principal[]): string {
  const what = formatPrincipal({ type: ref.type, displayName: ref.name });
  if (matches.length === 0) return `${what} is not in the tenant; expected ${EXPECTED[ref.type]}.`;
  return `${formatValue(ref.name)} names ${matches.length} ${ref.type === 'group' ? 'groups' : 'service principals'} (object IDs ${matches.map((m) => m.id).join(', ')}); expected the object ID of the one meant.`;
}

const EXPECTED: Record<PrincipalRef['type'], string> = {
  user: 'the user principal name or object ID of a user in the tenant, e.g. alice@contoso.com',
  group: 'the display name or object ID of a group in the tenant',
  servicePrincipal: 'the display name, appId or object ID of a service principal in the tenant',
};

// https://learn.microsoft.com/graph/api/serviceprincipal-post-approleassignedto: an app without
// roles is assigned with the default access role's all-zero id.
function resolveRole(
  role: string | null,
  lookups: DirectoryLookups | undefined,
  report: (message: string) => void,
): Pick<DesiredAssignment, 'role' | 'appRoleId'> | null {
  const roles = lookups?.appRoles ?? [];
  const values = [...roles.map((r) => r.value ?? ''), ...(lookups?.plannedRoles ?? [])].filter(
    Boolean,
  );
  if (role === null) {
    if (values.length === 0) return { role: null, appRoleId: DEFAULT_ACCESS_ROLE_ID };
    report(
      `the app defines roles, so an assignment names one; expected role: one of ${values.join(', ')}.`,
    );
    return null;
  }
  const existing = roles.find((r) => r.value === role);
  if (existing) return { role, appRoleId: existing.id };
  if (lookups?.plannedRoles.includes(role)) return { role, appRoleId: null };
  report(
    `${formatValue(role)} is not a role of the app; expected ${values.length ? `one of ${values.join(', ')}` : 'a role the profile defines in appRoles, or no role (default access)'}.`,
  );
  return null;
}

function uniqueById(principals: Principal[]): Principal[] {
  return [...new Map(principals.map((p) => [p.id, p])).values()];
}
