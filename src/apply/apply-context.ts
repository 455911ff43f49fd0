// What the executor is given, what it records while a plan runs, and what it returns.
import type {
  CredentialPorts,
  NewCredential,
  VerifyResult,
  WrittenSecret,
} from '../credentials/types.js';
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

/** The credential the run added, and the change that added it (to add another if a concurrent run removes it). */
export interface RunCredential {
  credential: NewCredential;
  added: Extract<Change, { kind: 'addCredential' }>;
}

/** What a change runs against, resolved by applyPlan before its executor is called (see Need). */
export interface RunIds {
  /** The application's object id. */
  applicationId: string;
  /** The application's appId (client id). */
  appId: string;
  /** The object id of the app's service principal. */
  servicePrincipalId: string;
  /** The object id of the change's resource service principal (the executor's `resource`). */
  resourceId: string;
  /** The credential an earlier addCredential change of the run added. */
  newCredential: RunCredential;
}

/** One id an executor needs. */
export type Need = keyof RunIds;

/** What an executor learned, for the changes after it. */
export interface Learned {
  applicationId?: string;
  appId?: string;
  servicePrincipalId?: string;
  /** A resource service principal the change created. */
  resource?: { appId: string; id: string };
  newCredential?: RunCredential;
  keyVaultSecretId?: string;
  /** GitHub's updated_at of each secret the run wrote, right after its own writes. */
  githubWritten?: WrittenSecret[];
  /** Another run marked GitHub's record while this one wrote (the record was left pending). */
  githubOverlapped?: true;
  verified?: VerifyResult;
}

/** The record of one run, read and written only by applyPlan: ids learned as objects are created or found. */
export interface ApplyRun {
  applicationId: string | null;
  appId: string | null;
  servicePrincipalId: string | null;
  /** Resource appId → service principal object id, including ones created by this run. */
  resourceIds: Map<string, string>;
  newCredential?: RunCredential;
  /** The Key Vault secret version holding the new credential, once stored there. */
  keyVaultSecretId?: string;
  /** GitHub's updated_at of each secret the run wrote, right after its own writes. */
  githubWritten?: WrittenSecret[];
  /** Another run marked GitHub's record while this one wrote (the record was left pending). */
  githubOverlapped?: true;
  /** Why the old credentials stay (set before the first removal after the new one is stored). */
  keepOld?: string | null;
  verified?: VerifyResult;
  /** Changes carried out so far. */
  applied: number;
}

/** Returns a run record seeded from the observed state and the known resources. */
export function startRun(ctx: ApplyContext): ApplyRun {
  const resourceIds = new Map<string, string>();
  for (const r of [...ctx.observed.resources, ...ctx.resources]) resourceIds.set(r.appId, r.id);
  return {
    applicationId: ctx.observed.application?.id ?? null,
    appId: ctx.observed.application?.appId ?? null,
    servicePrincipalId: ctx.observed.servicePrincipal?.id ?? null,
    resourceIds,
    applied: 0,
  };
}

/** Records what an executor learned. */
export function recordLearned(run: ApplyRun, learned: Learned): void {
  const { resource, ...rest } = learned;
  if (resource) run.resourceIds.set(resource.appId, resource.id);
  Object.assign(run, rest);
}

/**
 * Returns the ids a change needs from what the run knows; throws when one is not known yet (the
 * plan did not create the object first: a planner bug) or the tenant has no such resource.
 */
export function resolveIds(
  run: ApplyRun,
  needs: readonly Need[],
  resource: { appId: string; displayName: string | null } | undefined,
  forChange: string,
): RunIds {
  const ids: Partial<RunIds> = {};
  const fail = (why: string): never => {
    throw new Error(`Cannot apply "${forChange}": ${why}.`);
  };
  const noApp = 'the application does not exist yet and the plan did not create it';
  for (const need of needs) {
    switch (need) {
      case 'applicationId':
        ids.applicationId = run.applicationId ?? fail(noApp);
        break;
      case 'appId':
        ids.appId = run.appId ?? fail(noApp);
        break;
      case 'servicePrincipalId':
        ids.servicePrincipalId =
          run.servicePrincipalId ??
          fail('the app has no service principal and the plan did not create one');
        break;
      case 'resourceId':
        ids.resourceId = resourceIdOf(run, resource) ?? fail(describeMissing(resource));
        break;
      case 'newCredential':
        ids.newCredential =
          run.newCredential ?? fail('the plan added no new credential before this change');
        break;
    }
  }
  // Only the needed ids are set: each executor's type says which it reads.
  return ids as RunIds;
}

function resourceIdOf(run: ApplyRun, resource: { appId: string } | undefined): string | undefined {
  return resource && run.resourceIds.get(resource.appId);
}

function describeMissing(
  resource: { appId: string; displayName: string | null } | undefined,
): string {
  if (!resource) return 'its executor names no resource';
  const name = resource.displayName ? `"${resource.displayName}" ` : '';
  return `the resource ${name}(appId ${resource.appId}) has no service principal in the tenant`;
}
