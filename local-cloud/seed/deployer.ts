// The identity the action signs in as: an app registration with a federated credential that trusts
// one GitHub workflow, its service principal, and Microsoft Graph app roles granted to it.
import { randomUUID } from 'node:crypto';
import type { StoredApplication, StoredServicePrincipal, Tenant } from '../tenant.js';
import { newApplication } from '../graph/application-resource.js';

/** Microsoft Graph's application id. */
const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';

/** Graph roles of the seeded administrator app, which runs the bootstrap: it creates apps and grants any role. */
export const ADMINISTRATOR_ROLES = [
  'Application.ReadWrite.All',
  'AppRoleAssignment.ReadWrite.All',
  'DelegatedPermissionGrant.ReadWrite.All',
];

/** The least-privilege Graph roles the action documents for its deployer. */
export const LEAST_PRIVILEGE_ROLES = [
  'Application.ReadWrite.OwnedBy',
  'Application.Read.All',
  'AppRoleAssignment.ReadWrite.All',
  'DelegatedPermissionGrant.ReadWrite.All',
];

/** How to seed the deployer. */
export interface DeployerOptions {
  /** iss of the trusted OIDC tokens (the local issuer's URL). */
  issuer: string;
  /** Default repo:octo-org/octo-repo:ref:refs/heads/main; null seeds no federated credential. */
  subject?: string | null;
  /** A client secret to add (an administrator app signs in with it, not with GitHub's token). */
  clientSecret?: string;
  /** Default api://AzureADTokenExchange. */
  audience?: string;
  /** Graph app role values granted to the deployer; default LEAST_PRIVILEGE_ROLES. */
  roles?: string[];
  displayName?: string;
}

/** The seeded deployer's ids. */
export interface SeededDeployer {
  clientId: string;
  applicationObjectId: string;
  servicePrincipalId: string;
}

/** Adds the deployer app, service principal, federated credential and Graph role assignments; Graph's SP must exist. */
export function seedDeployer(tenant: Tenant, options: DeployerOptions): SeededDeployer {
  const graph = tenant.servicePrincipalByAppId(GRAPH_APP_ID);
  if (!graph) throw new Error('Seed the Microsoft Graph service principal before the deployer.');
  const roleValues = options.roles ?? LEAST_PRIVILEGE_ROLES;
  const roles = roleValues.map((value) => {
    const role = graph.appRoles.find((r) => r.value === value);
    if (!role) throw new Error(`Microsoft Graph has no app role '${value}'.`);
    return role;
  });
  // Seeded objects are dated at the epoch so no replication delay ever hides them.
  const app: StoredApplication = {
    ...newApplication(0),
    displayName: options.displayName ?? 'register-entra-app deployer',
    signInAudience: 'AzureADMyOrg',
  };
  app.requiredResourceAccess = roles.length
    ? [
        {
          resourceAppId: GRAPH_APP_ID,
          resourceAccess: roles.map((r) => ({ id: r.id, type: 'Role' as const })),
        },
      ]
    : [];
  if (options.subject !== null)
    app.federatedIdentityCredentials.push({
      id: randomUUID(),
      name: 'github-octo-repo-main',
      issuer: options.issuer,
      subject: options.subject ?? 'repo:octo-org/octo-repo:ref:refs/heads/main',
      audiences: [options.audience ?? 'api://AzureADTokenExchange'],
      description: 'GitHub Actions on the main branch',
      _createdAt: 0,
    });
  if (options.clientSecret)
    app.passwordCredentials.push({
      keyId: randomUUID(),
      displayName: 'administrator',
      startDateTime: new Date(0).toISOString(),
      endDateTime: '2299-12-31T00:00:00Z',
      hint: options.clientSecret.slice(0, 3),
      customKeyIdentifier: null,
      secretText: null,
      _secret: options.clientSecret,
      _createdAt: 0,
    });
  tenant.applications.set(app.id, app);
  const sp = newServicePrincipal(app, tenant.tenantId);
  tenant.servicePrincipals.set(sp.id, sp);
  for (const role of roles) {
    const id = randomUUID();
    tenant.appRoleAssignments.set(id, {
      id,
      appRoleId: role.id,
      principalId: sp.id,
      principalDisplayName: sp.displayName,
      principalType: 'ServicePrincipal',
      resourceId: graph.id,
      resourceDisplayName: graph.displayName,
      createdDateTime: new Date(0).toISOString(),
      deletedDateTime: null,
      _createdAt: 0,
    });
  }
  return { clientId: app.appId, applicationObjectId: app.id, servicePrincipalId: sp.id };
}

/** A service principal for `app`, as Graph creates it, not stored. */
export function newServicePrincipal(
  app: StoredApplication,
  tenantId: string,
): StoredServicePrincipal {
  return {
    id: randomUUID(),
    appId: app.appId,
    displayName: app.displayName,
    appDisplayName: app.displayName,
    servicePrincipalType: 'Application',
    appOwnerOrganizationId: tenantId,
    tags: [],
    accountEnabled: true,
    appRoles: [],
    oauth2PermissionScopes: [],
    servicePrincipalNames: [app.appId],
    passwordCredentials: [],
    keyCredentials: [],
    owners: [],
    _createdAt: 0,
  };
}
