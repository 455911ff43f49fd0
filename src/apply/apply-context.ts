// What the executor is given, what it records while a plan runs, and what it returns.
import type { CredentialPorts, NewCredential, VerifyResult } from '../credentials/types.js';
import type { DesiredState } from '../model/desired.js';
import type { ResourceServicePrincipal } from '../model/graph-types.js';
import type { ObservedState } from '../model/observed.js';
import type { Change } from '../plan/changes.js';
import type { GraphClient } from '../graph/graph-client.js';

/** Progress lines (core.info / core.warning in the action). */
export interface ApplyLogger {
  info(message: string): void;
  warning(message: string): void;
}

/** Everything applyPlan needs besides the plan. */
export interface ApplyContext {
  graph: GraphClient;
  observed: Omit<ObservedState, 'githubSecret'>;
  desired: DesiredState;
  tenantId: string;
  ports: CredentialPorts;
  logger: ApplyLogger;
  /** Resource service principals known before the run (e.g. readObservedState's resourcesByKey values). */
  resources: ResourceServicePrincipal[];
}

/** The credential the run added (never its secret value). */
export interface AppliedCredential {
  keyId: string;
  endDateTime: string;
  type: 'secret' | 'certificate';
  /** SHA-1 thumbprint, upper-case hex, for certificates. */
  thumbprintHex?: string;
}

/** What a run did: the app's ids, the new credential, the verification, and the count of changes applied. */
export interface ApplyResult {
  applicationId: string | null;
  appId: string | null;
  servicePrincipalId: string | null;
  credential?: AppliedCredential;
  /** https://<vault>/secrets/<name>/<version> holding the new credential, when stored in Key Vault. */
  keyVaultSecretId?: string;
  verified?: VerifyResult;
  /** Changes carried out (display-only rows included, as they are realised by the application write). */
  applied: number;
  /** Changes not carried out because verification of the new credential failed. */
  skipped: Change[];
}

/** The mutable record of one run: ids learned as objects are created or found. */
export interface ApplyRun {
  ctx: ApplyContext;
  applicationId: string | null;
  appId: string | null;
  servicePrincipalId: string | null;
  /** Resource appId → service principal object id, including ones created by this run. */
  resourceIds: Map<string, string>;
  newCredential?: NewCredential;
  /** The addCredential change that made newCredential, to add another if a concurrent run removes it. */
  added?: Extract<Change, { kind: 'addCredential' }>;
  /** The Key Vault secret version holding the new credential, once stored there. */
  keyVaultSecretId?: string;
  verified?: VerifyResult;
  /** Changes carried out so far. */
  applied: number;
}

/** Returns a run record seeded from the observed state and the known resources. */
export function startRun(ctx: ApplyContext): ApplyRun {
  const resourceIds = new Map<string, string>();
  for (const r of [...ctx.observed.resources, ...ctx.resources]) resourceIds.set(r.appId, r.id);
  return {
    ctx,
    applicationId: ctx.observed.application?.id ?? null,
    appId: ctx.observed.application?.appId ?? null,
    servicePrincipalId: ctx.observed.servicePrincipal?.id ?? null,
    resourceIds,
    applied: 0,
  };
}

/** Returns the application's object id; throws when no change has created or found it yet (a planner bug). */
export function requireApplicationId(run: ApplyRun, forChange: string): string {
  if (!run.applicationId)
    throw new Error(
      `Cannot ${forChange}: the application does not exist yet and the plan did not create it.`,
    );
  return run.applicationId;
}

/** Returns the application's appId (client id); throws when it is not known yet. */
export function requireAppId(run: ApplyRun, forChange: string): string {
  if (!run.appId)
    throw new Error(
      `Cannot ${forChange}: the application does not exist yet and the plan did not create it.`,
    );
  return run.appId;
}

/** Returns the app's service principal object id; throws when it is not known yet. */
export function requireServicePrincipalId(run: ApplyRun, forChange: string): string {
  if (!run.servicePrincipalId)
    throw new Error(
      `Cannot ${forChange}: the app has no service principal and the plan did not create one.`,
    );
  return run.servicePrincipalId;
}

/** Returns the object id of a resource service principal by appId; throws when the tenant has none. */
export function requireResourceId(
  run: ApplyRun,
  resourceAppId: string,
  resourceName: string | null,
  forChange: string,
): string {
  const id = run.resourceIds.get(resourceAppId);
  if (!id) {
    throw new Error(
      `Cannot ${forChange}: the resource ${resourceName ? `"${resourceName}" ` : ''}(appId ${resourceAppId}) has no service principal in the tenant.`,
    );
  }
  return id;
}
