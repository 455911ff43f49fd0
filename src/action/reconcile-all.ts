// Reconciles every target (several for a profile with instances) with bounded concurrency, so
// Graph's per-app throttling is respected and one failing app does not stop the others.
import * as core from '@actions/core';
import type { ProfileTarget } from '../profile/read-profile.js';
import type { AppResult } from './app-result.js';
import type { Connection } from './connect.js';
import { reconcileApp } from './reconcile-app.js';
import type { Settings } from './settings.js';

/** How many apps are reconciled at once. */
export const MAX_PARALLEL_APPS = 4;

/** Results in target order, and the errors of the targets that failed. */
export interface ReconcileOutcome {
  results: AppResult[];
  failures: Array<{ target: ProfileTarget; error: unknown }>;
}

/** Reconciles all targets, at most MAX_PARALLEL_APPS at a time. */
export async function reconcileAll(targets: readonly ProfileTarget[], settings: Settings, connection: Connection): Promise<ReconcileOutcome> {
  const results: Array<AppResult | undefined> = new Array(targets.length);
  const failures: ReconcileOutcome['failures'] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < targets.length) {
      const index = next++;
      const target = targets[index];
      try {
        results[index] = await reconcileApp(target, settings, connection);
      } catch (error) {
        if (targets.length > 1) core.error(`"${target.spec.displayName}" failed: ${error instanceof Error ? error.message : String(error)}`);
        failures.push({ target, error });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(MAX_PARALLEL_APPS, targets.length) }, worker));
  return { results: results.filter((r): r is AppResult => r !== undefined), failures };
}
