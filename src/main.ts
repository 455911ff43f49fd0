// The action's pipeline: inputs → profile → sign in → for each app: observe → plan → apply →
// deliver credential → outputs and summary.
import * as core from '@actions/core';
import { checkDelivery } from './action/delivery-checks.js';
import { checkGitHubTarget, connect } from './action/connect.js';
import { reportFailure } from './action/failure.js';
import { readSettings } from './action/inputs.js';
import { writeOutputs } from './action/outputs.js';
import { deliverHandoffs } from './action/notify-handoff.js';
import { reconcileAll } from './action/reconcile-all.js';
import { writeSummary } from './action/summary.js';
import { readProfile } from './profile/read-profile.js';

/** Runs the action once; every failure ends in a single setFailed with the cause first. */
export async function run(): Promise<void> {
  try {
    const settings = readSettings();
    const targets = readProfile(settings);
    checkDelivery(settings, targets);
    const connection = connect(settings);
    await checkGitHubTarget(settings, targets, connection);
    const { results, failures } = await reconcileAll(targets, settings, connection);
    await deliverHandoffs(results, connection.issues, connection.logger);
    writeOutputs(settings, results);
    await writeSummary(settings, results);
    if (failures.length > 0)
      throw failures.length === 1
        ? failures[0].error
        : new Error(`${failures.length} of ${targets.length} apps failed; see the errors above.`);
    const unverified = results.filter((r) => r.verified && !r.verified.ok);
    if (unverified.length > 0) {
      throw new Error(
        `The new credential of "${unverified[0].plan.displayName}" could not be verified: ${unverified[0].verified?.reason ?? 'its token lacks granted roles'}. Older credentials were kept.`,
      );
    }
    if (settings.mode === 'plan' && settings.failOnDrift && results.some((r) => r.changed)) {
      core.setFailed(
        'Drift found: the tenant does not match the profile (fail-on-drift is true). The plan above lists the differences.',
      );
    }
  } catch (error) {
    reportFailure(error);
  }
}
