// $select lists and conversions from Graph's JSON to the model's shapes (Graph property names).
import type {
  Application,
  AppRole,
  AppRoleAssignment,
  ImplicitGrantSettings,
  InfoUrls,
  OptionalClaim,
  OptionalClaims,
  PermissionScope,
  PreAuthorizedApplication,
  FederatedIdentityCredential,
  KeyCredential,
  OAuth2PermissionGrant,
  PasswordCredential,
  ResourceServicePrincipal,
  ServicePrincipal,
} from '../model/graph-types.js';
import { findBuiltInResource, toPublishedPermissions } from '../model/built-in-permissions.js';

/** Every application property the model reads. */
export const APPLICATION_SELECT = [
  'id',
  'appId',
  'uniqueName',
  'displayName',
  'description',
  'notes',
  'signInAudience',
  'tags',
  'identifierUris',
  'isFallbackPublicClient',
  'web',
  'publicClient',
  'api',
  'requiredResourceAccess',
  'passwordCredentials',
  'keyCredentials',
  'spa',
  'appRoles',
  'optionalClaims',
  'groupMembershipClaims',
  'info',
] as const;
/** Properties of look-alike applications (same displayName). */
export const SAME_NAME_SELECT = ['id', 'appId', 'uniqueName', 'displayName', 'tags'] as const;
/** Properties of the app's own service principal. */
export const SERVICE_PRINCIPAL_SELECT = ['id', 'appId', 'displayName', 'tags'] as const;
/** Its enterprise app settings and the roles assignments name: read only for a profile that manages them. */
export const SERVICE_PRINCIPAL_DIRECTORY_SELECT = [
  ...SERVICE_PRINCIPAL_SELECT,
  'appRoleAssignmentRequired',
  'notes',
  'notificationEmailAddresses',
  'preferredSingleSignOnMode',
  'appRoles',
] as const;
/** Properties of a resource (API) service principal whose permissions the built-in table holds. */
export const RESOURCE_SELECT = ['id', 'appId', 'displayName'] as const;
/** Properties of a resource (API) service principal with the permissions it publishes. */
export const RESOURCE_PERMISSIONS_SELECT = [
  ...RESOURCE_SELECT,
  'appRoles',
  'oauth2PermissionScopes',
] as const;
export const FEDERATED_CREDENTIAL_SELECT = [
  'id',
  'name',
  'issuer',
  'subject',
  'audiences',
  'description',
] as const;
export const ASSIGNMENT_SELECT = [
  'id',
  'appRoleId',
  'principalId',
  'resourceId',
  'resourceDisplayName',
] as const;
/** Properties of an assignment granted on the app's own service principal (to a user, group or service principal). */
export const ASSIGNED_TO_SELECT = [
  ...ASSIGNMENT_SELECT,
  'principalType',
  'principalDisplayName',
] as const;
export const GRANT_SELECT = [
  'id',
  'clientId',
  'consentType',
  'principalId',
  'resourceId',
  'scope',
] as const;

type Json = Record<string, unknown>;

/** Returns an Application with the arrays and nested objects the model expects, from Graph's JSON. */
export function toApplication(raw: Json): Application {
  const web = (raw.web ?? {}) as Json;
  const publicClient = (raw.publicClient ?? {}) as { redirectUris?: string[] };
  return {
    id: String(raw.id),
    appId: String(raw.appId),
    uniqueName: (raw.uniqueName as string | null | undefined) ?? null,
    displayName: String(raw.displayName ?? ''),
    description: (raw.description as string | null | undefined) ?? null,
    notes: (raw.notes as string | null | undefined) ?? null,
    signInAudience: (raw.signInAudience as Application['signInAudience']) ?? 'AzureADMyOrg',
    tags: (raw.tags as string[] | undefined) ?? [],
    identifierUris: (raw.identifierUris as string[] | undefined) ?? [],
    isFallbackPublicClient: (raw.isFallbackPublicClient as boolean | null | undefined) ?? null,
    web: {
      redirectUris: (web.redirectUris as string[] | undefined) ?? [],
      logoutUrl: (web.logoutUrl as string | null | undefined) ?? null,
      implicitGrantSettings:
        (web.implicitGrantSettings as ImplicitGrantSettings | null | undefined) ?? null,
    },
    publicClient: { redirectUris: publicClient.redirectUris ?? [] },
    api: toApi((raw.api ?? {}) as Json),
    requiredResourceAccess:
      (raw.requiredResourceAccess as Application['requiredResourceAccess'] | undefined) ?? [],
    passwordCredentials: ((raw.passwordCredentials as Json[] | undefined) ?? []).map(
      toPasswordCredential,
    ),
    keyCredentials: ((raw.keyCredentials as Json[] | undefined) ?? []).map(toKeyCredential),
    spa: { redirectUris: ((raw.spa ?? {}) as { redirectUris?: string[] }).redirectUris ?? [] },
    appRoles: (raw.appRoles as AppRole[] | undefined) ?? [],
    optionalClaims: toOptionalClaims(raw.optionalClaims as Json | null | undefined),
    groupMembershipClaims: (raw.groupMembershipClaims as string | null | undefined) ?? null,
    info: toInfo((raw.info ?? {}) as Json),
  };
}

function toApi(api: Json): NonNullable<Application['api']> {
  return {
    requestedAccessTokenVersion:
      (api.requestedAccessTokenVersion as number | null | undefined) ?? null,
    oauth2PermissionScopes: (api.oauth2PermissionScopes as PermissionScope[] | undefined) ?? [],
    preAuthorizedApplications:
      (api.preAuthorizedApplications as PreAuthorizedApplication[] | undefined) ?? [],
    knownClientApplications: (api.knownClientApplications as string[] | undefined) ?? [],
  };
}

// Graph returns null when the app has no optional claims; the model always has the three lists.
function toOptionalClaims(raw: Json | null | undefined): OptionalClaims {
  const list = (key: string): OptionalClaim[] =>
    ((raw?.[key] as Json[] | null | undefined) ?? []).map((claim) => ({
      name: String(claim.name),
      source: (claim.source as string | null | undefined) ?? null,
      essential: claim.essential === true,
      additionalProperties: (claim.additionalProperties as string[] | null | undefined) ?? [],
    }));
  return {
    idToken: list('idToken'),
    accessToken: list('accessToken'),
    saml2Token: list('saml2Token'),
  };
}

function toInfo(info: Json): InfoUrls {
  const url = (key: string): string | null => (info[key] as string | null | undefined) ?? null;
  return {
    marketingUrl: url('marketingUrl'),
    privacyStatementUrl: url('privacyStatementUrl'),
    supportUrl: url('supportUrl'),
    termsOfServiceUrl: url('termsOfServiceUrl'),
  };
}

/** Returns a PasswordCredential (never with secretText) from Graph's JSON. */
export function toPasswordCredential(raw: Json): PasswordCredential {
  const { keyId, displayName, startDateTime, endDateTime } = toCredentialFields(raw);
  return { keyId, displayName, startDateTime, endDateTime, hint: toNullable(raw.hint) };
}

/** Returns a KeyCredential from Graph's JSON (Graph never returns `key` on reads). */
export function toKeyCredential(raw: Json): KeyCredential {
  const { keyId, displayName, startDateTime, endDateTime } = toCredentialFields(raw);
  return {
    keyId,
    displayName,
    type: String(raw.type ?? 'AsymmetricX509Cert'),
    usage: String(raw.usage ?? 'Verify'),
    startDateTime,
    endDateTime,
    customKeyIdentifier: toNullable(raw.customKeyIdentifier),
  };
}

// The fields secrets and certificates share (the order of each type's own fields is kept).
function toCredentialFields(raw: Json) {
  return {
    keyId: String(raw.keyId),
    displayName: toNullable(raw.displayName),
    startDateTime: toNullable(raw.startDateTime),
    endDateTime: toNullable(raw.endDateTime),
  };
}

function toNullable(value: unknown): string | null {
  return (value as string | null | undefined) ?? null;
}

/** Returns the app's ServicePrincipal from Graph's JSON. */
export function toServicePrincipal(raw: Json): ServicePrincipal {
  const sp: ServicePrincipal = {
    id: String(raw.id),
    appId: String(raw.appId),
    displayName: String(raw.displayName ?? ''),
    tags: (raw.tags as string[] | undefined) ?? [],
  };
  // The enterprise app settings come only with SERVICE_PRINCIPAL_DIRECTORY_SELECT.
  if (raw.appRoles === undefined) return sp;
  return {
    ...sp,
    appRoleAssignmentRequired: raw.appRoleAssignmentRequired === true,
    notes: (raw.notes as string | null | undefined) ?? null,
    notificationEmailAddresses: (raw.notificationEmailAddresses as string[] | undefined) ?? [],
    preferredSingleSignOnMode: (raw.preferredSingleSignOnMode as string | null | undefined) ?? null,
    appRoles: raw.appRoles as NonNullable<ServicePrincipal['appRoles']>,
  };
}

/**
 * Returns a ResourceServicePrincipal from Graph's JSON. When Graph was not asked for its appRoles
 * and scopes, they come from the built-in table (permissionsFrom says so); a resource the table
 * does not cover then has none.
 */
export function toResourceServicePrincipal(raw: Json): ResourceServicePrincipal {
  const identity = {
    id: String(raw.id),
    appId: String(raw.appId),
    displayName: String(raw.displayName ?? ''),
  };
  const builtIn = raw.appRoles === undefined ? findBuiltInResource(identity.appId) : undefined;
  if (builtIn)
    return { ...identity, ...toPublishedPermissions(builtIn), permissionsFrom: 'built-in table' };
  return {
    ...identity,
    ...(Array.isArray(raw.servicePrincipalNames)
      ? { servicePrincipalNames: raw.servicePrincipalNames as string[] }
      : {}),
    appRoles: (raw.appRoles as ResourceServicePrincipal['appRoles'] | undefined) ?? [],
    oauth2PermissionScopes:
      (raw.oauth2PermissionScopes as
        ResourceServicePrincipal['oauth2PermissionScopes'] | undefined) ?? [],
  };
}

/** Returns a FederatedIdentityCredential from Graph's JSON. */
export function toFederatedCredential(raw: Json): FederatedIdentityCredential {
  return {
    id: String(raw.id),
    name: String(raw.name),
    issuer: String(raw.issuer),
    subject: String(raw.subject),
    audiences: (raw.audiences as string[] | undefined) ?? [],
    description: (raw.description as string | null | undefined) ?? null,
  };
}

/** Returns an AppRoleAssignment from Graph's JSON. */
export function toAppRoleAssignment(raw: Json): AppRoleAssignment {
  return {
    id: String(raw.id),
    appRoleId: String(raw.appRoleId),
    principalId: String(raw.principalId),
    resourceId: String(raw.resourceId),
    resourceDisplayName: (raw.resourceDisplayName as string | null | undefined) ?? null,
    ...(typeof raw.principalType === 'string' ? { principalType: raw.principalType } : {}),
    ...(raw.principalDisplayName !== undefined
      ? { principalDisplayName: (raw.principalDisplayName as string | null) ?? null }
      : {}),
  };
}

/** Returns an OAuth2PermissionGrant from Graph's JSON. */
export function toPermissionGrant(raw: Json): OAuth2PermissionGrant {
  return {
    id: String(raw.id),
    clientId: String(raw.clientId),
    consentType: raw.consentType === 'Principal' ? 'Principal' : 'AllPrincipals',
    principalId: (raw.principalId as string | null | undefined) ?? null,
    resourceId: String(raw.resourceId),
    scope: String(raw.scope ?? ''),
  };
}
