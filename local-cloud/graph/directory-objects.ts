// Users and groups: read by key (object id, or a user principal name for users) and listed with
// $filter, as owners and assignments look them up.
import type { StoredGroup, StoredUser } from '../tenant.js';
import { assertCanReadGroups, assertCanReadUsers } from './authorization.js';
import { notFound } from './errors.js';
import { keyAt } from './lookup.js';
import { applySelect, assertSelectable, contextUrl, toCollectionResponse } from './odata.js';
import type { OperationContext, OperationResult } from './operation.js';
import { SCHEMAS } from './schema.js';

/** A user as Graph returns it by default. */
export function toUserResource(user: StoredUser): Record<string, unknown> {
  return {
    id: user.id,
    businessPhones: [],
    displayName: user.displayName,
    givenName: null,
    jobTitle: null,
    mail: user.mail,
    mobilePhone: null,
    officeLocation: null,
    preferredLanguage: null,
    surname: null,
    userPrincipalName: user.userPrincipalName,
  };
}

/** A group as Graph returns it (the properties the fake keeps). */
export function toGroupResource(group: StoredGroup): Record<string, unknown> {
  return {
    id: group.id,
    deletedDateTime: null,
    description: group.description,
    displayName: group.displayName,
    groupTypes: [],
    mail: null,
    mailEnabled: group.mailEnabled,
    mailNickname: group.displayName.replace(/[^A-Za-z0-9]/g, ''),
    securityEnabled: group.securityEnabled,
    visibility: null,
  };
}

/** GET /users */
export function listUsers(ctx: OperationContext): OperationResult {
  assertCanReadUsers(ctx);
  const location = { baseUrl: ctx.baseUrl, path: '/users', context: 'users' };
  const users = [...ctx.tenant.users.values()];
  return {
    status: 200,
    body: toCollectionResponse(users, toUserResource, ctx.query, SCHEMAS.user, location),
  };
}

/** GET /users/{id | userPrincipalName} */
export function getUser(ctx: OperationContext): OperationResult {
  assertCanReadUsers(ctx);
  const key = keyAt(ctx, 0).value;
  const user = ctx.tenant.userByKey(key);
  if (!user) throw notFound(key);
  assertSelectable(ctx.query, SCHEMAS.user);
  return {
    status: 200,
    body: {
      '@odata.context': contextUrl(ctx.baseUrl, 'users/$entity', ctx.query),
      ...applySelect(toUserResource(user), ctx.query, SCHEMAS.user),
    },
  };
}

/** GET /groups */
export function listGroups(ctx: OperationContext): OperationResult {
  assertCanReadGroups(ctx);
  const location = { baseUrl: ctx.baseUrl, path: '/groups', context: 'groups' };
  const groups = [...ctx.tenant.groups.values()];
  return {
    status: 200,
    body: toCollectionResponse(groups, toGroupResource, ctx.query, SCHEMAS.group, location),
  };
}

/** GET /groups/{id} */
export function getGroup(ctx: OperationContext): OperationResult {
  assertCanReadGroups(ctx);
  const key = keyAt(ctx, 0).value;
  const group = ctx.tenant.groups.get(key.toLowerCase());
  if (!group) throw notFound(key);
  assertSelectable(ctx.query, SCHEMAS.group);
  return {
    status: 200,
    body: {
      '@odata.context': contextUrl(ctx.baseUrl, 'groups/$entity', ctx.query),
      ...applySelect(toGroupResource(group), ctx.query, SCHEMAS.group),
    },
  };
}
