// $expand on the navigation properties the directory holds: an application's owners and
// federatedIdentityCredentials, a service principal's owners, appRoleAssignments and
// appRoleAssignedTo. Graph returns at most 20 objects per expanded property
// (https://learn.microsoft.com/graph/query-parameters#expand-parameter).
import type { StoredApplication, StoredServicePrincipal } from '../tenant.js';
import { toAssignmentResource } from './app-role-assignments.js';
import { badRequest, unknownProperty } from './errors.js';
import { toFederatedCredentialResource } from './federated-credentials.js';
import { toOwnerResource } from './owners.js';
import { isVisible, type OperationContext } from './operation.js';
import type { EntityType } from './schema.js';

/** One item of $expand: a navigation property, optionally with a nested $select. */
export interface ExpandItem {
  property: string;
  select?: string[];
}

const MAX_EXPANDED = 20;

type Expander<T> = (ctx: OperationContext, holder: T) => Array<Record<string, unknown>>;

const APPLICATION: Record<string, Expander<StoredApplication>> = {
  owners: (ctx, app) => app.owners.map((id) => toOwnerResource(ctx, id)),
  federatedIdentityCredentials: (ctx, app) =>
    app.federatedIdentityCredentials
      .filter((c) => isVisible(ctx, 'federatedCredential', c._createdAt))
      .map(toFederatedCredentialResource),
};

const SERVICE_PRINCIPAL: Record<string, Expander<StoredServicePrincipal>> = {
  owners: (ctx, sp) => sp.owners.map((id) => toOwnerResource(ctx, id)),
  appRoleAssignments: (ctx, sp) => assignments(ctx, (a) => a.principalId === sp.id),
  appRoleAssignedTo: (ctx, sp) => assignments(ctx, (a) => a.resourceId === sp.id),
};

const NAVIGATION: Partial<Record<EntityType, Record<string, Expander<never>>>> = {
  application: APPLICATION,
  servicePrincipal: SERVICE_PRINCIPAL,
};

function assignments(
  ctx: OperationContext,
  belongs: (a: { principalId: string; resourceId: string }) => boolean,
): Array<Record<string, unknown>> {
  return [...ctx.tenant.appRoleAssignments.values()]
    .filter((a) => belongs(a) && isVisible(ctx, 'appRoleAssignment', a._createdAt))
    .map(toAssignmentResource);
}

/** Parses `owners,federatedIdentityCredentials($select=name)`; throws Graph's 400 on bad syntax. */
export function parseExpand(text: string): ExpandItem[] {
  const items: ExpandItem[] = [];
  for (const part of splitTopLevel(text)) {
    const match = /^([A-Za-z0-9_.]+)(?:\((.*)\))?$/s.exec(part.trim());
    if (!match) throw badRequest(`Invalid $expand expression '${part}'.`);
    const item: ExpandItem = { property: match[1] };
    if (match[2] !== undefined) {
      const nested = new URLSearchParams(match[2].replace(/;/g, '&'));
      for (const name of nested.keys())
        if (name !== '$select')
          throw badRequest(`Query option '${name}' inside $expand is not supported.`);
      item.select = nested
        .get('$select')
        ?.split(',')
        .map((p) => p.trim())
        .filter(Boolean);
    }
    items.push(item);
  }
  return items;
}

function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of text) {
    if (char === '(') depth += 1;
    if (char === ')') depth -= 1;
    if (char === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += char;
  }
  parts.push(current);
  return parts.filter((p) => p.trim() !== '');
}

/** Throws Graph's 400 when $expand names something that is not a navigation property of `type`. */
export function assertExpandable(expand: ExpandItem[] | undefined, type: EntityType): void {
  const navigation = NAVIGATION[type] ?? {};
  for (const item of expand ?? []) {
    if (!(item.property in navigation)) throw unknownProperty(item.property, type);
  }
}

/** The expanded navigation properties of an application (empty without $expand). */
export function expandApplication(
  ctx: OperationContext,
  app: StoredApplication,
): Record<string, unknown> {
  return expand(ctx, APPLICATION, app);
}

/** The expanded navigation properties of a service principal (empty without $expand). */
export function expandServicePrincipal(
  ctx: OperationContext,
  sp: StoredServicePrincipal,
): Record<string, unknown> {
  return expand(ctx, SERVICE_PRINCIPAL, sp);
}

function expand<T>(
  ctx: OperationContext,
  expanders: Record<string, Expander<T>>,
  holder: T,
): Record<string, unknown> {
  const expanded: Record<string, unknown> = {};
  for (const item of ctx.query.expand ?? []) {
    const objects = expanders[item.property]?.(ctx, holder) ?? [];
    expanded[item.property] = objects
      .slice(0, MAX_EXPANDED)
      .map((object) => (item.select ? pick(object, item.select) : object));
  }
  return expanded;
}

function pick(object: Record<string, unknown>, select: string[]): Record<string, unknown> {
  const picked: Record<string, unknown> = {};
  for (const name of ['@odata.type', 'id', ...select])
    if (name in object) picked[name] = object[name];
  return picked;
}
