// The local cloud's directory: the in-memory state behind its Graph and Entra token endpoints.
// Objects are stored as Graph returns them (Graph property names), plus a few private fields
// prefixed with "_" that Graph never returns (secret values, certificate material, timestamps).
import { randomUUID } from 'node:crypto';

export interface StoredPasswordCredential {
  keyId: string;
  displayName: string | null;
  startDateTime: string;
  endDateTime: string;
  hint: string;
  customKeyIdentifier: null;
  secretText: null;
  /** The secret value, kept so the token endpoint can check client_secret. Never returned by Graph. */
  _secret: string;
  /** ms epoch of creation, for the replication delay. */
  _createdAt?: number;
}

export interface StoredKeyCredential {
  keyId: string;
  displayName: string | null;
  type: 'AsymmetricX509Cert';
  usage: 'Verify';
  startDateTime: string;
  endDateTime: string;
  /** base64 SHA-1 thumbprint, as Graph returns it. */
  customKeyIdentifier: string;
  key: null;
  /** PEM of the certificate, for checking client assertions. Never returned by Graph (key is null on reads). */
  _certificatePem: string;
  /** ms epoch of creation, for the replication delay. */
  _createdAt?: number;
}

export interface StoredFederatedCredential {
  id: string;
  name: string;
  issuer: string;
  subject: string;
  audiences: string[];
  description: string | null;
  /** ms epoch of creation, for the replication delay. */
  _createdAt?: number;
}

/** A tenant's app management policy, as far as the local cloud enforces it. */
export interface AppManagementPolicy {
  /** id named in the policy errors */
  id?: string;
  /** longest allowed lifetime of a new password credential */
  maxPasswordLifetimeDays?: number;
  /** false blocks new password credentials (CredentialTypeNotAllowedAsPerAppPolicy) */
  passwordsAllowed?: boolean;
}

export interface StoredApplication {
  id: string;
  appId: string;
  uniqueName: string | null;
  displayName: string;
  description: string | null;
  notes: string | null;
  signInAudience: string;
  tags: string[];
  isFallbackPublicClient: boolean | null;
  identifierUris: string[];
  web: {
    redirectUris: string[];
    homePageUrl: string | null;
    logoutUrl: string | null;
    implicitGrantSettings: { enableAccessTokenIssuance: boolean; enableIdTokenIssuance: boolean };
  };
  publicClient: { redirectUris: string[] };
  spa: { redirectUris: string[] };
  requiredResourceAccess: Array<{
    resourceAppId: string;
    resourceAccess: Array<{ id: string; type: 'Role' | 'Scope' }>;
  }>;
  passwordCredentials: StoredPasswordCredential[];
  keyCredentials: StoredKeyCredential[];
  federatedIdentityCredentials: StoredFederatedCredential[];
  /** Object ids of owners (service principals or users). */
  owners: string[];
  createdDateTime: string;
  /** Graph's apiApplication and appRoles, when set. */
  api?: Record<string, unknown>;
  appRoles?: StoredServicePrincipal['appRoles'];
  /** Other declared properties set by a create or PATCH, returned as given. */
  _extra?: Record<string, unknown>;
  _createdAt: number;
}

export interface StoredServicePrincipal {
  id: string;
  appId: string;
  displayName: string;
  servicePrincipalType: 'Application';
  appOwnerOrganizationId: string;
  tags: string[];
  accountEnabled: boolean;
  appRoles: Array<{
    id: string;
    value: string;
    displayName: string;
    description: string;
    allowedMemberTypes: string[];
    isEnabled: boolean;
    origin: string;
  }>;
  oauth2PermissionScopes: Array<{
    id: string;
    value: string;
    adminConsentDisplayName: string;
    adminConsentDescription: string;
    userConsentDisplayName: string | null;
    userConsentDescription: string | null;
    type: 'Admin' | 'User';
    isEnabled: boolean;
    origin?: string;
  }>;
  servicePrincipalNames: string[];
  passwordCredentials: StoredPasswordCredential[];
  keyCredentials: StoredKeyCredential[];
  owners: string[];
  appDisplayName?: string | null;
  /** Other declared properties set by a create or PATCH, returned as given. */
  _extra?: Record<string, unknown>;
  _createdAt: number;
}

export interface StoredAppRoleAssignment {
  id: string;
  appRoleId: string;
  principalId: string;
  principalDisplayName: string;
  principalType: 'User' | 'Group' | 'ServicePrincipal';
  resourceId: string;
  resourceDisplayName: string;
  createdDateTime: string;
  deletedDateTime: null;
  _createdAt: number;
}

export interface StoredPermissionGrant {
  id: string;
  clientId: string;
  consentType: 'AllPrincipals' | 'Principal';
  principalId: string | null;
  resourceId: string;
  scope: string;
  _createdAt: number;
}

/** A user, with the properties Graph returns by default (plus the ones the fake needs). */
export interface StoredUser {
  id: string;
  displayName: string;
  userPrincipalName: string;
  mail: string | null;
  _createdAt: number;
}

/** A security or Microsoft 365 group (only what assignments need). */
export interface StoredGroup {
  id: string;
  displayName: string;
  description: string | null;
  mailEnabled: boolean;
  securityEnabled: boolean;
  _createdAt: number;
}

/** The whole directory of one tenant. Tests read and edit it directly (e.g. to age a credential). */
export class Tenant {
  readonly applications = new Map<string, StoredApplication>();
  readonly servicePrincipals = new Map<string, StoredServicePrincipal>();
  readonly appRoleAssignments = new Map<string, StoredAppRoleAssignment>();
  readonly permissionGrants = new Map<string, StoredPermissionGrant>();
  readonly users = new Map<string, StoredUser>();
  readonly groups = new Map<string, StoredGroup>();
  /** The app management policy Graph enforces on new credentials. */
  policy: AppManagementPolicy = {};

  constructor(
    readonly tenantId: string = randomUUID(),
    readonly domain = 'contoso.onmicrosoft.com',
  ) {}

  /** Adds a user (tests and seeds: users are not created through Graph here); returns it. */
  addUser(
    userPrincipalName: string,
    displayName = userPrincipalName.replace(/@.*$/, ''),
  ): StoredUser {
    const user = {
      id: randomUUID(),
      displayName,
      userPrincipalName,
      mail: userPrincipalName,
      _createdAt: 0,
    };
    this.users.set(user.id, user);
    return user;
  }

  /** Adds a security group; returns it. */
  addGroup(displayName: string): StoredGroup {
    const group = {
      id: randomUUID(),
      displayName,
      description: null,
      mailEnabled: false,
      securityEnabled: true,
      _createdAt: 0,
    };
    this.groups.set(group.id, group);
    return group;
  }

  /** The user with this object id or user principal name (case-insensitive). */
  userByKey(key: string): StoredUser | undefined {
    const lower = key.toLowerCase();
    const byId = this.users.get(lower);
    if (byId) return byId;
    for (const user of this.users.values())
      if (user.userPrincipalName.toLowerCase() === lower) return user;
    return undefined;
  }

  applicationByAppId(appId: string): StoredApplication | undefined {
    for (const app of this.applications.values()) if (app.appId === appId) return app;
    return undefined;
  }

  applicationByUniqueName(uniqueName: string): StoredApplication | undefined {
    for (const app of this.applications.values()) if (app.uniqueName === uniqueName) return app;
    return undefined;
  }

  // appId → object id, rebuilt on a miss: with 10,000 bulk service principals a scan per look-up
  // made the cloud, not the action, the slowest part of a benchmark run.
  private readonly servicePrincipalIds = new Map<string, string>();

  servicePrincipalByAppId(appId: string): StoredServicePrincipal | undefined {
    const known = this.servicePrincipals.get(this.servicePrincipalIds.get(appId) ?? '');
    if (known?.appId === appId) return known;
    this.servicePrincipalIds.clear();
    for (const sp of this.servicePrincipals.values())
      if (!this.servicePrincipalIds.has(sp.appId)) this.servicePrincipalIds.set(sp.appId, sp.id);
    return this.servicePrincipals.get(this.servicePrincipalIds.get(appId) ?? '');
  }

  /** Values of the app roles of `resourceAppId` granted to the service principal `principalId` (the token's roles claim). */
  grantedRoleValues(principalId: string, resourceAppId: string): string[] {
    const resource = this.servicePrincipalByAppId(resourceAppId);
    if (!resource) return [];
    const values: string[] = [];
    for (const assignment of this.appRoleAssignments.values()) {
      if (assignment.principalId !== principalId || assignment.resourceId !== resource.id) continue;
      const role = resource.appRoles.find((r) => r.id === assignment.appRoleId);
      if (role) values.push(role.value);
    }
    return values.sort();
  }
}
