// The action's pipeline: inputs → profile → sign in → for each app: observe → plan → apply →
// deliver credential → outputs and summary.
import * as core from '@actions/core';
import { readSettings } from './action/inputs.js';
import { reportFailure } from './action/failure.js';
import { writeOutputs } from './action/outputs.js';
import { writeSummary } from './action/summary.js';
import { checkDelivery } from './action/delivery-checks.js';
import { reconcileAll } from './action/reconcile-all.js';
import { connect } from './action/connect.js';
import { readProfile } from './profile/read-profile.js';

/** Runs the action once; every failure ends in a single setFailed with the cause first. */
export async function run(): Promise<void> {
  try {
    const settings = readSettings();
    const targets = readProfile(settings);
    checkDelivery(settings, targets);
    const connection = await connect(settings);
    const results = await reconcileAll(targets, settings, connection);
    writeOutputs(settings, results);
    await writeSummary(settings, results);
    const changed = results.some((r) => r.changed);
    if (settings.mode === 'plan' && settings.failOnDrift && changed) {
      core.setFailed('Drift found: the tenant does not match the profile (fail-on-drift is true). See the plan above.');
    }
  } catch (error) {
    reportFailure(error);
  }
}
