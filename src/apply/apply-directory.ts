// Executors of the owner, enterprise app and assignment changes.
import {
  addAppRoleAssignedTo,
  addOwnerReference,
  patchServicePrincipal,
  removeAppRoleAssignedTo,
  removeOwnerReference,
} from '../graph/write-directory.js';
import { formatPrincipal } from '../model/directory.js';
import type { ChangeOf } from '../plan/change-kinds.js';
import type { ApplyContext, Learned, RunIds } from './apply-context.js';

type OwnedIds = Pick<RunIds, 'applicationId' | 'servicePrincipalId'>;

const ownedId = (on: ChangeOf<'addOwner'>['on'], ids: OwnedIds): string =>
  on === 'application' ? ids.applicationId : ids.servicePrincipalId;

/** Adds an owner to the application or its service principal, or removes one the profile no longer lists (prune). */
export async function applyOwnerChange(
  change: ChangeOf<'addOwner' | 'removeOwner'>,
  ids: OwnedIds,
  ctx: ApplyContext,
): Promise<Learned> {
  const adding = change.kind === 'addOwner';
  const write = adding ? addOwnerReference : removeOwnerReference;
  await write(ctx.graph, change.on, ownedId(change.on, ids), change.principal.id);
  const who = formatPrincipal(change.principal);
  ctx.logger.info(
    adding
      ? `Added owner ${who} to the ${change.on}`
      : `Removed owner ${who} from the ${change.on}`,
  );
  return {};
}

/** Sets the enterprise app's differing settings. */
export async function applyUpdateServicePrincipal(
  change: ChangeOf<'updateServicePrincipal'>,
  ids: Pick<RunIds, 'servicePrincipalId'>,
  ctx: ApplyContext,
): Promise<Learned> {
  await patchServicePrincipal(ctx.graph, ids.servicePrincipalId, change.patch);
  const names = change.diffs.map((d) => d.property.replace('servicePrincipal.', ''));
  ctx.logger.info(`Updated enterprise app: ${names.join(', ')}`);
  return {};
}

/** Assigns a user, group or service principal one of the app's roles, or removes an assignment the profile no longer lists (prune). */
export async function applyAssignmentChange(
  change: ChangeOf<'addAssignment' | 'removeAssignment'>,
  ids: Pick<RunIds, 'servicePrincipalId'>,
  ctx: ApplyContext,
): Promise<Learned> {
  const who = formatPrincipal(change.principal);
  const role = change.role ?? 'default access';
  if (change.kind === 'addAssignment') {
    await addAppRoleAssignedTo(
      ctx.graph,
      ids.servicePrincipalId,
      change.principal.id,
      change.appRoleId,
    );
    ctx.logger.info(`Assigned ${who} to ${role}`);
  } else {
    await removeAppRoleAssignedTo(ctx.graph, ids.servicePrincipalId, change.assignmentId);
    ctx.logger.info(`Removed the assignment of ${who} to ${role}`);
  }
  return {};
}
