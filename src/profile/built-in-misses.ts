// When the built-in permission table is not enough: the resources whose appRoles and scopes must
// be read from the tenant after all, and why (the run logs it). Without this a renamed or retired
// permission would be resolved, or shown, from stale data instead of costing one more read.
import type { ResourceServicePrincipal } from '../model/graph-types.js';
import type { ObservedState } from '../model/observed.js';
import { findPermission } from './permission-lookup.js';
import type { ProfileSpec } from './types.js';

/** A resource whose permissions came from the built-in table, and why the tenant's are needed. */
export interface BuiltInMiss {
  resource: ResourceServicePrincipal;
  reasons: string[];
}

/** What the check looks at besides the profile. */
export interface BuiltInMissInput {
  /** Resource service principals by the profile's resource key (from readObservedState). */
  resourcesByKey: ReadonlyMap<string, ResourceServicePrincipal>;
  observed: Pick<ObservedState, 'application' | 'appRoleAssignments' | 'resources'>;
  /** Resources (by appId) Graph refused a table id for, with the refusal. */
  refused?: ReadonlyMap<string, string>;
}

/** Returns the table-backed resources the run must read from the tenant, each with its reasons. */
export function findBuiltInMisses(spec: ProfileSpec, input: BuiltInMissInput): BuiltInMiss[] {
  const misses = new Map<string, BuiltInMiss>();
  const add = (resource: ResourceServicePrincipal, reason: string): void => {
    const miss = misses.get(resource.id) ?? { resource, reasons: [] };
    if (!miss.reasons.includes(reason)) miss.reasons.push(reason);
    misses.set(resource.id, miss);
  };
  for (const entry of spec.permissions) {
    const resource = input.resourcesByKey.get(entry.resource);
    if (resource?.permissionsFrom !== 'built-in table') continue;
    for (const kind of ['application', 'delegated'] as const)
      for (const name of entry[kind])
        if (!findPermission(resource, kind, name)) add(resource, `${name} (${kind}) is not in it`);
  }
  const tableBacked = input.observed.resources.filter(
    (r) => r.permissionsFrom === 'built-in table',
  );
  for (const resource of tableBacked) {
    const roleIds = new Set(resource.appRoles.map((r) => r.id));
    const scopeIds = new Set(resource.oauth2PermissionScopes.map((s) => s.id));
    for (const a of input.observed.appRoleAssignments)
      if (a.resourceId === resource.id && !roleIds.has(a.appRoleId))
        add(resource, `the app holds consent for app role ${a.appRoleId}, which it lacks`);
    const access = input.observed.application?.requiredResourceAccess ?? [];
    for (const r of access.filter((x) => x.resourceAppId === resource.appId))
      for (const { id, type } of r.resourceAccess)
        if (!(type === 'Role' ? roleIds : scopeIds).has(id))
          add(
            resource,
            `the app requests ${type === 'Role' ? 'app role' : 'scope'} ${id}, which it lacks`,
          );
    const refusal = input.refused?.get(resource.appId);
    if (refusal) add(resource, refusal);
  }
  return [...misses.values()];
}
