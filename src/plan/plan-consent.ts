// Admin consent: app role assignments for application permissions, one AllPrincipals
// oauth2PermissionGrant per resource for delegated permissions.
import type { DesiredState, ResolvedPermission } from '../model/desired.js';
import type {
  AppRoleAssignment,
  OAuth2PermissionGrant,
  ResourceServicePrincipal,
} from '../model/graph-types.js';
import type { ObservedState } from '../model/observed.js';
import type { Change } from './changes.js';
import { sameMembers, splitScope, unionInOrder } from './string-sets.js';

/** grantAppRole/revokeAppRole, then create/update/deleteDelegatedGrant changes, so consent matches the profile. */
export function planConsent(desired: DesiredState, observed: ObservedState): Change[] {
  const principalId = observed.servicePrincipal?.id ?? null;
  const assignments = principalId
    ? observed.appRoleAssignments.filter((a) => a.principalId === principalId)
    : [];
  const grants = principalId
    ? observed.delegatedGrants.filter(
        (g) => g.clientId === principalId && g.consentType === 'AllPrincipals',
      )
    : [];
  return [
    ...planAppRoles(desired, assignments, observed.resources),
    ...planDelegatedGrants(desired, grants, observed.resources),
  ];
}

function planAppRoles(
  desired: DesiredState,
  assignments: AppRoleAssignment[],
  resources: ResourceServicePrincipal[],
): Change[] {
  const wanted = uniquePermissions(desired.permissions.filter((p) => p.kind === 'application'));
  const isWanted = (a: AppRoleAssignment): boolean =>
    wanted.some(
      (p) => resourceOf(p.resourceAppId, resources)?.id === a.resourceId && p.id === a.appRoleId,
    );
  const grants = wanted
    .filter(
      (p) =>
        !assignments.some(
          (a) =>
            a.resourceId === resourceOf(p.resourceAppId, resources)?.id && a.appRoleId === p.id,
        ),
    )
    .map((permission): Change => ({ kind: 'grantAppRole', permission }));
  const revokes = desired.prune
    ? assignments.filter((a) => !isWanted(a)).map((a) => revokeAppRole(a, resources))
    : [];
  return [...grants, ...revokes];
}

function revokeAppRole(
  assignment: AppRoleAssignment,
  resources: ResourceServicePrincipal[],
): Change {
  const resource = resources.find((r) => r.id === assignment.resourceId) ?? null;
  const role = resource?.appRoles.find((r) => r.id === assignment.appRoleId);
  const resourceDisplayName = resource?.displayName ?? assignment.resourceDisplayName ?? null;
  const permission: ResolvedPermission | null =
    resource && role?.value
      ? {
          resourceAppId: resource.appId,
          resourceDisplayName: resource.displayName,
          kind: 'application',
          value: role.value,
          id: role.id,
        }
      : null;
  return {
    kind: 'revokeAppRole',
    assignmentId: assignment.id,
    permission,
    appRoleId: assignment.appRoleId,
    resourceId: assignment.resourceId,
    resourceAppId: resource?.appId ?? null,
    resourceDisplayName,
  };
}

function planDelegatedGrants(
  desired: DesiredState,
  grants: OAuth2PermissionGrant[],
  resources: ResourceServicePrincipal[],
): Change[] {
  const byResource = new Map<string, ResolvedPermission[]>();
  for (const p of desired.permissions.filter((p) => p.kind === 'delegated')) {
    byResource.set(p.resourceAppId, [...(byResource.get(p.resourceAppId) ?? []), p]);
  }
  const matched = new Set<string>();
  const changes: Change[] = [];
  for (const [resourceAppId, permissions] of byResource) {
    const resourceId = resourceOf(resourceAppId, resources)?.id;
    const grant = grants.find((g) => g.resourceId === resourceId);
    if (grant) matched.add(grant.id);
    const change = delegatedGrantChange(permissions, grant, desired.prune);
    if (change) changes.push(change);
  }
  if (!desired.prune) return changes;
  const unwanted = grants.filter((g) => !matched.has(g.id));
  return [...changes, ...unwanted.map((g) => deleteDelegatedGrant(g, resources))];
}

/** The change that makes one resource's grant hold the desired scopes (a union with the current ones without prune). */
function delegatedGrantChange(
  permissions: ResolvedPermission[],
  grant: OAuth2PermissionGrant | undefined,
  prune: boolean,
): Change | null {
  const [first] = permissions;
  if (!first) return null;
  const { resourceAppId, resourceDisplayName } = first;
  const scopes = unionInOrder(
    permissions.map((p) => p.value),
    [],
  );
  if (!grant) return { kind: 'createDelegatedGrant', resourceAppId, resourceDisplayName, scopes };
  const from = splitScope(grant.scope);
  const to = prune ? scopes : unionInOrder(scopes, from);
  if (sameMembers(from, to)) return null;
  return {
    kind: 'updateDelegatedGrant',
    grantId: grant.id,
    resourceAppId,
    resourceDisplayName,
    from,
    to,
  };
}

function deleteDelegatedGrant(
  grant: OAuth2PermissionGrant,
  resources: ResourceServicePrincipal[],
): Change {
  const resource = resources.find((r) => r.id === grant.resourceId);
  return {
    kind: 'deleteDelegatedGrant',
    grantId: grant.id,
    resourceId: grant.resourceId,
    resourceAppId: resource?.appId ?? null,
    resourceDisplayName: resource?.displayName ?? null,
    scopes: splitScope(grant.scope),
  };
}

function resourceOf(
  appId: string,
  resources: ResourceServicePrincipal[],
): ResourceServicePrincipal | undefined {
  return resources.find((r) => r.appId === appId);
}

function uniquePermissions(permissions: ResolvedPermission[]): ResolvedPermission[] {
  return permissions.filter(
    (p, i) =>
      permissions.findIndex((q) => q.resourceAppId === p.resourceAppId && q.id === p.id) === i,
  );
}
