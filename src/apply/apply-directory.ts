// Carries out the owner, enterprise app and assignment changes with the ids the run knows.
import {
  addAppRoleAssignedTo,
  addOwnerReference,
  patchServicePrincipal,
  readServicePrincipalRoles,
  removeAppRoleAssignedTo,
  removeOwnerReference,
} from '../graph/directory-writes.js';
import { formatPrincipal } from '../model/directory.js';
import type { Change } from '../plan/changes.js';
import { requireApplicationId, requireServicePrincipalId, type ApplyRun } from './apply-context.js';

type ChangeOf<K extends Change['kind']> = Extract<Change, { kind: K }>;
type OwnerChange = ChangeOf<'addOwner'> | ChangeOf<'removeOwner'>;

function ownedId(run: ApplyRun, change: OwnerChange, verb: string): string {
  const what = `${verb} owner ${formatPrincipal(change.principal)}`;
  return change.on === 'application'
    ? requireApplicationId(run, what)
    : requireServicePrincipalId(run, what);
}

/** Adds an owner to the application or its service principal. */
export async function applyAddOwner(run: ApplyRun, change: ChangeOf<'addOwner'>): Promise<void> {
  await addOwnerReference(
    run.ctx.graph,
    change.on,
    ownedId(run, change, 'add'),
    change.principal.id,
  );
  run.ctx.logger.info(`Added owner ${formatPrincipal(change.principal)} to the ${change.on}`);
}

/** Removes an owner the profile no longer lists (prune). */
export async function applyRemoveOwner(
  run: ApplyRun,
  change: ChangeOf<'removeOwner'>,
): Promise<void> {
  const id = ownedId(run, change, 'remove');
  await removeOwnerReference(run.ctx.graph, change.on, id, change.principal.id);
  run.ctx.logger.info(`Removed owner ${formatPrincipal(change.principal)} from the ${change.on}`);
}

/** Sets the enterprise app's differing settings. */
export async function applyUpdateServicePrincipal(
  run: ApplyRun,
  change: ChangeOf<'updateServicePrincipal'>,
): Promise<void> {
  const id = requireServicePrincipalId(run, 'update the enterprise app');
  await patchServicePrincipal(run.ctx.graph, id, change.patch);
  run.ctx.logger.info(
    `Updated enterprise app: ${change.diffs.map((d) => d.property.replace('servicePrincipal.', '')).join(', ')}`,
  );
}

/** Assigns a user, group or service principal one of the app's roles. */
export async function applyAddAssignment(
  run: ApplyRun,
  change: ChangeOf<'addAssignment'>,
): Promise<void> {
  const who = formatPrincipal(change.principal);
  const id = requireServicePrincipalId(run, `assign ${who}`);
  const appRoleId = change.appRoleId ?? (await findNewRoleId(run, id, change.role));
  await addAppRoleAssignedTo(run.ctx.graph, id, change.principal.id, appRoleId);
  run.ctx.logger.info(`Assigned ${who} to ${change.role ?? 'default access'}`);
}

/** Removes an assignment the profile no longer lists (prune). */
export async function applyRemoveAssignment(
  run: ApplyRun,
  change: ChangeOf<'removeAssignment'>,
): Promise<void> {
  const who = formatPrincipal(change.principal);
  const id = requireServicePrincipalId(run, `remove the assignment of ${who}`);
  await removeAppRoleAssignedTo(run.ctx.graph, id, change.assignmentId);
  run.ctx.logger.info(`Removed the assignment of ${who} to ${change.role ?? 'default access'}`);
}

// A role written earlier in this run got its id from the executor: read it back from the service
// principal, which publishes the app's roles.
async function findNewRoleId(run: ApplyRun, spId: string, role: string | null): Promise<string> {
  const roles = await readServicePrincipalRoles(run.ctx.graph, spId);
  const found = roles.find((r) => r.value === role);
  if (!found)
    throw new Error(
      `Cannot assign the role "${role ?? ''}": the app's service principal does not publish it (yet).`,
    );
  return found.id;
}
