// The executor's side of every change kind in one place: which ids it needs, and either a function
// that carries it out or (for changes that may share a $batch call) the Graph write it makes. The
// compiler checks that every kind of the Change union has an entry; its plan side is in
// plan/change-kinds.ts.
import type { ChangeOf } from '../plan/change-kinds.js';
import type { Change, ChangeKind } from '../plan/changes.js';
import {
  applyAdoptApplication,
  applyCreateApplication,
  applyCreateResourceServicePrincipal,
  applyCreateServicePrincipal,
  applyUpdateApplication,
} from './apply-application.js';
import type { ApplyContext, Learned, Need, RunIds } from './apply-context.js';
import { applyEntitlements } from './apply-entitlements.js';
import {
  type BatchedChange,
  toAddFederatedCredential,
  toCreateDelegatedGrant,
  toDeleteDelegatedGrant,
  toGrantAppRole,
  toRemoveFederatedCredential,
  toRevokeAppRole,
  toUpdateDelegatedGrant,
  toUpdateFederatedCredential,
} from './apply-consent.js';
import { applyAddCredential, applyRemoveCredential, applyStoreSecret } from './apply-credential.js';
import {
  applyAssignmentChange,
  applyOwnerChange,
  applyUpdateServicePrincipal,
} from './apply-directory.js';
import { applyDeleteApplications } from './apply-instances.js';
import { applyVerifyCredential } from './apply-verify.js';

/** The resource service principal a change is about, by appId; resolved to `resourceId`. */
type ResourceOf<C> = (change: C) => { appId: string; displayName: string | null };

/**
 * How a change may run alongside others: 'apart' changes write neither the application object nor
 * its credentials (the service principal, consent, assignments), so an 'early' change (adding the
 * new credential, which needs only the application) may run while they do. See apply-plan.ts.
 */
export type Overlap = 'early' | 'apart';

interface ExecutorBase<C extends Change> {
  /** The ids applyPlan resolves before calling the executor. */
  needs: readonly Need[];
  resource?: ResourceOf<C>;
  overlap?: Overlap;
}

/** A change carried out on its own, in plan order. */
export interface SerialExecutor<C extends Change> extends ExecutorBase<C> {
  run: (change: C, ids: RunIds, ctx: ApplyContext) => Promise<Learned>;
}

/** A change whose one Graph write may share a $batch call with its neighbours'. */
export interface BatchedExecutor<C extends Change> extends ExecutorBase<C> {
  batch: (change: C, ids: RunIds, ctx: ApplyContext) => BatchedChange;
}

export type ChangeExecutor<C extends Change> = SerialExecutor<C> | BatchedExecutor<C>;

interface ExecutorOptions<C> {
  resource?: ResourceOf<C>;
  overlap?: Overlap;
}

/** A serial executor that receives exactly the ids it lists. */
export function serial<C extends Change, N extends Need = never>(
  needs: readonly N[],
  run: (change: C, ids: Pick<RunIds, NoInfer<N>>, ctx: ApplyContext) => Promise<Learned>,
  options: ExecutorOptions<C> = {},
): SerialExecutor<C> {
  return { needs, run, ...options };
}

/** A batched executor that receives exactly the ids it lists. */
export function batched<C extends Change, N extends Need = never>(
  needs: readonly N[],
  batch: (change: C, ids: Pick<RunIds, NoInfer<N>>, ctx: ApplyContext) => BatchedChange,
  options: ExecutorOptions<C> = {},
): BatchedExecutor<C> {
  return { needs, batch, ...options };
}

const apart = { overlap: 'apart' } as const;

// Display-only rows: realised by the application write's requiredResourceAccess.
const realisedByApplication = serial([], () => Promise.resolve({}));

export const EXECUTORS = {
  createResourceServicePrincipal: serial([], applyCreateResourceServicePrincipal, apart),
  createApplication: serial([], applyCreateApplication),
  adoptApplication: serial([], applyAdoptApplication),
  updateApplication: serial(['applicationId', 'appId'], applyUpdateApplication),
  disableEntitlements: serial(['applicationId'], applyEntitlements),
  writeEntitlements: serial(['applicationId'], applyEntitlements),
  addPermission: realisedByApplication,
  removePermission: realisedByApplication,
  createServicePrincipal: serial(['appId'], applyCreateServicePrincipal, apart),
  addFederatedCredential: batched(['applicationId'], toAddFederatedCredential),
  updateFederatedCredential: batched(['applicationId'], toUpdateFederatedCredential),
  removeFederatedCredential: batched(['applicationId'], toRemoveFederatedCredential),
  grantAppRole: batched(['servicePrincipalId', 'resourceId'], toGrantAppRole, {
    resource: (c) => ({
      appId: c.permission.resourceAppId,
      displayName: c.permission.resourceDisplayName,
    }),
    ...apart,
  }),
  revokeAppRole: batched([], toRevokeAppRole, apart),
  createDelegatedGrant: batched(['servicePrincipalId', 'resourceId'], toCreateDelegatedGrant, {
    resource: (c) => ({ appId: c.resourceAppId, displayName: c.resourceDisplayName }),
    ...apart,
  }),
  updateDelegatedGrant: batched([], toUpdateDelegatedGrant, apart),
  deleteDelegatedGrant: batched([], toDeleteDelegatedGrant, apart),
  addCredential: serial(['applicationId'], applyAddCredential, { overlap: 'early' }),
  recordCredential: serial([], async (c: ChangeOf<'recordCredential'>, _ids, ctx) => {
    await ctx.ports.recordHeld(c.secretName, c.keyId);
    return {};
  }),
  storeSecret: serial(['applicationId', 'appId', 'newCredential'], applyStoreSecret),
  verifyCredential: serial(['appId', 'newCredential'], applyVerifyCredential),
  removeCredential: serial(['applicationId'], applyRemoveCredential),
  addOwner: serial(['applicationId', 'servicePrincipalId'], applyOwnerChange),
  removeOwner: serial(['applicationId', 'servicePrincipalId'], applyOwnerChange),
  updateServicePrincipal: serial(['servicePrincipalId'], applyUpdateServicePrincipal, apart),
  addAssignment: serial(['servicePrincipalId'], applyAssignmentChange, apart),
  removeAssignment: serial(['servicePrincipalId'], applyAssignmentChange, apart),
  // Surplus instances are removed by reconcileAll (with their GitHub secrets); here only the app.
  deleteApplication: serial([], async (c: ChangeOf<'deleteApplication'>, _ids, ctx) => {
    await applyDeleteApplications(ctx, [c]);
    return {};
  }),
} satisfies { [K in ChangeKind]: ChangeExecutor<ChangeOf<K>> };

/** The executor of the change's kind, typed for that change. */
export function executorOf<C extends Change>(change: C): ChangeExecutor<C> {
  return EXECUTORS[change.kind] as unknown as ChangeExecutor<C>;
}
