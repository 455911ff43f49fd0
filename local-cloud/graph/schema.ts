// What the fake knows of Graph's entity types: declared properties (for $select and request
// bodies), collection-valued ones (returned as [] when unset) and the ones $filter supports.
// Property lists follow the v1.0 CSDL (graph-v1.0-app-registration.openapi.yaml).

/** The entity types the fake serves. */
export type EntityType =
  | 'application'
  | 'servicePrincipal'
  | 'appRoleAssignment'
  | 'oAuth2PermissionGrant'
  | 'federatedIdentityCredential'
  | 'user'
  | 'group';

/** Metadata of one entity type. */
export interface EntitySchema {
  type: EntityType;
  properties: ReadonlySet<string>;
  collections: ReadonlySet<string>;
  filterable: ReadonlySet<string>;
  /** properties a client may not set */
  readOnly: ReadonlySet<string>;
}

const words = (text: string): ReadonlySet<string> => new Set(text.split(/\s+/).filter(Boolean));

const application: EntitySchema = {
  type: 'application',
  properties:
    words(`id deletedDateTime addIns api appId applicationTemplateId appRoles authenticationBehaviors certification
    createdByAppId createdDateTime defaultRedirectUri description disabledByMicrosoftStatus displayName groupMembershipClaims
    identifierUris info isDeviceOnlyAuthSupported isDisabled isFallbackPublicClient keyCredentials logo managerApplications nativeAuthenticationApisEnabled
    notes oauth2RequirePostResponse optionalClaims parentalControlSettings passwordCredentials publicClient publisherDomain
    requestSignatureVerification requiredResourceAccess samlMetadataUrl serviceManagementReference servicePrincipalLockConfiguration
    signInAudience spa tags tokenEncryptionKeyId uniqueName verifiedPublisher web`),
  collections: words(
    'addIns appRoles identifierUris keyCredentials managerApplications passwordCredentials requiredResourceAccess tags',
  ),
  filterable: words(
    'id appId displayName uniqueName tags identifierUris signInAudience publisherDomain createdDateTime',
  ),
  readOnly: words(
    'id appId deletedDateTime createdDateTime publisherDomain passwordCredentials certification createdByAppId verifiedPublisher disabledByMicrosoftStatus',
  ),
};

const servicePrincipal: EntitySchema = {
  type: 'servicePrincipal',
  properties:
    words(`id deletedDateTime accountEnabled addIns alternativeNames appDescription appDisplayName appId applicationTemplateId
    appOwnerOrganizationId appRoleAssignmentRequired appRoles createdByAppId customSecurityAttributes description
    disabledByMicrosoftStatus displayName homepage info isDisabled keyCredentials loginUrl logoutUrl notes notificationEmailAddresses
    oauth2PermissionScopes passwordCredentials preferredSingleSignOnMode preferredTokenSigningKeyThumbprint replyUrls
    resourceSpecificApplicationPermissions samlSingleSignOnSettings servicePrincipalNames servicePrincipalType signInAudience tags
    tokenEncryptionKeyId verifiedPublisher`),
  collections:
    words(`addIns alternativeNames appRoles keyCredentials notificationEmailAddresses oauth2PermissionScopes passwordCredentials
    replyUrls resourceSpecificApplicationPermissions servicePrincipalNames tags`),
  filterable: words(
    'id appId displayName tags servicePrincipalNames servicePrincipalType accountEnabled appOwnerOrganizationId',
  ),
  readOnly: words(
    'id deletedDateTime appDisplayName appOwnerOrganizationId passwordCredentials servicePrincipalType signInAudience createdByAppId',
  ),
};

const appRoleAssignment: EntitySchema = {
  type: 'appRoleAssignment',
  properties: words(
    'id deletedDateTime appRoleId createdDateTime principalDisplayName principalId principalType resourceDisplayName resourceId',
  ),
  collections: words(''),
  filterable: words('id appRoleId principalId resourceId'),
  readOnly: words(
    'id deletedDateTime createdDateTime principalDisplayName principalType resourceDisplayName',
  ),
};

const oAuth2PermissionGrant: EntitySchema = {
  type: 'oAuth2PermissionGrant',
  properties: words('id clientId consentType principalId resourceId scope'),
  collections: words(''),
  filterable: words('id clientId consentType principalId resourceId'),
  readOnly: words('id'),
};

const federatedIdentityCredential: EntitySchema = {
  type: 'federatedIdentityCredential',
  properties: words('id audiences description issuer name subject'),
  collections: words('audiences'),
  filterable: words('id name issuer subject'),
  readOnly: words('id'),
};

// Users and groups: the default properties Graph returns and the ones assignments and owners read.
const user: EntitySchema = {
  type: 'user',
  properties: words(
    'id displayName givenName surname userPrincipalName mail jobTitle mobilePhone officeLocation preferredLanguage businessPhones accountEnabled',
  ),
  collections: words('businessPhones'),
  filterable: words('id displayName userPrincipalName mail accountEnabled'),
  readOnly: words('id'),
};

const group: EntitySchema = {
  type: 'group',
  properties: words(
    'id deletedDateTime createdDateTime description displayName groupTypes mail mailEnabled mailNickname securityEnabled visibility',
  ),
  collections: words('groupTypes'),
  filterable: words('id displayName mail mailEnabled securityEnabled'),
  readOnly: words('id createdDateTime deletedDateTime'),
};

/** Metadata of every entity type the fake serves. */
export const SCHEMAS: Readonly<Record<EntityType, EntitySchema>> = {
  application,
  servicePrincipal,
  appRoleAssignment,
  oAuth2PermissionGrant,
  federatedIdentityCredential,
  user,
  group,
};
