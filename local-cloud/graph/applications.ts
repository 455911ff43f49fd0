// /applications: list, $count, create, get, update, upsert by uniqueName, delete.
import { applyAudienceDefaults, assertAppModelRules } from './app-model.js';
import type { StoredApplication } from '../tenant.js';
import {
  applyApplicationBody,
  newApplication,
  toApplicationResource,
} from './application-resource.js';
import {
  assertCanCreateApplication,
  assertCanListApplications,
  assertCanReadApplication,
  assertCanWriteOwned,
  canReadApplication,
  isOwnedByOnly,
} from './authorization.js';
import { assertEntitlementRules } from './entitlements.js';
import { objectConflict } from './errors.js';
import { expandApplication } from './expand.js';
import { findApplication, keyAt, peekApplication } from './lookup.js';
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
import { deleteServicePrincipalCascade } from './service-principals.js';

function visibleApplications(ctx: OperationContext): StoredApplication[] {
  assertCanListApplications(ctx);
  return [...ctx.tenant.applications.values()].filter(
    (app) => isVisible(ctx, 'application', app._createdAt) && canReadApplication(ctx, app),
  );
}

/** GET /applications */
export function listApplications(ctx: OperationContext): OperationResult {
  assertCountAllowed(ctx.query, ctx.headers);
  const location = { baseUrl: ctx.baseUrl, path: '/applications', context: 'applications' };
  const body = toCollectionResponse(
    visibleApplications(ctx),
    (app) => ({ ...toApplicationResource(ctx, app), ...expandApplication(ctx, app) }),
    ctx.query,
    SCHEMAS.application,
    location,
  );
  return { status: 200, body };
}

/** GET /applications/$count (text/plain) */
export function countApplications(ctx: OperationContext): OperationResult {
  assertCountAllowed(ctx.query, ctx.headers, true);
  return countResponse(visibleApplications(ctx), ctx, SCHEMAS.application);
}

/** GET /applications/{key} */
export function getApplication(ctx: OperationContext): OperationResult {
  const app = findApplication(ctx, keyAt(ctx, 0));
  assertCanReadApplication(ctx, app);
  return { status: 200, body: toEntityBody(ctx, app) };
}

/** POST /applications */
export function createApplication(ctx: OperationContext): OperationResult {
  assertCanCreateApplication(ctx);
  const app = newApplication(ctx.now);
  applyApplicationBody(ctx, app, ctx.body, true);
  applyAudienceDefaults(app, ctx.body);
  assertAppModelRules(ctx, app);
  assertEntitlementRules(app, undefined);
  return storeNewApplication(ctx, app);
}

/** PATCH /applications/{key}; on (uniqueName='…') with `Prefer: create-if-missing` an upsert. */
export function updateApplication(ctx: OperationContext): OperationResult {
  const key = keyAt(ctx, 0);
  if (key.property === 'uniqueName') {
    const existing = peekApplication(ctx, key);
    const createIfMissing = /(^|[,;\s])create-if-missing($|[,;\s])/i.test(ctx.headers.prefer ?? '');
    if (!existing && createIfMissing) return upsertCreate(ctx, key.value);
    if (existing && !isVisible(ctx, 'application', existing._createdAt) && createIfMissing)
      throw objectConflict('uniqueName');
  }
  const app = findApplication(ctx, key);
  assertCanWriteOwned(ctx, app);
  const draft = structuredClone(app);
  applyApplicationBody(ctx, draft, ctx.body, false);
  assertAppModelRules(ctx, draft, app, Object.keys(ctx.body));
  assertEntitlementRules(draft, app);
  ctx.tenant.applications.set(app.id, draft);
  syncServicePrincipal(ctx, draft);
  return { status: 204 };
}

/** The directory keeps the app's service principal in step with the roles and scopes the app publishes. */
function syncServicePrincipal(ctx: OperationContext, app: StoredApplication): void {
  const sp = ctx.tenant.servicePrincipalByAppId(app.appId);
  if (sp?.appOwnerOrganizationId !== ctx.tenant.tenantId) return;
  if ('appRoles' in ctx.body) sp.appRoles = structuredClone(app.appRoles ?? []);
  if ('api' in ctx.body)
    sp.oauth2PermissionScopes = structuredClone(
      (app.api?.oauth2PermissionScopes ?? []) as typeof sp.oauth2PermissionScopes,
    );
  if ('displayName' in ctx.body) sp.appDisplayName = app.displayName;
  // Clients find an API by its identifier URI through the service principal's names.
  if ('identifierUris' in ctx.body) sp.servicePrincipalNames = [app.appId, ...app.identifierUris];
}

function upsertCreate(ctx: OperationContext, uniqueName: string): OperationResult {
  assertCanCreateApplication(ctx);
  const app = newApplication(ctx.now);
  app.uniqueName = uniqueName;
  applyApplicationBody(ctx, app, ctx.body, true);
  applyAudienceDefaults(app, ctx.body);
  assertAppModelRules(ctx, app);
  assertEntitlementRules(app, undefined);
  return storeNewApplication(ctx, app);
}

function storeNewApplication(ctx: OperationContext, app: StoredApplication): OperationResult {
  // With OwnedBy only, Graph makes the calling service principal an owner of what it creates.
  if (isOwnedByOnly(ctx) && !app.owners.includes(ctx.caller.oid)) app.owners.push(ctx.caller.oid);
  if (app.uniqueName && ctx.tenant.applicationByUniqueName(app.uniqueName))
    throw objectConflict('uniqueName');
  ctx.tenant.applications.set(app.id, app);
  const body = {
    '@odata.context': `${ctx.baseUrl}/$metadata#applications/$entity`,
    ...toApplicationResource(ctx, app),
  };
  return {
    status: 201,
    headers: {
      location: `${ctx.baseUrl}/directoryObjects/${app.id}/Microsoft.DirectoryServices.Application`,
    },
    body,
  };
}

/** DELETE /applications/{key}: also removes the app's service principal, as the directory does. */
export function deleteApplication(ctx: OperationContext): OperationResult {
  const app = findApplication(ctx, keyAt(ctx, 0));
  assertCanWriteOwned(ctx, app);
  ctx.tenant.applications.delete(app.id);
  const sp = ctx.tenant.servicePrincipalByAppId(app.appId);
  if (sp) deleteServicePrincipalCascade(ctx, sp);
  return { status: 204 };
}

/** The entity body of a single-object GET: @odata.context, then the ($select-ed) properties. */
export function toEntityBody(
  ctx: OperationContext,
  app: StoredApplication,
): Record<string, unknown> {
  assertSelectable(ctx.query, SCHEMAS.application);
  const resource = applySelect(
    { ...toApplicationResource(ctx, app), ...expandApplication(ctx, app) },
    ctx.query,
    SCHEMAS.application,
  );
  return {
    '@odata.context': contextUrl(ctx.baseUrl, 'applications/$entity', ctx.query),
    ...resource,
  };
}
