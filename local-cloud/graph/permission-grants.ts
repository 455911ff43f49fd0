// Delegated permission grants (oauth2PermissionGrants): tenant-wide admin consent for scopes.
import type { StoredPermissionGrant, StoredServicePrincipal } from '../tenant.js';
import { assertCanReadGrants, assertCanWriteGrants } from './authorization.js';
import { badRequest, notFound } from './errors.js';
import { findServicePrincipal, keyAt, newLinkId } from './lookup.js';
import { applySelect, assertSelectable, contextUrl, toCollectionResponse } from './odata.js';
import { isVisible, type OperationContext, type OperationResult } from './operation.js';
import { SCHEMAS } from './schema.js';

/** A grant as Graph returns it. */
export function toGrantResource(g: StoredPermissionGrant): Record<string, unknown> {
  const { id, clientId, consentType, principalId, resourceId, scope } = g;
  return { id, clientId, consentType, principalId, resourceId, scope };
}

function visibleGrants(ctx: OperationContext): StoredPermissionGrant[] {
  return [...ctx.tenant.permissionGrants.values()].filter((g) =>
    isVisible(ctx, 'permissionGrant', g._createdAt),
  );
}

/** GET /oauth2PermissionGrants ($filter on clientId, resourceId, consentType, principalId) */
export function listGrants(ctx: OperationContext): OperationResult {
  assertCanReadGrants(ctx);
  const location = {
    baseUrl: ctx.baseUrl,
    path: '/oauth2PermissionGrants',
    context: 'oauth2PermissionGrants',
  };
  return {
    status: 200,
    body: toCollectionResponse(
      visibleGrants(ctx),
      toGrantResource,
      ctx.query,
      SCHEMAS.oAuth2PermissionGrant,
      location,
    ),
  };
}

/** GET /servicePrincipals/{key}/oauth2PermissionGrants: the grants whose client is that service principal. */
export function listClientGrants(ctx: OperationContext): OperationResult {
  assertCanReadGrants(ctx);
  const sp = findServicePrincipal(ctx, keyAt(ctx, 0));
  const items = visibleGrants(ctx).filter((g) => g.clientId === sp.id);
  const location = {
    baseUrl: ctx.baseUrl,
    path: `/servicePrincipals/${sp.id}/oauth2PermissionGrants`,
    context: 'oauth2PermissionGrants',
  };
  return {
    status: 200,
    body: toCollectionResponse(
      items,
      toGrantResource,
      ctx.query,
      SCHEMAS.oAuth2PermissionGrant,
      location,
    ),
  };
}

/** GET /oauth2PermissionGrants/{id} */
export function getGrant(ctx: OperationContext): OperationResult {
  assertCanReadGrants(ctx);
  const grant = findGrant(ctx);
  assertSelectable(ctx.query, SCHEMAS.oAuth2PermissionGrant);
  const resource = applySelect(toGrantResource(grant), ctx.query, SCHEMAS.oAuth2PermissionGrant);
  return {
    status: 200,
    body: {
      '@odata.context': contextUrl(ctx.baseUrl, 'oauth2PermissionGrants/$entity', ctx.query),
      ...resource,
    },
  };
}

/** POST /oauth2PermissionGrants {clientId, consentType, principalId, resourceId, scope} */
export function createGrant(ctx: OperationContext): OperationResult {
  assertCanWriteGrants(ctx);
  const { consentType, principalId, scope } = ctx.body;
  if (consentType !== 'AllPrincipals' && consentType !== 'Principal')
    throw invalidValue('consentType');
  if (consentType === 'Principal' && typeof principalId !== 'string')
    throw invalidValue('principalId');
  if (typeof scope !== 'string') throw invalidValue('scope');
  const client = referencedServicePrincipal(ctx, ctx.body.clientId, 'clientId');
  const resource = referencedServicePrincipal(ctx, ctx.body.resourceId, 'resourceId');
  const principal = consentType === 'Principal' ? (principalId as string) : null;
  for (const g of ctx.tenant.permissionGrants.values()) {
    if (
      g.clientId === client.id &&
      g.resourceId === resource.id &&
      g.consentType === consentType &&
      g.principalId === principal
    ) {
      throw badRequest('Permission entry already exists.');
    }
  }
  const grant: StoredPermissionGrant = {
    id: newLinkId(),
    clientId: client.id,
    consentType,
    principalId: principal,
    resourceId: resource.id,
    scope,
    _createdAt: ctx.now,
  };
  ctx.tenant.permissionGrants.set(grant.id, grant);
  return {
    status: 201,
    body: {
      '@odata.context': `${ctx.baseUrl}/$metadata#oauth2PermissionGrants/$entity`,
      ...toGrantResource(grant),
    },
  };
}

/** PATCH /oauth2PermissionGrants/{id} {scope} */
export function updateGrant(ctx: OperationContext): OperationResult {
  assertCanWriteGrants(ctx);
  const grant = findGrant(ctx);
  for (const property of Object.keys(ctx.body)) {
    if (property !== 'scope' && !property.startsWith('@odata.'))
      throw badRequest(`Property '${property}' is read-only and cannot be set.`);
  }
  if (ctx.body.scope !== undefined) {
    if (typeof ctx.body.scope !== 'string') throw invalidValue('scope');
    grant.scope = ctx.body.scope;
  }
  return { status: 204 };
}

/** DELETE /oauth2PermissionGrants/{id} */
export function deleteGrant(ctx: OperationContext): OperationResult {
  assertCanWriteGrants(ctx);
  ctx.tenant.permissionGrants.delete(findGrant(ctx).id);
  return { status: 204 };
}

function findGrant(ctx: OperationContext): StoredPermissionGrant {
  const id = keyAt(ctx, 0).value;
  const grant = ctx.tenant.permissionGrants.get(id);
  if (!grant || !isVisible(ctx, 'permissionGrant', grant._createdAt)) throw notFound(id);
  return grant;
}

function referencedServicePrincipal(
  ctx: OperationContext,
  id: unknown,
  property: string,
): StoredServicePrincipal {
  if (typeof id !== 'string') throw invalidValue(property);
  const sp = ctx.tenant.servicePrincipals.get(id);
  if (!sp) throw notFound(id);
  if (!isVisible(ctx, 'servicePrincipal', sp._createdAt))
    throw badRequest('Not a valid reference update.');
  return sp;
}

function invalidValue(property: string): ReturnType<typeof badRequest> {
  return badRequest(
    `Invalid value specified for property '${property}' of resource 'OAuth2PermissionGrant'.`,
  );
}
