// The executor: runs a plan's changes in order, each through its kind's entry in
// change-executors.ts, with the ids it needs resolved from what the run has learned so far.
import { sendWrites } from '../graph/graph-writes.js';
import { describeChange } from '../plan/change-kinds.js';
import type { Change, Plan } from '../plan/changes.js';
import type { WrittenSecret } from '../credentials/types.js';
import { discardUnstored } from './apply-credential.js';
import {
  type Learned,
  recordLearned,
  resolveIds,
  startRun,
  type ApplyContext,
  type ApplyResult,
  type ApplyRun,
  type RunIds,
} from './apply-context.js';
import { nameChange, throwFirst } from './change-failure.js';
import { executorOf, type ChangeExecutor } from './change-executors.js';

export type { ApplyContext, ApplyLogger, ApplyResult, AppliedCredential } from './apply-context.js';

/**
 * Applies the plan's changes in plan order and returns the app's ids, the new credential and the
 * verification result. Consecutive batchable changes (federated credentials, consent) go out as
 * $batch calls; the new credential is added while the 'apart' changes just before it run (see
 * findEarlyStart) and taken in plan order. When verification of the new credential fails, old
 * credentials are not removed (they are listed in `skipped`). Throws on the first failing change;
 * changes before it stay applied (a credential added alongside but not stored is removed again).
 * A failed Graph write names its change and the app.
 */
export async function applyPlan(plan: Plan, ctx: ApplyContext): Promise<ApplyResult> {
  const run = startRun(ctx);
  const skipped: Change[] = [];
  const steps = toSteps(plan.changes);
  const early = findEarlyStart(steps);
  let started: Promise<Settled> | null = null;
  try {
    for (const [index, step] of steps.entries()) {
      if (early?.from === index) started = settle(runSerial(run, early.change, ctx));
      if (started && early?.at === index) {
        const outcome = await started;
        started = null;
        if (!outcome.ok) throw outcome.error;
        recordLearned(run, outcome.learned);
        run.applied++;
      } else if (Array.isArray(step)) {
        await applyBatch(run, step, ctx);
        run.applied += step.length;
      } else if (step.kind === 'removeCredential' && (await keepsOldCredentials(run, ctx))) {
        skipped.push(step);
      } else {
        recordLearned(run, await runSerial(run, step, ctx));
        run.applied++;
      }
    }
  } catch (error) {
    await discardEarly(started, run, ctx);
    throw error;
  }
  // Also without removals: a secret written again by another run leaves the record pending.
  await keepsOldCredentials(run, ctx);
  if (skipped.length)
    ctx.logger.warning(`Kept ${skipped.length} older credential(s) because ${run.keepOld ?? ''}.`);
  return toResult(run, skipped);
}

/**
 * Whether the old credentials stay, decided before the first removal (or at the end of the plan):
 * when the new one could not be verified, when another run marked the record while this one wrote
 * (the store left it pending), or when one of the secrets the run wrote was written again after
 * it. Without a lock, another run's slower write may have landed last: GitHub may then hold a
 * credential this run's plan would remove, or a PFX beside another run's password. The old
 * credentials are kept, and the record is marked pending so that the next run replaces what
 * GitHub holds.
 */
async function keepsOldCredentials(run: ApplyRun, ctx: ApplyContext): Promise<boolean> {
  if (run.verified && !run.verified.ok) {
    run.keepOld ??= 'the new one could not be verified';
    return true;
  }
  if (run.keepOld === undefined && run.githubOverlapped) {
    run.keepOld = `another run marked the record of ${ctx.desired.credential.secretName ?? 'the secret'} while this one wrote it`;
    return true;
  }
  if (run.keepOld === undefined && run.githubWritten) {
    run.keepOld = null;
    const overwritten = await findOverwritten(run.githubWritten, ctx);
    const { secretName } = ctx.desired.credential;
    const keyId = run.newCredential?.credential.keyId;
    if (overwritten && secretName && keyId) {
      run.keepOld = `GitHub secret ${overwritten} was written again after this run's write: another run may have stored its own value`;
      await ctx.ports.recordUncertain?.(secretName, keyId).catch((error: unknown) => {
        ctx.logger.warning(
          `Could not mark the record of ${secretName} pending: ${(error as Error).message.split('\n')[0]}`,
        );
      });
    }
  }
  return Boolean(run.keepOld);
}

/** The first secret the run wrote whose updated_at changed since (another run wrote it). */
async function findOverwritten(
  written: readonly WrittenSecret[],
  ctx: ApplyContext,
): Promise<string | null> {
  if (!ctx.ports.readGitHubUpdatedAt) return null;
  for (const { name, updatedAt } of written) {
    const now = await ctx.ports.readGitHubUpdatedAt(name);
    if (now !== null && now !== updatedAt) return name;
  }
  return null;
}

type Settled = { ok: true; learned: Learned } | { ok: false; error: unknown };

function settle(learned: Promise<Learned>): Promise<Settled> {
  return learned.then(
    (value) => ({ ok: true, learned: value }),
    (error: unknown) => ({ ok: false, error }),
  );
}

/**
 * Where the plan's 'early' change (adding the new credential) may start: right after the last step
 * before it that is not 'apart', so it runs while the service principal is created and consent is
 * granted (one Graph round trip less on a first registration). Null when nothing would overlap.
 */
function findEarlyStart(
  steps: ReadonlyArray<Change | Change[]>,
): { from: number; at: number; change: Change } | null {
  const at = steps.findIndex((s) => !Array.isArray(s) && executorOf(s).overlap === 'early');
  const change = steps[at];
  if (at < 0 || !change || Array.isArray(change)) return null;
  let from = at;
  while (from > 0 && [steps[from - 1]].flat().every((c) => executorOf(c).overlap === 'apart'))
    from--;
  return from < at ? { from, at, change } : null;
}

/** A step alongside failed: the credential the early change added was never stored, so it goes. */
async function discardEarly(
  started: Promise<Settled> | null,
  run: ApplyRun,
  ctx: ApplyContext,
): Promise<void> {
  const outcome = started ? await started : null;
  const added = outcome?.ok ? outcome.learned.newCredential : undefined;
  if (added && run.applicationId) await discardUnstored(ctx, run.applicationId, added.credential);
}

/** The changes in plan order, consecutive batched ones grouped into one step. */
function toSteps(changes: readonly Change[]): Array<Change | Change[]> {
  const steps: Array<Change | Change[]> = [];
  for (const change of changes) {
    const last = steps.at(-1);
    if (!isBatched(change)) steps.push(change);
    else if (Array.isArray(last)) last.push(change);
    else steps.push([change]);
  }
  return steps;
}

function isBatched(change: Change): boolean {
  return 'batch' in executorOf(change);
}

async function runSerial(run: ApplyRun, change: Change, ctx: ApplyContext): Promise<Learned> {
  const executor = executorOf(change);
  if (!('run' in executor)) throw new Error(`No serial executor for ${change.kind}.`);
  try {
    return await executor.run(change, idsFor(run, change, executor), ctx);
  } catch (error) {
    nameChange(error, change, ctx.desired.application);
    throw error;
  }
}

function idsFor<C extends Change>(run: ApplyRun, change: C, executor: ChangeExecutor<C>): RunIds {
  return resolveIds(run, executor.needs, executor.resource?.(change), describeChange(change));
}

/** Sends the changes' writes in $batch calls; throws the first failure after every write was tried. */
async function applyBatch(run: ApplyRun, changes: Change[], ctx: ApplyContext): Promise<void> {
  const batched = changes.map((change) => {
    const executor = executorOf(change);
    if (!('batch' in executor)) throw new Error(`No batched executor for ${change.kind}.`);
    return { change, ...executor.batch(change, idsFor(run, change, executor), ctx) };
  });
  const failed = await sendWrites(
    ctx.graph,
    batched.map((b) => b.write),
  );
  const failures: Error[] = [];
  batched.forEach((b, i) => {
    const failure = failed.find((f) => f.index === i);
    if (failure) failures.push(nameChange(failure.error, b.change, ctx.desired.application));
    else ctx.logger.info(b.done);
  });
  throwFirst(failures, ctx.logger);
}

function toResult(run: ApplyRun, skipped: Change[]): ApplyResult {
  const c = run.newCredential?.credential;
  return {
    applicationId: run.applicationId,
    appId: run.appId,
    servicePrincipalId: run.servicePrincipalId,
    credential: c && {
      keyId: c.keyId,
      endDateTime: c.endDateTime,
      type: c.type,
      ...(c.type === 'certificate' ? { thumbprintHex: c.material.thumbprintHex } : {}),
    },
    ...(run.keyVaultSecretId ? { keyVaultSecretId: run.keyVaultSecretId } : {}),
    verified: run.verified,
    applied: run.applied,
    skipped,
  };
}
