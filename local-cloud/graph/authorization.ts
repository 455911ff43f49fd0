// Which application permissions (roles claim) allow what. Application.ReadWrite.OwnedBy limits the
// caller to the applications and service principals it owns; Graph adds the caller as owner of
// the objects it creates with that permission.
import { forbidden } from './errors.js';
import type { OperationContext } from './operation.js';

const APP_READ = [
  'Application.Read.All',
  'Application.ReadWrite.All',
  'Directory.Read.All',
  'Directory.ReadWrite.All',
];
const APP_WRITE = ['Application.ReadWrite.All'];
const OWNED_BY = 'Application.ReadWrite.OwnedBy';
// Managing assignments and grants means resolving the resource's roles and scopes, so these read service principals too.
const SP_READ = [
  ...APP_READ,
  OWNED_BY,
  'AppRoleAssignment.ReadWrite.All',
  'DelegatedPermissionGrant.ReadWrite.All',
];
// Application permissions do not cover delegated grants: https://learn.microsoft.com/graph/api/oauth2permissiongrant-list
const GRANT_READ = [
  'Directory.Read.All',
  'Directory.ReadWrite.All',
  'DelegatedPermissionGrant.ReadWrite.All',
  'DelegatedPermissionGrant.Read.All',
];

/** An object that has owners. */
export interface Owned {
  owners: string[];
}

function holdsAny(ctx: OperationContext, roles: readonly string[]): boolean {
  return roles.some((role) => ctx.caller.roles.has(role));
}

/** Whether the caller works under Application.ReadWrite.OwnedBy only (no tenant-wide application permission). */
export function isOwnedByOnly(ctx: OperationContext): boolean {
  return ctx.caller.roles.has(OWNED_BY) && !holdsAny(ctx, APP_WRITE);
}

/** Whether the caller owns `object`. */
export function ownsObject(ctx: OperationContext, object: Owned): boolean {
  return object.owners.includes(ctx.caller.oid);
}

/** Whether the caller may read this application (lists skip the ones it may not). */
export function canReadApplication(ctx: OperationContext, app: Owned): boolean {
  return holdsAny(ctx, APP_READ) || (ctx.caller.roles.has(OWNED_BY) && ownsObject(ctx, app));
}

/** Throws 403 unless the caller may list applications at all. */
export function assertCanListApplications(ctx: OperationContext): void {
  if (!holdsAny(ctx, [...APP_READ, OWNED_BY])) throw forbidden();
}

/** Throws 403 unless the caller may read this application. */
export function assertCanReadApplication(ctx: OperationContext, app: Owned): void {
  if (!canReadApplication(ctx, app)) throw forbidden();
}

/** Throws 403 unless the caller may create applications and service principals. */
export function assertCanCreateApplication(ctx: OperationContext): void {
  if (!holdsAny(ctx, [...APP_WRITE, OWNED_BY])) throw forbidden();
}

/** Throws 403 unless the caller may change or delete this application or service principal. */
export function assertCanWriteOwned(ctx: OperationContext, object: Owned): void {
  if (holdsAny(ctx, APP_WRITE)) return;
  if (ctx.caller.roles.has(OWNED_BY) && ownsObject(ctx, object)) return;
  throw forbidden();
}

/** Throws 403 unless the caller may read service principals. */
export function assertCanReadServicePrincipals(ctx: OperationContext): void {
  if (!holdsAny(ctx, SP_READ)) throw forbidden();
}

/** Throws 403 unless the caller holds AppRoleAssignment.ReadWrite.All. */
export function assertCanAssignAppRoles(ctx: OperationContext): void {
  if (!holdsAny(ctx, ['AppRoleAssignment.ReadWrite.All'])) throw forbidden();
}

/** Throws 403 unless the caller may read delegated permission grants. */
export function assertCanReadGrants(ctx: OperationContext): void {
  if (!holdsAny(ctx, GRANT_READ)) throw forbidden();
}

/** Throws 403 unless the caller holds DelegatedPermissionGrant.ReadWrite.All. */
export function assertCanWriteGrants(ctx: OperationContext): void {
  if (!holdsAny(ctx, ['DelegatedPermissionGrant.ReadWrite.All'])) throw forbidden();
}

// https://learn.microsoft.com/graph/api/user-get and group-list: the least privileged application
// permissions that read users' and groups' basic properties.
const USER_READ = [
  'User.ReadBasic.All',
  'User.Read.All',
  'User.ReadWrite.All',
  'Directory.Read.All',
  'Directory.ReadWrite.All',
];
const GROUP_READ = [
  'GroupMember.Read.All',
  'Group.Read.All',
  'Group.ReadWrite.All',
  'Directory.Read.All',
  'Directory.ReadWrite.All',
];

/** Throws 403 unless the caller may read users. */
export function assertCanReadUsers(ctx: OperationContext): void {
  if (!holdsAny(ctx, USER_READ)) throw forbidden();
}

/** Throws 403 unless the caller may read groups. */
export function assertCanReadGroups(ctx: OperationContext): void {
  if (!holdsAny(ctx, GROUP_READ)) throw forbidden();
}

/**
 * Throws 403 when the caller adds an owner other than itself with Application.ReadWrite.OwnedBy
 * only: https://learn.microsoft.com/graph/api/application-post-owners says OwnedBy is not enough
 * to add another owner.
 */
export function assertCanAddOwner(ctx: OperationContext, object: Owned, ownerId: string): void {
  assertCanWriteOwned(ctx, object);
  if (isOwnedByOnly(ctx) && ownerId !== ctx.caller.oid) throw forbidden();
}
