// Executor of the entitlement writes: the app's roles and api in one PATCH (the disabling write
// first, when the plan has one).
import { writeEntitlements } from '../graph/write-application.js';
import type { ChangeOf } from '../plan/change-kinds.js';
import type { ApplyContext, Learned, RunIds } from './apply-context.js';

/** Writes the roles and scopes the change holds, with the ids the plan gave new ones. */
export async function applyEntitlements(
  change: ChangeOf<'disableEntitlements' | 'writeEntitlements'>,
  ids: Pick<RunIds, 'applicationId'>,
  ctx: ApplyContext,
): Promise<Learned> {
  await writeEntitlements(ctx.graph, ids.applicationId, change.write);
  ctx.logger.info(
    change.kind === 'disableEntitlements'
      ? `Disabled ${change.disabled.map((d) => `${d.what} ${d.value}`).join(', ')} before changing or removing them`
      : `Updated app roles and API: ${change.rows.map((r) => `${r.action} ${r.what} ${r.name}`).join(', ')}`,
  );
  return {};
}
