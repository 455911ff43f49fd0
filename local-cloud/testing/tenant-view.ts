// What the local cloud's tenant holds for one app, in comparable form (sorted sets keyed by
// resource appId and permission id), and edits a test makes "by hand" as an administrator would.
import { randomUUID } from 'node:crypto';
import type { LocalCloud } from '../index.js';
import { createFirstPartyServicePrincipal } from '../seed/resources.js';
import { FIRST_PARTY_DEFINITIONS } from '../seed/first-party-permissions.js';
import type { StoredApplication, StoredServicePrincipal } from '../tenant.js';
import { newApplication } from '../graph/application-resource.js';

/** An app's registration and consent as sets: `resourceAppId Role|Scope id` and `resourceAppId appRoleId`. */
export interface AppView {
  app: StoredApplication;
  servicePrincipal: StoredServicePrincipal | undefined;
  /** requiredResourceAccess as sorted "resourceAppId Role|Scope id" keys. */
  requiredResourceAccess: string[];
  /** App role assignments held by the app's service principal as sorted "resourceAppId appRoleId" keys. */
  assignments: string[];
  /** The app's delegated grants: consent type, resource appId and the scopes sorted. */
  grants: Array<{ consentType: string; resourceAppId: string; scopes: string[] }>;
}

/** Returns the view of the app with this uniqueName; throws when there is none. */
export function viewApp(cloud: LocalCloud, uniqueName: string): AppView {
  const { tenant } = cloud;
  const app = tenant.applicationByUniqueName(uniqueName);
  if (!app) throw new Error(`The tenant has no application with uniqueName '${uniqueName}'.`);
  const servicePrincipal = tenant.servicePrincipalByAppId(app.appId);
  const appIdOf = (resourceId: string): string =>
    tenant.servicePrincipals.get(resourceId)?.appId ?? `missing:${resourceId}`;
  const assignments = [...tenant.appRoleAssignments.values()]
    .filter((a) => a.principalId === servicePrincipal?.id)
    .map((a) => `${appIdOf(a.resourceId)} ${a.appRoleId}`);
  const grants = [...tenant.permissionGrants.values()]
    .filter((g) => g.clientId === servicePrincipal?.id)
    .map((g) => ({
      consentType: g.consentType,
      resourceAppId: appIdOf(g.resourceId),
      scopes: g.scope.split(/\s+/).filter(Boolean).sort(),
    }));
  return {
    app,
    servicePrincipal,
    requiredResourceAccess: app.requiredResourceAccess
      .flatMap((r) => r.resourceAccess.map((a) => `${r.resourceAppId} ${a.type} ${a.id}`))
      .sort(),
    assignments: assignments.sort(),
    grants,
  };
}

/** The id of a first-party permission as the seed publishes it (so hand edits use Graph's real ids). */
export function firstPartyPermissionId(
  resourceAppId: string,
  kind: 'Role' | 'Scope',
  value: string,
): string {
  const definition = FIRST_PARTY_DEFINITIONS.find((d) => d.appId === resourceAppId);
  const rows = kind === 'Role' ? definition?.appRoles : definition?.scopes;
  const row = rows?.find((r) => r[1] === value);
  if (!row) throw new Error(`No ${kind} ${value} on ${resourceAppId}.`);
  return row[0];
}

/**
 * Removes every application but the deployer's, with its service principal, assignments and grants,
 * and puts back any first-party service principal a test deleted: a fresh tenant for the next test.
 */
export function resetTenant(cloud: LocalCloud): void {
  const { tenant } = cloud;
  for (const app of [...tenant.applications.values()]) {
    if (app.id === cloud.deployer.applicationObjectId) continue;
    tenant.applications.delete(app.id);
    const sp = tenant.servicePrincipalByAppId(app.appId);
    if (sp) tenant.servicePrincipals.delete(sp.id);
  }
  for (const definition of FIRST_PARTY_DEFINITIONS)
    createFirstPartyServicePrincipal(tenant, definition.appId);
  for (const [id, a] of [...tenant.appRoleAssignments]) {
    if (!tenant.servicePrincipals.has(a.principalId) || !tenant.servicePrincipals.has(a.resourceId))
      tenant.appRoleAssignments.delete(id);
  }
  for (const [id, g] of [...tenant.permissionGrants]) {
    if (!tenant.servicePrincipals.has(g.clientId) || !tenant.servicePrincipals.has(g.resourceId))
      tenant.permissionGrants.delete(id);
  }
}

/** Adds an application as someone did in the portal (no managed tag), owned by the deployer so it could be adopted. */
export function addHandMadeApplication(
  cloud: LocalCloud,
  fields: { displayName: string; uniqueName?: string | null; tags?: string[] },
): StoredApplication {
  // Dated at the epoch so that no replication delay hides it.
  const app: StoredApplication = {
    ...newApplication(0),
    uniqueName: fields.uniqueName ?? null,
    displayName: fields.displayName,
    signInAudience: 'AzureADMyOrg',
    tags: fields.tags ?? [],
    owners: [cloud.deployer.servicePrincipalId],
  };
  cloud.tenant.applications.set(app.id, app);
  return app;
}

/** Grants an app role to the app's service principal by hand (as an admin clicking "Grant admin consent" for an extra permission). */
export function grantAppRoleByHand(
  cloud: LocalCloud,
  uniqueName: string,
  resourceAppId: string,
  appRoleId: string,
): void {
  const { servicePrincipal } = viewApp(cloud, uniqueName);
  const resource = cloud.tenant.servicePrincipalByAppId(resourceAppId);
  if (!servicePrincipal || !resource)
    throw new Error('Both service principals must exist to grant an app role.');
  const id = randomUUID();
  cloud.tenant.appRoleAssignments.set(id, {
    id,
    appRoleId,
    principalId: servicePrincipal.id,
    principalDisplayName: servicePrincipal.displayName,
    principalType: 'ServicePrincipal',
    resourceId: resource.id,
    resourceDisplayName: resource.displayName,
    createdDateTime: new Date(0).toISOString(),
    deletedDateTime: null,
    _createdAt: 0,
  });
}

/** Deletes the app's assignment of this app role (consent revoked by hand); throws when it has none. */
export function revokeAppRoleByHand(
  cloud: LocalCloud,
  uniqueName: string,
  resourceAppId: string,
  appRoleId: string,
): void {
  const { servicePrincipal } = viewApp(cloud, uniqueName);
  const resource = cloud.tenant.servicePrincipalByAppId(resourceAppId);
  const entry = [...cloud.tenant.appRoleAssignments.values()].find(
    (a) =>
      a.principalId === servicePrincipal?.id &&
      a.resourceId === resource?.id &&
      a.appRoleId === appRoleId,
  );
  if (!entry) throw new Error(`No assignment of ${appRoleId} to revoke.`);
  cloud.tenant.appRoleAssignments.delete(entry.id);
}
