// /servicePrincipals: list, $count, create from an appId, get, update, delete.
import { randomUUID } from 'node:crypto';
import { createFirstPartyServicePrincipal, isFirstPartyAppId } from '../seed/resources.js';
import type { StoredApplication, StoredServicePrincipal } from '../tenant.js';
import {
  assertCanCreateApplication,
  assertCanReadServicePrincipals,
  assertCanWriteOwned,
  isOwnedByOnly,
  ownsObject,
} from './authorization.js';
import { toCredentialResources } from './credentials.js';
import { GraphFailure, badRequest } from './errors.js';
import { expandServicePrincipal } from './expand.js';
import { findServicePrincipal, keyAt } from './lookup.js';
import {
  applySelect,
  assertCountAllowed,
  assertSelectable,
  contextUrl,
  countResponse,
  toCollectionResponse,
} from './odata.js';
import { isVisible, type OperationContext, type OperationResult } from './operation.js';
import { SCHEMAS } from './schema.js';

const WRITABLE = new Set([
  'accountEnabled',
  'tags',
  'description',
  'notes',
  'appRoleAssignmentRequired',
  'homepage',
  'loginUrl',
  'logoutUrl',
  'notificationEmailAddresses',
  'replyUrls',
  'preferredSingleSignOnMode',
  'displayName',
]);

function visibleServicePrincipals(ctx: OperationContext): StoredServicePrincipal[] {
  assertCanReadServicePrincipals(ctx);
  return [...ctx.tenant.servicePrincipals.values()].filter((sp) =>
    isVisible(ctx, 'servicePrincipal', sp._createdAt),
  );
}

/** GET /servicePrincipals */
export function listServicePrincipals(ctx: OperationContext): OperationResult {
  assertCountAllowed(ctx.query, ctx.headers);
  const location = {
    baseUrl: ctx.baseUrl,
    path: '/servicePrincipals',
    context: 'servicePrincipals',
  };
  const body = toCollectionResponse(
    visibleServicePrincipals(ctx),
    (sp) => ({ ...toServicePrincipalResource(ctx, sp), ...expandServicePrincipal(ctx, sp) }),
    ctx.query,
    SCHEMAS.servicePrincipal,
    location,
  );
  return { status: 200, body };
}

/** GET /servicePrincipals/$count (text/plain) */
export function countServicePrincipals(ctx: OperationContext): OperationResult {
  assertCountAllowed(ctx.query, ctx.headers, true);
  return countResponse(visibleServicePrincipals(ctx), ctx, SCHEMAS.servicePrincipal);
}

/** GET /servicePrincipals/{key} */
export function getServicePrincipal(ctx: OperationContext): OperationResult {
  assertCanReadServicePrincipals(ctx);
  const sp = findServicePrincipal(ctx, keyAt(ctx, 0));
  assertSelectable(ctx.query, SCHEMAS.servicePrincipal);
  const resource = applySelect(
    { ...toServicePrincipalResource(ctx, sp), ...expandServicePrincipal(ctx, sp) },
    ctx.query,
    SCHEMAS.servicePrincipal,
  );
  return {
    status: 200,
    body: {
      '@odata.context': contextUrl(ctx.baseUrl, 'servicePrincipals/$entity', ctx.query),
      ...resource,
    },
  };
}

/** POST /servicePrincipals {appId}: from a local application, or a known first-party resource. */
export function createServicePrincipal(ctx: OperationContext): OperationResult {
  assertCanCreateApplication(ctx);
  const appId = ctx.body.appId;
  if (typeof appId !== 'string' || appId === '')
    throw badRequest(
      "Invalid value specified for property 'appId' of resource 'ServicePrincipal'.",
    );
  if (ctx.tenant.servicePrincipalByAppId(appId)) {
    throw new GraphFailure(
      409,
      'Request_MultipleObjectsWithSameKeyValue',
      `The service principal cannot be created, updated, or restored because the service principal name ${appId} is already in use.`,
    );
  }
  const app = ctx.tenant.applicationByAppId(appId);
  const backed = app && isVisible(ctx, 'application', app._createdAt) ? app : undefined;
  if (
    isOwnedByOnly(ctx) &&
    !(backed && ownsObject(ctx, backed)) &&
    (backed || isFirstPartyAppId(appId))
  ) {
    throw new GraphFailure(
      403,
      'Authorization_RequestDenied',
      'When using this permission, the backing application of the service principal being created must in the local tenant',
    );
  }
  let sp: StoredServicePrincipal | undefined;
  if (backed) sp = newServicePrincipal(ctx, backed);
  else if (isFirstPartyAppId(appId))
    sp = createFirstPartyServicePrincipal(ctx.tenant, appId, ctx.now);
  if (!sp) {
    const message = `The appId '${appId}' of the service principal does not reference a valid application object.`;
    throw badRequest(message, [{ code: 'NoBackingApplicationObject', message, target: 'appId' }]);
  }
  applyServicePrincipalBody(sp, ctx.body);
  if (isOwnedByOnly(ctx) && !sp.owners.includes(ctx.caller.oid)) sp.owners.push(ctx.caller.oid);
  ctx.tenant.servicePrincipals.set(sp.id, sp);
  const body = {
    '@odata.context': `${ctx.baseUrl}/$metadata#servicePrincipals/$entity`,
    ...toServicePrincipalResource(ctx, sp),
  };
  return { status: 201, body };
}

function newServicePrincipal(
  ctx: OperationContext,
  app: StoredApplication,
): StoredServicePrincipal {
  const scopes = (app.api?.oauth2PermissionScopes ??
    []) as StoredServicePrincipal['oauth2PermissionScopes'];
  return {
    id: randomUUID(),
    appId: app.appId,
    displayName: app.displayName,
    appDisplayName: app.displayName,
    servicePrincipalType: 'Application',
    appOwnerOrganizationId: ctx.tenant.tenantId,
    tags: [],
    accountEnabled: true,
    appRoles: structuredClone(app.appRoles ?? []),
    oauth2PermissionScopes: structuredClone(scopes),
    servicePrincipalNames: [app.appId, ...app.identifierUris],
    passwordCredentials: [],
    keyCredentials: [],
    owners: [],
    _createdAt: ctx.now,
  };
}

function applyServicePrincipalBody(
  sp: StoredServicePrincipal,
  body: Record<string, unknown>,
): void {
  for (const [property, value] of Object.entries(body)) {
    if (property.startsWith('@odata.') || property === 'appId') continue;
    if (!SCHEMAS.servicePrincipal.properties.has(property))
      throw badRequest(
        `Property '${property}' does not exist as a declared property or extension property.`,
      );
    if (!WRITABLE.has(property))
      throw badRequest(`Property '${property}' is read-only and cannot be set.`);
    if (property === 'tags' && !Array.isArray(value))
      throw badRequest(
        "Invalid value specified for property 'tags' of resource 'ServicePrincipal'.",
      );
    // https://learn.microsoft.com/graph/api/resources/serviceprincipal: the modes Graph accepts.
    if (
      property === 'preferredSingleSignOnMode' &&
      value !== null &&
      !['password', 'saml', 'notSupported', 'oidc'].includes(String(value))
    )
      throw badRequest(
        "Invalid value specified for property 'preferredSingleSignOnMode' of resource 'ServicePrincipal'.",
      );
    if (property === 'accountEnabled' || property === 'tags' || property === 'displayName')
      (sp as unknown as Record<string, unknown>)[property] = value;
    else sp._extra = { ...sp._extra, [property]: value };
  }
}

/** PATCH /servicePrincipals/{key} */
export function updateServicePrincipal(ctx: OperationContext): OperationResult {
  const sp = findServicePrincipal(ctx, keyAt(ctx, 0));
  assertCanWriteOwned(ctx, sp);
  const draft = structuredClone(sp);
  applyServicePrincipalBody(draft, ctx.body);
  ctx.tenant.servicePrincipals.set(sp.id, draft);
  return { status: 204 };
}

/** DELETE /servicePrincipals/{key} */
export function deleteServicePrincipal(ctx: OperationContext): OperationResult {
  const sp = findServicePrincipal(ctx, keyAt(ctx, 0));
  assertCanWriteOwned(ctx, sp);
  deleteServicePrincipalCascade(ctx, sp);
  return { status: 204 };
}

/** Removes a service principal with its app role assignments and delegated grants (either side). */
export function deleteServicePrincipalCascade(
  ctx: OperationContext,
  sp: StoredServicePrincipal,
): void {
  const { tenant } = ctx;
  tenant.servicePrincipals.delete(sp.id);
  for (const [id, a] of tenant.appRoleAssignments)
    if (a.principalId === sp.id || a.resourceId === sp.id) tenant.appRoleAssignments.delete(id);
  for (const [id, g] of tenant.permissionGrants)
    if (g.clientId === sp.id || g.resourceId === sp.id) tenant.permissionGrants.delete(id);
}

/** The service principal as Graph returns it: every declared property, no secrets. */
export function toServicePrincipalResource(
  ctx: OperationContext,
  sp: StoredServicePrincipal,
): Record<string, unknown> {
  const app =
    sp.appOwnerOrganizationId === ctx.tenant.tenantId
      ? ctx.tenant.applicationByAppId(sp.appId)
      : undefined;
  return structuredClone({
    id: sp.id,
    deletedDateTime: null,
    accountEnabled: sp.accountEnabled,
    addIns: [],
    alternativeNames: [],
    appDescription: null,
    appDisplayName: sp.appDisplayName ?? sp.displayName,
    appId: sp.appId,
    applicationTemplateId: null,
    appOwnerOrganizationId: sp.appOwnerOrganizationId,
    appRoleAssignmentRequired: false,
    appRoles: sp.appRoles,
    createdByAppId: null,
    customSecurityAttributes: null,
    description: null,
    disabledByMicrosoftStatus: null,
    displayName: sp.displayName,
    homepage: null,
    info: {
      logoUrl: null,
      marketingUrl: null,
      privacyStatementUrl: null,
      supportUrl: null,
      termsOfServiceUrl: null,
    },
    isDisabled: null,
    loginUrl: null,
    logoutUrl: null,
    notes: null,
    notificationEmailAddresses: [],
    oauth2PermissionScopes: sp.oauth2PermissionScopes,
    preferredSingleSignOnMode: null,
    preferredTokenSigningKeyThumbprint: null,
    replyUrls: app?.web.redirectUris ?? [],
    resourceSpecificApplicationPermissions: [],
    samlSingleSignOnSettings: null,
    servicePrincipalNames: sp.servicePrincipalNames,
    servicePrincipalType: sp.servicePrincipalType,
    signInAudience: app?.signInAudience ?? 'AzureADMultipleOrgs',
    tags: sp.tags,
    tokenEncryptionKeyId: null,
    verifiedPublisher: { displayName: null, verifiedPublisherId: null, addedDateTime: null },
    ...sp._extra,
    ...toCredentialResources(ctx, sp),
  });
}
