// The planner: desired state + observed state + clock → the changes that reconcile the app, in
// the order they must run (see docs/architecture.md). Pure: no I/O.
import type { DesiredState } from '../model/desired.js';
import type { ObservedState } from '../model/observed.js';
import { MANAGED_TAG } from '../model/well-known.js';
import { InputError } from '../errors.js';
import type { Change, Plan, PlanNotice } from './changes.js';
import { isPreparation } from './change-kinds.js';
import { planApplication } from './plan-application.js';
import { planConsent } from './plan-consent.js';
import { listNewRoleIds, planDirectory } from './plan-directory.js';
import { isAfterAssignments, planEntitlements } from './plan-entitlements.js';
import { planFederatedCredentials } from './plan-federated-credentials.js';
import { planCredential } from './rotation.js';

/** The clock and switches computePlan needs besides the two states. */
export interface PlanOptions {
  now: Date;
  /** Plan a verifyCredential step between storing a new credential and removing old ones. */
  verify: boolean;
  /**
   * First-party resources named by the profile that have no service principal in the tenant yet,
   * with the permissions asked of them (planned only once the service principal exists).
   */
  missingResources?: Array<{ appId: string; displayName: string; permissions?: string[] }>;
  /** APIs another profile of the run registers that do not exist yet (mode plan): their permissions wait. */
  pendingApis?: readonly string[];
  /** Gives a new app role or scope its id; a random GUID when absent. */
  newId?: () => string;
}

/**
 * The plan that reconciles the app with the profile: resource service principals → application →
 * its service principal → federated credentials → consent → new credential → store → verify →
 * remove old credentials. Throws InputError when the app (or a look-alike) is not the action's to take.
 */
export function computePlan(
  desired: DesiredState,
  observed: ObservedState,
  options: PlanOptions,
): Plan {
  const head = {
    target: desired.application.uniqueName,
    displayName: desired.application.displayName,
  };
  const resources = (options.missingResources ?? []).map(({ appId, displayName }): Change => ({
    kind: 'createResourceServicePrincipal',
    appId,
    displayName,
  }));
  const pending = [
    ...describePendingResources(options.missingResources ?? []),
    ...(options.pendingApis ?? []).map((name): PlanNotice => ({
      level: 'notice',
      message: `${name} is registered by another profile of this run and does not exist yet: its permissions are planned and granted once it does.`,
    })),
  ];
  const adoption = planAdoption(desired, observed);
  if (adoption) {
    const notice = `The rest of the plan for "${adoption.displayName}" is computed once it is adopted.`;
    return {
      ...head,
      isNew: false,
      changes: [...resources, adoption],
      notices: [...pending, { level: 'notice', message: notice }],
    };
  }
  assertManaged(desired, observed);
  const credential = planCredential(desired.credential, observed, options.now, {
    prune: desired.prune,
    verify: options.verify,
    signInAudience: desired.application.signInAudience,
  });
  const entitlements = planEntitlements(desired, observed, options.newId);
  const changes: Change[] = [
    ...resources,
    ...planApplication(desired, observed),
    ...entitlements.filter((c) => !isAfterAssignments(c)),
    ...(observed.servicePrincipal ? [] : [{ kind: 'createServicePrincipal' as const }]),
    ...planFederatedCredentials(
      desired.federatedIdentityCredentials,
      observed.federatedIdentityCredentials,
      desired.prune,
    ),
    ...planConsent(desired, observed),
    ...planDirectory(desired, observed, listNewRoleIds(entitlements)),
    // Pruned roles that still have assignments go once the assignments are gone.
    ...entitlements.filter(isAfterAssignments),
    ...credential.changes,
  ];
  return {
    ...head,
    isNew: observed.application === null,
    changes,
    notices: [...pending, ...credential.notices],
  };
}

/**
 * true when the caller must apply the plan's first changes, read the tenant again and re-plan:
 * after a resource service principal is created (its permissions resolve only then) or an app is adopted.
 */
export function needsReplan(plan: Plan): boolean {
  return plan.changes.some(isPreparation);
}

/** One notice per missing resource naming the permissions the plan cannot show until its service principal exists. */
function describePendingResources(
  missing: NonNullable<PlanOptions['missingResources']>,
): PlanNotice[] {
  // Names resolve to ids only through the resource's service principal, so their rows cannot be planned yet.
  return missing
    .filter(({ permissions }) => permissions && permissions.length > 0)
    .map(({ displayName, permissions }) => ({
      level: 'notice',
      message: `${displayName} has no service principal in this tenant yet: apply creates it first, then adds and grants ${(permissions ?? []).join(', ')}.`,
    }));
}

function assertManaged(desired: DesiredState, observed: ObservedState): void {
  const app = observed.application;
  if (!app || app.tags.includes(MANAGED_TAG) || desired.adopt) return;
  throw new InputError(
    'adopt',
    `The app registration "${app.displayName}" (appId ${app.appId}) exists but was not created by register-entra-app ` +
      `(it lacks the tag ${MANAGED_TAG}). Set adopt: true to take it over.`,
  );
}

/** The adoptApplication change when no app has the uniqueName but one has the displayName; throws when that is not allowed. */
function planAdoption(
  desired: DesiredState,
  observed: ObservedState,
): Extract<Change, { kind: 'adoptApplication' }> | null {
  const { uniqueName, displayName } = desired.application;
  if (observed.application) return null;
  // Graph's displayName filter ignores case, and so does a person telling two apps apart.
  const lookAlikes = observed.sameNameApplications.filter(
    (a) => a.displayName.toLowerCase() === displayName.toLowerCase(),
  );
  const [app] = lookAlikes;
  if (!app) return null;
  const list = lookAlikes
    .map((a) => `appId ${a.appId}${a.uniqueName ? `, uniqueName "${a.uniqueName}"` : ''}`)
    .join('; ');
  if (!desired.adopt) {
    throw new InputError(
      'adopt',
      `An app registration named "${displayName}" already exists (${list}) without the uniqueName "${uniqueName}"; ` +
        'creating another would make a look-alike. Choose another displayName or uniqueName, or set adopt: true to take it over.',
    );
  }
  if (lookAlikes.length > 1) {
    throw new InputError(
      'adopt',
      `adopt: true is ambiguous: ${lookAlikes.length} app registrations are named "${displayName}" (${list}). Rename all but one, or choose another displayName.`,
    );
  }
  if (app.uniqueName !== null) {
    throw new InputError(
      'adopt',
      `The app registration "${displayName}" (appId ${app.appId}) has the uniqueName "${app.uniqueName}", which cannot change. ` +
        `Set uniqueName: ${app.uniqueName} in the profile to adopt it.`,
    );
  }
  return {
    kind: 'adoptApplication',
    id: app.id,
    appId: app.appId,
    displayName: app.displayName,
    uniqueName,
  };
}
