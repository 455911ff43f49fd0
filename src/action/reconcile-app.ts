// Reconciles one app registration: observe → desired state → plan → print → apply.
import { TOKEN_EXCHANGE_AUDIENCES } from '../auth/clouds.js';
import { applyPlan, type ApplyResult } from '../apply/apply-plan.js';
import type { DesiredState } from '../model/desired.js';
import type { ObservedSecret, ObservedState, ObservedVaultSecret } from '../model/observed.js';
import { findRefusedResources, readAppState } from './read-app-state.js';
import { computePlan, needsReplan } from '../plan/compute-plan.js';
import { isPreparation } from '../plan/change-kinds.js';
import type { Plan } from '../plan/changes.js';
import { countChanges, formatPlanText } from '../plan/format-plan.js';
import { listPrivilegedPermissions } from '../plan/privilege-increases.js';
import { findHeld, isActionCredential, listCredentials } from '../plan/rotation.js';
import { toDirectoryLookups } from '../profile/resolve-directory.js';
import { buildDesiredState } from '../profile/resolve-permissions.js';
import type { ProfileTarget } from '../profile/read-profile.js';
import type { AppResult } from './app-result.js';
import { toHandoff } from './handoff-result.js';
import type { Connection } from './connect.js';
import type { Logger } from './logger.js';
import { toSecretName } from './delivery-checks.js';
import type { Settings } from './settings.js';

/** What one read of the tenant gave: observed, desired and the plan between them. */
export interface Snapshot {
  observed: ObservedState;
  desired: DesiredState;
  plan: Plan;
}

/** Plans one target and, in mode apply, carries the plan out; returns what outputs and summary need. */
export async function reconcileApp(
  target: ProfileTarget,
  settings: Settings,
  connection: Connection,
): Promise<AppResult> {
  const secretName = toSecretName(settings, target);
  let snapshot = await takeSnapshot(target, settings, connection, secretName);
  let prepared = false;
  if (settings.mode === 'apply' && needsReplan(snapshot.plan)) {
    // Resource service principals and adoption must exist before the rest can be planned.
    const first = { ...snapshot.plan, changes: snapshot.plan.changes.filter(isPreparation) };
    printPlan(first, connection.logger);
    await applyPlan(first, toApplyContext(snapshot, settings, connection, target));
    prepared = true;
    snapshot = await takeSnapshot(target, settings, connection, secretName);
  }
  printPlan(snapshot.plan, connection.logger);
  const changed = prepared || snapshot.plan.changes.length > 0;
  if (settings.mode === 'plan' || snapshot.plan.changes.length === 0)
    return withHandoff(
      toResult(snapshot, secretName, null, changed),
      snapshot,
      target,
      settings,
      connection,
      null,
    );
  let applied: ApplyResult;
  try {
    applied = await applyPlan(
      snapshot.plan,
      toApplyContext(snapshot, settings, connection, target),
    );
  } catch (error) {
    // The built-in table named a role the tenant does not publish (renamed or retired): read the
    // resource's own list once, plan again and carry out what is left.
    const refused = findRefusedResources(error, snapshot.plan, snapshot.observed.resources);
    if (!refused) throw error;
    snapshot = await takeSnapshot(target, settings, connection, secretName, refused);
    printPlan(snapshot.plan, connection.logger);
    applied = await applyPlan(
      snapshot.plan,
      toApplyContext(snapshot, settings, connection, target),
    );
  }
  connection.logger.info(
    `Applied the plan to "${snapshot.plan.displayName}" (${formatCounts(snapshot.plan)}).`,
  );
  return withHandoff(
    toResult(snapshot, secretName, applied, true),
    snapshot,
    target,
    settings,
    connection,
    applied,
  );
}

function withHandoff(
  result: AppResult,
  snapshot: Snapshot,
  target: ProfileTarget,
  settings: Settings,
  connection: Connection,
  applied: ApplyResult | null,
): AppResult {
  const handoff = toHandoff({
    spec: target.spec,
    settings,
    observed: snapshot.observed,
    applied,
    removedKeyIds: applied
      ? snapshot.plan.changes.flatMap((c) =>
          c.kind === 'removeCredential' && !applied.skipped.includes(c) ? [c.keyId] : [],
        )
      : [],
    secretName: result.secretName,
    appId: result.application?.appId ?? null,
    credentialType: snapshot.desired.credential.type,
    now: connection.now(),
  });
  return { ...result, handoff };
}

/** Reads the tenant (and the GitHub secret's metadata) and plans; changes nothing. */
export async function takeSnapshot(
  target: ProfileTarget,
  settings: Settings,
  connection: Connection,
  secretName: string | null,
  refused?: ReadonlyMap<string, string>,
): Promise<Snapshot> {
  const { spec } = target;
  // GitHub, Key Vault and Graph are read at the same time: what the stores hold does not depend on
  // the tenant. The vault read is also the check that the vault lets us in, before any write.
  const [read, githubSecret, vaultSecret] = await Promise.all([
    readAppState(
      spec,
      connection.graph,
      refused,
      logFor(target, connection.logger).info,
      settings.clientId,
    ),
    settings.secretStore === 'key-vault' ? null : readGitHubSecret(connection, secretName),
    readVaultSecret(connection, secretName),
  ]);
  const observed: ObservedState = { ...read.observed, githubSecret, vaultSecret };
  const built = buildDesiredState(spec, read.observed.resources, {
    federatedAudience: TOKEN_EXCHANGE_AUDIENCES[settings.cloud],
    credentialType: settings.credentialType ?? undefined,
    lifetimeDays: settings.credentialLifetimeDays ?? undefined,
    rotate: settings.rotate,
    rotateDaysBeforeExpiry: settings.rotateDaysBeforeExpiry,
    keep: settings.keepCredentials,
    secretName,
    prune: settings.prune,
    adopt: settings.adopt,
    directory: toDirectoryLookups(spec, read.observed),
    // In mode plan an API that another profile of the run registers may not exist yet.
    runApis: settings.mode === 'plan' ? target.runApis : undefined,
  });
  const { missingResources, pendingApis } = built;
  const desired = {
    ...built.desired,
    credential: {
      ...built.desired.credential,
      providedThumbprint: settings.certificate?.thumbprint ?? null,
      stores: {
        github: settings.secretStore !== 'key-vault',
        keyVaultSecretUrl: vaultSecret?.url ?? null,
      },
    },
  };
  const plan = computePlan(desired, observed, {
    now: connection.now(),
    verify: settings.verify,
    missingResources,
    pendingApis,
  });
  return { observed, desired, plan };
}

async function readGitHubSecret(
  connection: Connection,
  secretName: string | null,
): Promise<ObservedSecret | null> {
  if (!secretName) return null;
  // Without a token the secret cannot be seen; assume it is there rather than plan a rotation for it.
  if (!connection.store) return { name: secretName, exists: true, updatedAt: null };
  return connection.store.readHeld(secretName);
}

async function readVaultSecret(
  connection: Connection,
  secretName: string | null,
): Promise<ObservedVaultSecret | null> {
  if (!secretName || !connection.vault) return null;
  return connection.vault.readHeld(secretName);
}

function formatCounts(plan: Plan): string {
  const { add, change, remove } = countChanges(plan);
  return `${add} added, ${change} changed, ${remove} removed`;
}

/** Returns what the executor needs to apply the snapshot's plan; progress goes to `log` (default the job log). */
export function toApplyContext(
  snapshot: Snapshot,
  settings: Settings,
  connection: Connection,
  target: ProfileTarget,
  log?: { info(line: string): void; warning(line: string): void },
) {
  return {
    graph: connection.graph,
    observed: snapshot.observed,
    desired: snapshot.desired,
    tenantId: settings.tenantId,
    ports: connection.ports,
    logger: logFor(target, log ?? connection.logger),
    resources: snapshot.observed.resources,
  };
}

/** Progress lines of one app; instances run in parallel, so theirs say which app they belong to. */
function logFor(
  target: ProfileTarget,
  log: Pick<Logger, 'info' | 'warning'>,
): { info: (line: string) => void; warning: (line: string) => void } {
  const tag = target.suffix ? `[${target.spec.uniqueName}] ` : '';
  return {
    info: (line: string) => log.info(tag + line),
    warning: (line: string) => log.warning(tag + line),
  };
}

/** Prints the plan in a log group, and its notices and privilege increases as annotations. */
export function printPlan(plan: Plan, logger: Logger): void {
  const [header, ...rows] = formatPlanText(plan).split('\n');
  logger.group(header ?? '', rows);
  const increases = formatPrivilegeIncreases(plan);
  if (increases.length > 0)
    logger.warning(`Privilege increase for "${plan.displayName}": ${increases.join('; ')}.`, {
      title: 'Privilege increase',
    });
  for (const notice of plan.notices) {
    if (notice.level === 'warning') logger.warning(notice.message);
    else logger.notice(notice.message);
  }
}

/** One entry per permission the plan adds with elevated or high access. */
function formatPrivilegeIncreases(plan: Plan): string[] {
  return listPrivilegedPermissions(plan).map(
    (p) => `${p.resourceDisplayName} ${p.value} (${p.kind}, ${p.level})`,
  );
}

function toResult(
  snapshot: Snapshot,
  secretName: string | null,
  applied: ApplyResult | null,
  changed: boolean,
): AppResult {
  const app = snapshot.observed.application;
  const appId = applied?.appId ?? app?.appId ?? null;
  const id = applied?.applicationId ?? app?.id ?? null;
  return {
    plan: snapshot.plan,
    changed,
    applied: applied !== null,
    application:
      appId && id
        ? {
            id,
            appId,
            displayName: snapshot.desired.application.displayName,
            uniqueName: snapshot.desired.application.uniqueName,
          }
        : null,
    servicePrincipalId:
      applied?.servicePrincipalId ?? snapshot.observed.servicePrincipal?.id ?? null,
    secretName: snapshot.desired.credential.type === 'none' ? null : secretName,
    credential: applied?.credential ?? findCurrentCredential(snapshot, secretName),
    verified: applied?.verified ?? null,
  };
}

/** The credential GitHub holds when nothing rotated (from its record; else inferred from times). */
function findCurrentCredential(
  snapshot: Snapshot,
  secretName: string | null,
): AppResult['credential'] {
  const { type } = snapshot.desired.credential;
  if (type === 'none') return null;
  const all = listCredentials(snapshot.observed.application);
  const ours = all.filter((c) => isActionCredential(c.displayName, secretName));
  const secret = secretName ? snapshot.observed.githubSecret : null;
  const newest = findHeld(all, ours, type, secret).held;
  if (!newest) return null;
  const key = snapshot.observed.application?.keyCredentials.find((k) => k.keyId === newest.keyId);
  // Graph's customKeyIdentifier of a certificate is its SHA-1 thumbprint, base64.
  const thumbprintHex = key?.customKeyIdentifier
    ? Buffer.from(key.customKeyIdentifier, 'base64').toString('hex').toUpperCase()
    : undefined;
  return {
    keyId: newest.keyId,
    type: newest.type,
    endDateTime: newest.end ? new Date(newest.end).toISOString() : '',
    ...(thumbprintHex ? { thumbprintHex } : {}),
  };
}
