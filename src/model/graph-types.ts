// Shapes of the Microsoft Graph v1.0 resources the action reads and writes, with Graph's own
// property names so code can be checked against the docs. Only the properties we use are listed.

export type SignInAudience =
  | 'AzureADMyOrg'
  | 'AzureADMultipleOrgs'
  | 'AzureADandPersonalMicrosoftAccount'
  | 'PersonalMicrosoftAccount';

export interface ResourceAccess {
  /** id of an appRole (type Role) or oauth2PermissionScope (type Scope) of the resource. */
  id: string;
  type: 'Role' | 'Scope';
}

export interface RequiredResourceAccess {
  resourceAppId: string;
  resourceAccess: ResourceAccess[];
}

export interface PasswordCredential {
  keyId: string;
  displayName: string | null;
  startDateTime: string | null;
  endDateTime: string | null;
  hint: string | null;
}

export interface KeyCredential {
  keyId: string;
  displayName: string | null;
  type: string; // 'AsymmetricX509Cert'
  usage: string; // 'Verify'
  startDateTime: string | null;
  endDateTime: string | null;
  /** base64 SHA-1 thumbprint of the certificate, as Graph returns it. */
  customKeyIdentifier: string | null;
}

export interface FederatedIdentityCredential {
  id?: string;
  name: string;
  issuer: string;
  subject: string;
  audiences: string[];
  description?: string | null;
}

/** The application properties the action owns, in Graph's names: as read, and as desired. */
export interface ApplicationSettings {
  displayName: string;
  description: string | null;
  notes: string | null;
  signInAudience: SignInAudience;
  tags: string[];
  /** Application ID URIs; absent in specs built before the profile had them. */
  identifierUris?: string[];
  isFallbackPublicClient: boolean | null;
  web: { redirectUris: string[] } & Partial<WebSettings>;
  publicClient: { redirectUris: string[] };
  /** Graph's apiApplication. */
  api?: { requestedAccessTokenVersion: number | null } & Partial<ApiEntitlements>;
  requiredResourceAccess: RequiredResourceAccess[];
}

export interface Application extends ApplicationSettings {
  id: string;
  appId: string;
  uniqueName: string | null;
  passwordCredentials: PasswordCredential[];
  keyCredentials: KeyCredential[];
  spa?: { redirectUris: string[] };
  appRoles?: AppRole[];
  optionalClaims?: OptionalClaims | null;
  groupMembershipClaims?: string | null;
  info?: InfoUrls;
}

/** web.logoutUrl and web.implicitGrantSettings. */
export interface WebSettings {
  logoutUrl: string | null;
  implicitGrantSettings: ImplicitGrantSettings | null;
}

export interface ImplicitGrantSettings {
  enableAccessTokenIssuance: boolean;
  enableIdTokenIssuance: boolean;
}

/** The part of apiApplication that exposes the app as an API. */
export interface ApiEntitlements {
  oauth2PermissionScopes: PermissionScope[];
  preAuthorizedApplications: PreAuthorizedApplication[];
  knownClientApplications: string[];
}

export interface PreAuthorizedApplication {
  appId: string;
  /** ids of the app's own oauth2PermissionScopes. */
  delegatedPermissionIds: string[];
}

export interface OptionalClaim {
  name: string;
  source: string | null;
  essential: boolean;
  additionalProperties: string[];
}

export interface OptionalClaims {
  idToken: OptionalClaim[];
  accessToken: OptionalClaim[];
  saml2Token: OptionalClaim[];
}

/** Graph's informationalUrl (logoUrl is read-only). */
export interface InfoUrls {
  marketingUrl: string | null;
  privacyStatementUrl: string | null;
  supportUrl: string | null;
  termsOfServiceUrl: string | null;
}

export interface AppRole {
  id: string;
  value: string | null;
  displayName: string | null;
  allowedMemberTypes: string[];
  isEnabled: boolean;
  description?: string | null;
}

export interface PermissionScope {
  id: string;
  value: string | null;
  adminConsentDisplayName: string | null;
  type: string; // 'Admin' | 'User'
  isEnabled: boolean;
  adminConsentDescription?: string | null;
  userConsentDisplayName?: string | null;
  userConsentDescription?: string | null;
}

export interface ServicePrincipal {
  id: string;
  appId: string;
  displayName: string;
  tags: string[];
  /** The enterprise app settings a profile may manage (absent in states built before it could). */
  appRoleAssignmentRequired?: boolean;
  notes?: string | null;
  notificationEmailAddresses?: string[];
  preferredSingleSignOnMode?: string | null;
  /** The app's roles as the service principal publishes them (assignments name their ids). */
  appRoles?: AppRole[];
}

/** A resource (API) service principal with the permissions it publishes. */
export interface ResourceServicePrincipal {
  id: string;
  appId: string;
  displayName: string;
  appRoles: AppRole[];
  oauth2PermissionScopes: PermissionScope[];
  /** The names it is found by (appId and the API's identifier URIs); read only for a lookup by URI. */
  servicePrincipalNames?: string[];
  /** Where appRoles and oauth2PermissionScopes come from: the tenant (when absent) or the action's built-in table. */
  permissionsFrom?: 'built-in table';
}

export interface AppRoleAssignment {
  id: string;
  appRoleId: string;
  principalId: string;
  resourceId: string;
  resourceDisplayName?: string | null;
  /** User, Group or ServicePrincipal (assignments granted on the app's own service principal). */
  principalType?: string;
  principalDisplayName?: string | null;
}

export interface OAuth2PermissionGrant {
  id: string;
  clientId: string;
  consentType: 'AllPrincipals' | 'Principal';
  principalId: string | null;
  resourceId: string;
  /** space-separated delegated permission values */
  scope: string;
}
