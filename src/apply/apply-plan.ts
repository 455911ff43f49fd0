// The executor: runs a plan's changes in order against Graph and the credential ports, mapping
// resources to object ids and recording the app's ids as they become known.
import type { Change, Plan } from '../plan/changes.js';
import {
  applyAdoptApplication,
  applyCreateApplication,
  applyCreateResourceServicePrincipal,
  applyCreateServicePrincipal,
  applyUpdateApplication,
} from './apply-application.js';
import { applyEntitlements } from './apply-entitlements.js';
import { startRun, type ApplyContext, type ApplyResult, type ApplyRun } from './apply-context.js';
import { applyConsentBatch, isBatchableChange } from './apply-consent.js';
import {
  applyAddCredential,
  applyRemoveCredential,
  applyStoreSecret,
  applyVerifyCredential,
} from './apply-credential.js';
import { applyDeleteApplications } from './apply-instances.js';

export type { ApplyContext, ApplyLogger, ApplyResult, AppliedCredential } from './apply-context.js';

/**
 * Applies the plan's changes in plan order and returns the app's ids, the new credential and the
 * verification result. Consecutive federated-credential and consent changes go out as $batch
 * calls. When verification of the new credential fails, old credentials are not removed (they are
 * listed in `skipped`). Throws on the first failing change; changes before it stay applied.
 */
export async function applyPlan(plan: Plan, ctx: ApplyContext): Promise<ApplyResult> {
  const run = startRun(ctx);
  const skipped: Change[] = [];
  const changes = plan.changes;
  for (let i = 0; i < changes.length;) {
    const change = changes[i]!;
    if (isBatchableChange(change)) {
      let end = i;
      while (end < changes.length && isBatchableChange(changes[end]!)) end++;
      const batch = changes.slice(i, end).filter(isBatchableChange);
      await applyConsentBatch(run, batch);
      run.applied += batch.length;
      i = end;
      continue;
    }
    if (change.kind === 'removeCredential' && run.verified && !run.verified.ok) {
      skipped.push(change);
    } else {
      await applyChange(run, change);
      run.applied++;
    }
    i++;
  }
  if (skipped.length)
    ctx.logger.warning(
      `Kept ${skipped.length} older credential(s) because the new one could not be verified.`,
    );
  return toResult(run, skipped);
}

async function applyChange(run: ApplyRun, change: Change): Promise<void> {
  switch (change.kind) {
    case 'createResourceServicePrincipal':
      return applyCreateResourceServicePrincipal(run, change);
    case 'adoptApplication':
      return applyAdoptApplication(run, change);
    case 'createApplication':
      return applyCreateApplication(run, change);
    case 'updateApplication':
      return applyUpdateApplication(run, change);
    case 'disableEntitlements':
    case 'writeEntitlements':
      return applyEntitlements(run, change);
    case 'addPermission':
    case 'removePermission':
      // Realised by the application write's requiredResourceAccess.
      return;
    case 'createServicePrincipal':
      return applyCreateServicePrincipal(run);
    case 'addCredential':
      return applyAddCredential(run, change);
    case 'storeSecret':
      return applyStoreSecret(run, change);
    case 'recordCredential':
      return run.ctx.ports.recordHeld(change.secretName, change.keyId);
    case 'verifyCredential':
      return applyVerifyCredential(run);
    case 'removeCredential':
      return applyRemoveCredential(run, change);
    case 'deleteApplication':
      // Surplus instances are removed by reconcileAll (with their GitHub secrets); here only the app.
      return applyDeleteApplications({ graph: run.ctx.graph, logger: run.ctx.logger }, [change]);
    case 'addFederatedCredential':
    case 'updateFederatedCredential':
    case 'removeFederatedCredential':
    case 'grantAppRole':
    case 'revokeAppRole':
    case 'createDelegatedGrant':
    case 'updateDelegatedGrant':
    case 'deleteDelegatedGrant':
      return applyConsentBatch(run, [change]);
    default:
      return assertNever(change);
  }
}

function assertNever(change: never): never {
  throw new Error(`The executor does not know the change kind '${(change as Change).kind}'.`);
}

function toResult(run: ApplyRun, skipped: Change[]): ApplyResult {
  const c = run.newCredential;
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
