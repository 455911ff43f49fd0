// Resolving URL keys and body references to stored objects, honouring the replication delay:
// an object younger than its kind's delay does not exist for anyone but its creator's response.
import { randomBytes } from 'node:crypto';
import type { StoredApplication, StoredServicePrincipal } from '../tenant.js';
import { notFound } from './errors.js';
import { isVisible, type Key, type OperationContext } from './operation.js';

/** The application named by `key` (id, appId or uniqueName); 404 when absent or not yet replicated. */
export function findApplication(ctx: OperationContext, key: Key): StoredApplication {
  const app = peekApplication(ctx, key);
  if (!app || !isVisible(ctx, 'application', app._createdAt)) throw notFound(key.value);
  return app;
}

/** The application named by `key`, visible or not (for uniqueness checks). */
export function peekApplication(ctx: OperationContext, key: Key): StoredApplication | undefined {
  const { tenant } = ctx;
  if (key.property === 'id') return tenant.applications.get(key.value);
  if (key.property === 'appId') return tenant.applicationByAppId(key.value);
  if (key.property === 'uniqueName') return tenant.applicationByUniqueName(key.value);
  throw notFound(key.value);
}

/** The service principal named by `key` (id or appId); 404 when absent or not yet replicated. */
export function findServicePrincipal(ctx: OperationContext, key: Key): StoredServicePrincipal {
  const sp = peekServicePrincipal(ctx, key);
  if (!sp || !isVisible(ctx, 'servicePrincipal', sp._createdAt)) throw notFound(key.value);
  return sp;
}

/** The service principal named by `key`, visible or not. */
export function peekServicePrincipal(
  ctx: OperationContext,
  key: Key,
): StoredServicePrincipal | undefined {
  if (key.property === 'id') return ctx.tenant.servicePrincipals.get(key.value);
  if (key.property === 'appId') return ctx.tenant.servicePrincipalByAppId(key.value);
  throw notFound(key.value);
}

/** The visible service principal with object id `id`, or undefined. */
export function visibleServicePrincipal(
  ctx: OperationContext,
  id: unknown,
): StoredServicePrincipal | undefined {
  if (typeof id !== 'string') return undefined;
  const sp = ctx.tenant.servicePrincipals.get(id);
  return sp && isVisible(ctx, 'servicePrincipal', sp._createdAt) ? sp : undefined;
}

/** The key of the `index`-th keyed segment of the URL. */
export function keyAt(ctx: OperationContext, index: number): Key {
  const key = ctx.keys[index];
  if (!key) throw notFound('');
  return key;
}

/** A random id in the shape Graph uses for appRoleAssignments and oauth2PermissionGrants (43 base64url chars). */
export function newLinkId(): string {
  return randomBytes(32).toString('base64url').slice(0, 43);
}
