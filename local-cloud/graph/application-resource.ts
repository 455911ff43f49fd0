// The application entity: a new one's defaults, applying a create/PATCH body to it, and the
// JSON Graph returns for it.
import { randomUUID } from 'node:crypto';
import type { StoredApplication } from '../tenant.js';
import { toCredentialResources, toKeyCredentials } from './credentials.js';
import { badRequest, objectConflict } from './errors.js';
import type { OperationContext } from './operation.js';
import { SCHEMAS } from './schema.js';

const SIGN_IN_AUDIENCES = new Set([
  'AzureADMyOrg',
  'AzureADMultipleOrgs',
  'AzureADandPersonalMicrosoftAccount',
  'PersonalMicrosoftAccount',
]);

// Graph's values, alone or comma-separated (SecurityGroup, DirectoryRole).
const GROUP_CLAIMS = new Set([
  'None',
  'SecurityGroup',
  'DirectoryRole',
  'ApplicationGroup',
  'All',
  'SecurityGroup, DirectoryRole',
]);

const NO_INFO = {
  logoUrl: null,
  marketingUrl: null,
  privacyStatementUrl: null,
  supportUrl: null,
  termsOfServiceUrl: null,
};

function currentInfo(app: StoredApplication): Record<string, unknown> {
  return { ...NO_INFO, ...(app._extra?.info as Record<string, unknown> | undefined) };
}

/** A new application with Graph's defaults (not yet stored), created at `now` (ms epoch; seeds use 0 so no replication delay hides them). */
export function newApplication(now: number): StoredApplication {
  return {
    id: randomUUID(),
    appId: randomUUID(),
    uniqueName: null,
    displayName: '',
    description: null,
    notes: null,
    signInAudience: 'AzureADandPersonalMicrosoftAccount',
    tags: [],
    isFallbackPublicClient: null,
    identifierUris: [],
    web: {
      redirectUris: [],
      homePageUrl: null,
      logoutUrl: null,
      implicitGrantSettings: { enableAccessTokenIssuance: false, enableIdTokenIssuance: false },
    },
    publicClient: { redirectUris: [] },
    spa: { redirectUris: [] },
    requiredResourceAccess: [],
    passwordCredentials: [],
    keyCredentials: [],
    federatedIdentityCredentials: [],
    owners: [],
    createdDateTime: new Date(now).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    _createdAt: now,
  };
}

/** Applies a create or PATCH body to `app`; throws Graph's 400 for unknown, read-only or invalid values. */
export function applyApplicationBody(
  ctx: OperationContext,
  app: StoredApplication,
  body: Record<string, unknown>,
  creating: boolean,
): void {
  const schema = SCHEMAS.application;
  for (const [property, value] of Object.entries(body)) {
    if (property.startsWith('@odata.')) continue;
    if (!schema.properties.has(property))
      throw badRequest(
        `Property '${property}' does not exist as a declared property or extension property.`,
      );
    if (property === 'uniqueName') {
      setUniqueName(ctx, app, value);
      continue;
    }
    if (schema.readOnly.has(property) && !(creating && property === 'id'))
      throw badRequest(`Property '${property}' is read-only and cannot be set.`);
    applyProperty(ctx, app, property, value);
  }
  if (creating && (typeof app.displayName !== 'string' || app.displayName.trim() === ''))
    throw invalidValue('displayName');
}

function applyProperty(
  ctx: OperationContext,
  app: StoredApplication,
  property: string,
  value: unknown,
): void {
  switch (property) {
    case 'displayName':
      if (typeof value !== 'string' || value.trim() === '') throw invalidValue(property);
      app.displayName = value;
      return;
    case 'signInAudience':
      if (typeof value !== 'string' || !SIGN_IN_AUDIENCES.has(value)) throw invalidValue(property);
      app.signInAudience = value;
      return;
    case 'tags':
    case 'identifierUris':
    case 'requiredResourceAccess':
      if (!Array.isArray(value)) throw invalidValue(property);
      if (property === 'identifierUris') assertUniqueIdentifierUris(ctx, app, value);
      (app as unknown as Record<string, unknown>)[property] = value;
      return;
    case 'web':
    case 'publicClient':
    case 'spa':
      if (value !== null && typeof value !== 'object') throw invalidValue(property);
      // Graph merges a complex property's given members into the current value.
      Object.assign(app[property], value ?? {});
      return;
    case 'keyCredentials':
      app.keyCredentials = toKeyCredentials(ctx, app.keyCredentials, value);
      return;
    case 'api':
    case 'info':
      if (value !== null && typeof value !== 'object') throw invalidValue(property);
      // Like web: the given members replace theirs, the others stay.
      if (property === 'api') app.api = { ...app.api, ...(value as Record<string, unknown>) };
      else app._extra = { ...app._extra, info: { ...currentInfo(app), ...(value ?? {}) } };
      return;
    case 'appRoles':
      if (!Array.isArray(value)) throw invalidValue(property);
      app.appRoles = value as StoredApplication['appRoles'];
      return;
    case 'groupMembershipClaims':
      if (value !== null && !GROUP_CLAIMS.has(String(value))) throw invalidValue(property);
      app._extra = { ...app._extra, groupMembershipClaims: value };
      return;
    case 'description':
    case 'notes':
    case 'isFallbackPublicClient':
      (app as unknown as Record<string, unknown>)[property] = value;
      return;
    default:
      app._extra = { ...app._extra, [property]: value };
  }
}

function setUniqueName(ctx: OperationContext, app: StoredApplication, value: unknown): void {
  if (value === app.uniqueName) return;
  // uniqueName is immutable once set (application resource docs).
  if (app.uniqueName !== null)
    throw badRequest("Property 'uniqueName' is read-only and cannot be set.");
  if (typeof value !== 'string' || value.trim() === '') throw invalidValue('uniqueName');
  const holder = ctx.tenant.applicationByUniqueName(value);
  if (holder && holder.id !== app.id) throw objectConflict('uniqueName');
  app.uniqueName = value;
}

function assertUniqueIdentifierUris(
  ctx: OperationContext,
  app: StoredApplication,
  uris: unknown[],
): void {
  for (const other of ctx.tenant.applications.values()) {
    if (other.id !== app.id && other.identifierUris.some((uri) => uris.includes(uri)))
      throw objectConflict('identifierUris');
  }
}

function invalidValue(property: string): ReturnType<typeof badRequest> {
  return badRequest(
    `Invalid value specified for property '${property}' of resource 'Application'.`,
  );
}

/** The application as Graph returns it: every declared property but the `logo` stream, no navigation properties, no secrets. */
export function toApplicationResource(
  ctx: OperationContext,
  app: StoredApplication,
): Record<string, unknown> {
  const resource: Record<string, unknown> = {
    id: app.id,
    deletedDateTime: null,
    addIns: [],
    api: {
      acceptMappedClaims: null,
      knownClientApplications: [],
      oauth2PermissionScopes: [],
      preAuthorizedApplications: [],
      requestedAccessTokenVersion: null,
      ...app.api,
    },
    appId: app.appId,
    applicationTemplateId: null,
    appRoles: app.appRoles ?? [],
    authenticationBehaviors: null,
    certification: null,
    createdByAppId: null,
    createdDateTime: app.createdDateTime,
    defaultRedirectUri: null,
    description: app.description,
    disabledByMicrosoftStatus: null,
    displayName: app.displayName,
    groupMembershipClaims: null,
    identifierUris: app.identifierUris,
    info: NO_INFO,
    isDeviceOnlyAuthSupported: null,
    isDisabled: null,
    isFallbackPublicClient: app.isFallbackPublicClient,
    managerApplications: [],
    nativeAuthenticationApisEnabled: null,
    notes: app.notes,
    oauth2RequirePostResponse: false,
    optionalClaims: null,
    parentalControlSettings: { countriesBlockedForMinors: [], legalAgeGroupRule: 'Allow' },
    publisherDomain: ctx.tenant.domain,
    requestSignatureVerification: null,
    requiredResourceAccess: app.requiredResourceAccess,
    samlMetadataUrl: null,
    serviceManagementReference: null,
    servicePrincipalLockConfiguration: null,
    signInAudience: app.signInAudience,
    tags: app.tags,
    tokenEncryptionKeyId: null,
    uniqueName: app.uniqueName,
    verifiedPublisher: { displayName: null, verifiedPublisherId: null, addedDateTime: null },
    publicClient: app.publicClient,
    spa: app.spa,
    web: {
      redirectUriSettings: app.web.redirectUris.map((uri) => ({ uri, index: null })),
      ...app.web,
    },
    ...app._extra,
    ...toCredentialResources(ctx, app),
  };
  return structuredClone(resource);
}
