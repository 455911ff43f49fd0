// Reconciles every target (several for a profile with instances) with bounded concurrency that
// halves whenever Graph throttles, so one failing app does not stop the others; and plans (with
// prune: deletes) the numbered instances the profile no longer asks for.
import { deleteDelivery } from '../credentials/store-secrets.js';
import { applyDeleteApplications } from '../apply/apply-instances.js';
import { readInstanceApplications } from '../graph/read-instances.js';
import type { Change } from '../plan/changes.js';
import { planSurplusInstances } from '../plan/plan-instances.js';
import type { ProfileTarget } from '../profile/read-profile.js';
import type { AppResult } from './app-result.js';
import type { Connection } from './connect.js';
import { printPlan, reconcileApp } from './reconcile-app.js';
import type { Settings } from './settings.js';

/**
 * How many apps are reconciled at once at most: 25 instances go out in one wave, so they take about
 * as many sequential round trips as one app. Each app sends its requests one round trip at a time
 * (about a dozen $batch items, half of them writes), so even 25 instances cost a few hundred
 * resource units, far below the directory's per-tenant budget per 10 seconds; on a 429 or 503
 * the limit halves. https://learn.microsoft.com/graph/throttling-limits#identity-and-access-service-limits
 */
export const MAX_PARALLEL_APPS = 25;

/** Results in target order (then the surplus-instance plan, if any), and the errors of the targets that failed. */
export interface ReconcileOutcome {
  results: AppResult[];
  failures: Array<{ target: ProfileTarget; error: unknown }>;
}

/** Reconciles all targets, at most MAX_PARALLEL_APPS at a time, and handles surplus instances. */
export async function reconcileAll(
  targets: readonly ProfileTarget[],
  settings: Settings,
  connection: Connection,
): Promise<ReconcileOutcome> {
  // The look-up of numbered instances runs beside the apps' own reads: no extra round trip.
  const instances = toInstanceQuery(targets);
  const found = instances ? readInstanceApplications(connection.graph, instances.uniqueName) : null;
  found?.catch(() => undefined);
  const outcome = await reconcileTargets(targets, settings, connection);
  if (!instances || !found) return outcome;
  try {
    const removal = await reconcileSurplus(
      instances,
      await found,
      settings,
      connection,
      outcome.failures.length > 0,
    );
    if (removal) outcome.results.push(removal);
  } catch (error) {
    connection.logger.error(
      `Surplus instances of "${instances.displayName}": ${error instanceof Error ? error.message : String(error)}`,
    );
    outcome.failures.push({ target: targets[0], error });
  }
  return outcome;
}

async function reconcileTargets(
  targets: readonly ProfileTarget[],
  settings: Settings,
  connection: Connection,
): Promise<ReconcileOutcome> {
  const results = new Array<AppResult | undefined>(targets.length);
  const failures: ReconcileOutcome['failures'] = [];
  const stats = connection.graph.stats;
  // Several profiles run one after another, APIs first (profile/run-order.ts): a client resolves
  // its API's permissions only once the API is registered.
  const sequential = targets.some((t) => t.dependsOn !== undefined);
  let limit = sequential ? 1 : Math.min(MAX_PARALLEL_APPS, targets.length);
  let throttledSeen = stats.throttled;
  let next = 0;
  let active = 0;
  await new Promise<void>((done) => {
    const launch = (): void => {
      if (next >= targets.length && active === 0) return done();
      while (next < targets.length && active < limit) {
        const index = next++;
        const target = targets[index];
        active++;
        reconcileAfter(target, failures, settings, connection)
          .then((result) => void (results[index] = result))
          .catch((error: unknown) => {
            if (targets.length > 1)
              connection.logger.error(
                `"${target.spec.displayName}" failed: ${error instanceof Error ? error.message : String(error)}`,
              );
            failures.push({ target, error });
          })
          .finally(() => {
            active--;
            if (stats.throttled > throttledSeen && limit > 1) {
              limit = Math.max(1, Math.floor(limit / 2));
              connection.logger.info(
                `Graph is throttling: reconciling at most ${limit} app${limit === 1 ? '' : 's'} at a time from now on.`,
              );
            }
            throttledSeen = stats.throttled;
            launch();
          });
      }
    };
    launch();
  });
  return { results: results.filter((r): r is AppResult => r !== undefined), failures };
}

/** Reconciles the target, unless an API it asks permissions of failed earlier in the run. */
async function reconcileAfter(
  target: ProfileTarget,
  failures: ReconcileOutcome['failures'],
  settings: Settings,
  connection: Connection,
): Promise<AppResult> {
  const failed = failures.find((f) => target.dependsOn?.includes(f.target.spec.uniqueName));
  if (failed)
    throw new Error(
      `Skipped "${target.spec.displayName}": it asks for permissions of "${failed.target.spec.displayName}", which failed.`,
    );
  return reconcileApp(target, settings, connection);
}

/** The un-numbered names and the count of a profile with `instances`; null for a profile without. */
function toInstanceQuery(
  targets: readonly ProfileTarget[],
): { uniqueName: string; displayName: string; count: number } | null {
  const [first] = targets;
  if (!first) return null;
  if (first.suffix === null)
    return first.spec.instances === null
      ? null
      : { uniqueName: first.spec.uniqueName, displayName: first.spec.displayName, count: 1 };
  return {
    uniqueName: first.spec.uniqueName.slice(0, -(first.suffix.length + 1)),
    displayName: first.spec.displayName.slice(0, -(first.suffix.length + 1)),
    count: targets.length,
  };
}

/** Prints the surplus-instance plan and, in mode apply with prune and no failed app, deletes them; returns its result row. */
async function reconcileSurplus(
  query: { uniqueName: string; displayName: string; count: number },
  found: Awaited<ReturnType<typeof readInstanceApplications>>,
  settings: Settings,
  connection: Connection,
  anyFailed: boolean,
): Promise<AppResult | null> {
  const plan = planSurplusInstances(
    { ...query, prune: settings.prune, secretName: settings.secret.name },
    found,
  );
  if (!plan) return null;
  printPlan(plan, connection.logger);
  const changed = plan.changes.length > 0;
  const result = (applied: boolean): AppResult => ({
    plan,
    changed,
    applied,
    removal: true,
    application: null,
    servicePrincipalId: null,
    secretName: null,
    credential: null,
    verified: null,
  });
  if (settings.mode === 'plan' || !changed) return result(false);
  if (anyFailed) {
    // Fewer working apps than the profile asks for would be worse than a few too many.
    connection.logger.warning(
      `Kept the surplus instances of "${query.displayName}" because an instance failed; the next run removes them.`,
    );
    return result(false);
  }
  const github = connection.github;
  await applyDeleteApplications(
    {
      graph: connection.graph,
      logger: connection.logger,
      deleteDelivery: github ? (name) => deleteDelivery(github, name) : undefined,
    },
    plan.changes.filter(isDeleteApplication),
  );
  connection.logger.info(
    `Applied ${plan.changes.length} change${plan.changes.length === 1 ? '' : 's'} to "${plan.displayName}".`,
  );
  return result(true);
}

function isDeleteApplication(
  change: Change,
): change is Extract<Change, { kind: 'deleteApplication' }> {
  return change.kind === 'deleteApplication';
}
