// Owners of applications and service principals: list, add ($ref) and remove ($ref).
import type { StoredApplication, StoredServicePrincipal } from '../tenant.js';
import {
  assertCanAddOwner,
  assertCanReadApplication,
  assertCanReadServicePrincipals,
  assertCanWriteOwned,
} from './authorization.js';
import { toUserResource } from './directory-objects.js';
import { badRequest, notFound } from './errors.js';
import { findApplication, findServicePrincipal, keyAt, visibleServicePrincipal } from './lookup.js';
import { toCollectionResponse } from './odata.js';
import type { OperationContext, OperationResult } from './operation.js';
import { SCHEMAS } from './schema.js';
import { toServicePrincipalResource } from './service-principals.js';

/** Whose owners the URL names. */
export type OwnedKind = 'applications' | 'servicePrincipals';

function findOwned(
  ctx: OperationContext,
  kind: OwnedKind,
  forWrite: boolean,
): StoredApplication | StoredServicePrincipal {
  const key = keyAt(ctx, 0);
  if (kind === 'applications') {
    const app = findApplication(ctx, key);
    if (!forWrite) assertCanReadApplication(ctx, app);
    return app;
  }
  if (!forWrite) assertCanReadServicePrincipals(ctx);
  return findServicePrincipal(ctx, key);
}

/** An owner as Graph returns it: a service principal, or (any other id) a user. */
export function toOwnerResource(ctx: OperationContext, id: string): Record<string, unknown> {
  const sp = visibleServicePrincipal(ctx, id);
  if (sp)
    return {
      '@odata.type': '#microsoft.graph.servicePrincipal',
      ...toServicePrincipalResource(ctx, sp),
    };
  const user = ctx.tenant.users.get(id);
  return { '@odata.type': '#microsoft.graph.user', ...(user ? toUserResource(user) : { id }) };
}

/** GET /{kind}/{key}/owners: directory objects (service principals; other ids as users). */
export function listOwners(kind: OwnedKind) {
  return (ctx: OperationContext): OperationResult => {
    const owned = findOwned(ctx, kind, false);
    const items = owned.owners.map((id) => ({ id }));
    const location = {
      baseUrl: ctx.baseUrl,
      path: `/${kind}/${owned.id}/owners`,
      context: 'directoryObjects',
    };
    return {
      status: 200,
      body: toCollectionResponse(
        items,
        (o) => toOwnerResource(ctx, o.id),
        ctx.query,
        SCHEMAS.servicePrincipal,
        location,
      ),
    };
  };
}

/** POST /{kind}/{key}/owners/$ref {"@odata.id": ".../directoryObjects/{id}"} */
export function addOwner(kind: OwnedKind) {
  return (ctx: OperationContext): OperationResult => {
    const owned = findOwned(ctx, kind, true);
    const reference = ctx.body['@odata.id'];
    if (typeof reference !== 'string')
      throw badRequest("Invalid value specified for property '@odata.id'.");
    const ownerId = (reference.replace(/\/+$/, '').split('/').pop() ?? '').toLowerCase();
    assertCanAddOwner(ctx, owned, ownerId);
    if (!visibleServicePrincipal(ctx, ownerId) && !ctx.tenant.users.has(ownerId))
      throw notFound(ownerId);
    if (owned.owners.includes(ownerId)) {
      throw badRequest(
        "One or more added object references already exist for the following modified properties: 'owners'.",
      );
    }
    owned.owners.push(ownerId);
    return { status: 204 };
  };
}

/** DELETE /{kind}/{key}/owners/{id}/$ref */
export function removeOwner(kind: OwnedKind) {
  return (ctx: OperationContext): OperationResult => {
    const owned = findOwned(ctx, kind, true);
    assertCanWriteOwned(ctx, owned);
    const ownerId = keyAt(ctx, 1).value;
    if (!owned.owners.includes(ownerId)) {
      throw badRequest(
        "One or more removed object references do not exist for the following modified properties: 'owners'.",
      );
    }
    owned.owners = owned.owners.filter((id) => id !== ownerId);
    return { status: 204 };
  };
}
