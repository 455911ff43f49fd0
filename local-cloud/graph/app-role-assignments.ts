// App role assignments (application permissions granted to a service principal), reached from the
// resource (appRoleAssignedTo) or from the principal (appRoleAssignments).
import type { StoredAppRoleAssignment, StoredServicePrincipal } from '../tenant.js';
import { assertCanAssignAppRoles, assertCanReadServicePrincipals } from './authorization.js';
import { badRequest, notFound } from './errors.js';
import { findServicePrincipal, keyAt, newLinkId } from './lookup.js';
import { applySelect, assertSelectable, contextUrl, toCollectionResponse } from './odata.js';
import { isVisible, type OperationContext, type OperationResult } from './operation.js';
import { SCHEMAS } from './schema.js';

/** Which side of the assignment the URL's service principal is. */
export type AssignmentSide = 'appRoleAssignedTo' | 'appRoleAssignments';

const DEFAULT_ACCESS_ROLE = '00000000-0000-0000-0000-000000000000';

function belongsTo(
  side: AssignmentSide,
  sp: StoredServicePrincipal,
  a: StoredAppRoleAssignment,
): boolean {
  return side === 'appRoleAssignedTo' ? a.resourceId === sp.id : a.principalId === sp.id;
}

/** An assignment as Graph returns it. */
export function toAssignmentResource(a: StoredAppRoleAssignment): Record<string, unknown> {
  const {
    id,
    deletedDateTime,
    appRoleId,
    createdDateTime,
    principalDisplayName,
    principalId,
    principalType,
    resourceDisplayName,
    resourceId,
  } = a;
  return {
    id,
    deletedDateTime,
    appRoleId,
    createdDateTime,
    principalDisplayName,
    principalId,
    principalType,
    resourceDisplayName,
    resourceId,
  };
}

/** GET /servicePrincipals/{key}/appRoleAssignedTo or …/appRoleAssignments */
export function listAssignments(side: AssignmentSide) {
  return (ctx: OperationContext): OperationResult => {
    assertCanReadServicePrincipals(ctx);
    const sp = findServicePrincipal(ctx, keyAt(ctx, 0));
    const items = [...ctx.tenant.appRoleAssignments.values()].filter(
      (a) => belongsTo(side, sp, a) && isVisible(ctx, 'appRoleAssignment', a._createdAt),
    );
    const location = {
      baseUrl: ctx.baseUrl,
      path: `/servicePrincipals/${sp.id}/${side}`,
      context: `servicePrincipals('${sp.id}')/${side}`,
    };
    return {
      status: 200,
      body: toCollectionResponse(
        items,
        toAssignmentResource,
        ctx.query,
        SCHEMAS.appRoleAssignment,
        location,
      ),
    };
  };
}

/** GET /servicePrincipals/{key}/appRoleAssignedTo/{id} or …/appRoleAssignments/{id} */
export function getAssignment(side: AssignmentSide) {
  return (ctx: OperationContext): OperationResult => {
    assertCanReadServicePrincipals(ctx);
    const sp = findServicePrincipal(ctx, keyAt(ctx, 0));
    const assignment = findAssignment(ctx, side, sp);
    assertSelectable(ctx.query, SCHEMAS.appRoleAssignment);
    const resource = applySelect(
      toAssignmentResource(assignment),
      ctx.query,
      SCHEMAS.appRoleAssignment,
    );
    return {
      status: 200,
      body: {
        '@odata.context': contextUrl(
          ctx.baseUrl,
          `servicePrincipals('${sp.id}')/${side}/$entity`,
          ctx.query,
        ),
        ...resource,
      },
    };
  };
}

/** POST /servicePrincipals/{key}/appRoleAssignedTo or …/appRoleAssignments {principalId, resourceId, appRoleId} */
export function createAssignment(side: AssignmentSide) {
  return (ctx: OperationContext): OperationResult => {
    assertCanAssignAppRoles(ctx);
    const pathSp = findServicePrincipal(ctx, keyAt(ctx, 0));
    const bodySide = side === 'appRoleAssignedTo' ? 'principalId' : 'resourceId';
    const pathSide = side === 'appRoleAssignedTo' ? 'resourceId' : 'principalId';
    if (ctx.body[pathSide] !== undefined && String(ctx.body[pathSide]).toLowerCase() !== pathSp.id)
      throw invalidValue(pathSide);
    const [principal, resource] =
      side === 'appRoleAssignedTo'
        ? [referencedPrincipal(ctx, ctx.body[bodySide], bodySide), pathSp]
        : [toPrincipal(pathSp), referencedServicePrincipal(ctx, ctx.body[bodySide], bodySide)];
    const appRoleId = ctx.body.appRoleId;
    if (typeof appRoleId !== 'string') throw invalidValue('appRoleId');
    if (appRoleId !== DEFAULT_ACCESS_ROLE && !resource.appRoles.some((r) => r.id === appRoleId)) {
      throw badRequest('Permission being assigned was not found on application.');
    }
    for (const a of ctx.tenant.appRoleAssignments.values()) {
      if (
        a.principalId === principal.id &&
        a.resourceId === resource.id &&
        a.appRoleId === appRoleId
      ) {
        throw badRequest('Permission being assigned already exists on the object.');
      }
    }
    const assignment = newAssignment(ctx, principal, resource, appRoleId);
    ctx.tenant.appRoleAssignments.set(assignment.id, assignment);
    const context = `${ctx.baseUrl}/$metadata#servicePrincipals('${pathSp.id}')/${side}/$entity`;
    return {
      status: 201,
      body: { '@odata.context': context, ...toAssignmentResource(assignment) },
    };
  };
}

/** DELETE /servicePrincipals/{key}/appRoleAssignedTo/{id} or …/appRoleAssignments/{id} */
export function deleteAssignment(side: AssignmentSide) {
  return (ctx: OperationContext): OperationResult => {
    assertCanAssignAppRoles(ctx);
    const sp = findServicePrincipal(ctx, keyAt(ctx, 0));
    const assignment = findAssignment(ctx, side, sp);
    ctx.tenant.appRoleAssignments.delete(assignment.id);
    return { status: 204 };
  };
}

function findAssignment(
  ctx: OperationContext,
  side: AssignmentSide,
  sp: StoredServicePrincipal,
): StoredAppRoleAssignment {
  const id = keyAt(ctx, 1).value;
  const assignment = ctx.tenant.appRoleAssignments.get(id);
  if (
    !assignment ||
    !belongsTo(side, sp, assignment) ||
    !isVisible(ctx, 'appRoleAssignment', assignment._createdAt)
  )
    throw notFound(id);
  return assignment;
}

function referencedServicePrincipal(
  ctx: OperationContext,
  id: unknown,
  property: string,
): StoredServicePrincipal {
  if (typeof id !== 'string') throw invalidValue(property);
  const sp =
    ctx.tenant.servicePrincipals.get(id.toLowerCase()) ?? ctx.tenant.servicePrincipals.get(id);
  if (!sp) throw notFound(id);
  // A principal created moments ago is known to the directory but not yet to this replica.
  if (!isVisible(ctx, 'servicePrincipal', sp._createdAt))
    throw badRequest('Not a valid reference update.');
  return sp;
}

/** The principal side of an assignment: a user, a group or a service principal. */
interface AssignedPrincipal {
  id: string;
  displayName: string;
  type: StoredAppRoleAssignment['principalType'];
}

function toPrincipal(sp: StoredServicePrincipal): AssignedPrincipal {
  return { id: sp.id, displayName: sp.displayName, type: 'ServicePrincipal' };
}

// appRoleAssignedTo takes users and groups as well as service principals.
function referencedPrincipal(
  ctx: OperationContext,
  id: unknown,
  property: string,
): AssignedPrincipal {
  if (typeof id !== 'string') throw invalidValue(property);
  const key = id.toLowerCase();
  const user = ctx.tenant.users.get(key);
  if (user) return { id: user.id, displayName: user.displayName, type: 'User' };
  const group = ctx.tenant.groups.get(key);
  if (group) return { id: group.id, displayName: group.displayName, type: 'Group' };
  return toPrincipal(referencedServicePrincipal(ctx, id, property));
}

function newAssignment(
  ctx: OperationContext,
  principal: AssignedPrincipal,
  resource: StoredServicePrincipal,
  appRoleId: string,
): StoredAppRoleAssignment {
  return {
    id: newLinkId(),
    appRoleId,
    principalId: principal.id,
    principalDisplayName: principal.displayName,
    principalType: principal.type,
    resourceId: resource.id,
    resourceDisplayName: resource.displayName,
    createdDateTime: new Date(ctx.now).toISOString(),
    deletedDateTime: null,
    _createdAt: ctx.now,
  };
}

function invalidValue(property: string): ReturnType<typeof badRequest> {
  return badRequest(
    `Invalid value specified for property '${property}' of resource 'AppRoleAssignment'.`,
  );
}
