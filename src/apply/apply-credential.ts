// Applies the credential changes in the order that never leaves the app without a working
// credential: add the new one → store it in GitHub (removed again if that fails) → verify it →
// remove the old ones (skipped by applyPlan when verification failed).
import type { Change } from '../plan/changes.js';
import { mayHaveBeenStored } from '../credentials/store-secrets.js';
import type { ExpectedRoles, NewCredential } from '../credentials/types.js';
import type { ResolvedPermission } from '../model/desired.js';
import type { KeyCredential } from '../model/graph-types.js';
import { ConsistencyTimeoutError, GraphError } from '../errors.js';
import { isReplicationDelay, toReplicationPoll } from '../graph/retry-policy.js';
import { poll } from '../net/retry.js';
import { FIRST_PARTY_RESOURCES } from '../model/well-known.js';
import { requireAppId, requireApplicationId, type ApplyRun } from './apply-context.js';
import { addWithinPolicy } from './credential-lifetime.js';
import {
  findAddedKey,
  readKeyCredentials,
  toNewKeyCredential,
  writeKeyCredentials,
} from './key-credentials.js';

type ChangeOf<K extends Change['kind']> = Extract<Change, { kind: K }>;

/** Adds a client secret (addPassword) or a certificate (keyCredentials PATCH) and records it on the run. */
export async function applyAddCredential(
  run: ApplyRun,
  change: ChangeOf<'addCredential'>,
): Promise<void> {
  const applicationId = requireApplicationId(run, 'add a credential');
  run.added = change;
  run.newCredential =
    change.type === 'secret'
      ? await addSecret(run, applicationId, change)
      : await addCertificate(run, applicationId, change);
  run.ctx.logger.info(
    `Added ${change.type} "${change.displayName}" (keyId ${run.newCredential.keyId}, expires ${run.newCredential.endDateTime})`,
  );
}

async function addSecret(
  run: ApplyRun,
  applicationId: string,
  change: ChangeOf<'addCredential'>,
): Promise<NewCredential> {
  return addWithinPolicy(run, 'secret', change.endDateTime, async (endDateTime) => {
    const body = { passwordCredential: { displayName: change.displayName, endDateTime } };
    const created = await run.ctx.graph.post<{
      keyId: string;
      secretText: string;
      endDateTime: string;
    }>(`/applications/${applicationId}/addPassword`, body, undefined, {
      retryWhile: isReplicationDelay,
    });
    run.ctx.ports.mask(created.secretText);
    return {
      type: 'secret',
      keyId: created.keyId,
      endDateTime: created.endDateTime ?? endDateTime,
      secretText: created.secretText,
    };
  });
}

async function addCertificate(
  run: ApplyRun,
  applicationId: string,
  change: ChangeOf<'addCredential'>,
): Promise<NewCredential> {
  const { graph, ports, desired } = run.ctx;
  return addWithinPolicy(run, 'certificate', change.endDateTime, async (endDateTime) => {
    const material = await ports.createCertificate(
      `CN=${desired.application.displayName}`,
      endDateTime,
    );
    ports.mask(material.pfxBase64);
    ports.mask(material.pfxPassword);
    const before = await readKeyCredentials(graph, applicationId);
    const added = toNewKeyCredential(material, change.displayName);
    await writeKeyCredentials(graph, applicationId, before, added);
    const key = await readAddedKey(run, applicationId, added.keyId, material.thumbprintHex, before);
    return {
      type: 'certificate',
      keyId: key.keyId,
      endDateTime: key.endDateTime ?? material.notAfter,
      material,
    };
  });
}

// The PATCH may be answered by a replica that the next read does not hit yet: read until it shows.
async function readAddedKey(
  run: ApplyRun,
  applicationId: string,
  keyId: string,
  thumbprintHex: string,
  before: KeyCredential[],
): Promise<KeyCredential> {
  const { graph } = run.ctx;
  const found = await poll(
    async () =>
      findAddedKey(await readKeyCredentials(graph, applicationId), keyId, thumbprintHex, before),
    toReplicationPoll(graph.policy, 6),
  );
  if (found) return found;
  throw new ConsistencyTimeoutError(
    `The certificate ${thumbprintHex} written to application ${applicationId} did not appear in its keyCredentials.`,
  );
}

// How many more credentials a run adds when a concurrent run removed the one it had just stored.
const MAX_RESTORES = 2;

/**
 * Stores the new credential in GitHub (removed again if that fails), then confirms the app still has
 * it: a concurrent run may have removed it while the write was in flight, which would leave GitHub
 * with a dead value, so another credential is added and stored (bounded).
 */
export async function applyStoreSecret(
  run: ApplyRun,
  change: ChangeOf<'storeSecret'>,
): Promise<void> {
  for (let restores = 0; ; restores++) {
    const credential = await storeNewCredential(run, change);
    if (await isStillOnApp(run, credential)) return;
    if (restores >= MAX_RESTORES || !run.added)
      throw new ConsistencyTimeoutError(
        `The ${credential.type} ${credential.keyId} stored in ${change.secretName} was removed from the app right after it was stored, ${restores + 1} times (concurrent runs on this app?). Run again, or add a concurrency group to the workflow.`,
      );
    run.ctx.logger.warning(
      `The ${credential.type} ${credential.keyId} just stored in ${change.secretName} was removed from the app meanwhile (a concurrent run?); adding and storing another one.`,
    );
    await applyAddCredential(run, run.added);
  }
}

async function storeNewCredential(
  run: ApplyRun,
  change: ChangeOf<'storeSecret'>,
): Promise<NewCredential> {
  const credential = run.newCredential;
  if (!credential)
    throw new Error(
      `Cannot store ${change.secretName}: the plan added no new credential before storeSecret.`,
    );
  const clientId = requireAppId(run, 'store the credential');
  try {
    const stored = await run.ctx.ports.store(change.secretName, credential, {
      clientId,
      tenantId: run.ctx.tenantId,
    });
    if (stored?.keyVaultSecretId) run.keyVaultSecretId = stored.keyVaultSecretId;
  } catch (cause) {
    // A 5xx or a dropped connection may come after GitHub stored the value: removing the credential
    // then would leave GitHub holding a dead secret. Kept, it is either what GitHub holds, or GitHub
    // still holds the old one and the next run finds the new one unrecorded (litter) and removes it.
    if (mayHaveBeenStored(cause)) {
      run.ctx.logger.warning(
        `Kept the new ${credential.type} ${credential.keyId}: GitHub may have stored it before failing; the next run checks and stores it again if needed.`,
      );
      throw cause;
    }
    // The old credential stays in place and in GitHub; an unstored new one would only be litter.
    await removeCredential(run, credential.type, credential.keyId).catch((removeError: unknown) => {
      run.ctx.logger.warning(
        `Could not remove the unstored ${credential.type} ${credential.keyId} again: ${(removeError as Error).message.split('\n')[0]}`,
      );
    });
    throw cause;
  }
  const where = [
    ...(change.github === false ? [] : [`GitHub secret ${change.secretName}`]),
    ...(run.keyVaultSecretId ? [`Key Vault secret ${run.keyVaultSecretId}`] : []),
  ];
  run.ctx.logger.info(`Stored the ${credential.type} in ${where.join(' and ')}`);
  return credential;
}

// A few reads before concluding it is gone: a replica may not show a credential added seconds ago.
async function isStillOnApp(run: ApplyRun, credential: NewCredential): Promise<boolean> {
  const { graph } = run.ctx;
  const applicationId = requireApplicationId(run, 'confirm the stored credential');
  const property = credential.type === 'secret' ? 'passwordCredentials' : 'keyCredentials';
  // Waits of 2, 4 and 8 s (with the default policy) between the reads.
  const found = await poll(
    async () => {
      const app = await graph.get<Record<string, Array<{ keyId?: string }> | undefined>>(
        `/applications/${applicationId}?$select=${property}`,
        undefined,
        { retryWhile: isReplicationDelay },
      );
      return (app[property] ?? []).some((c) => c.keyId === credential.keyId) || undefined;
    },
    toReplicationPoll(graph.policy, 4, 2 * graph.policy.backoffBaseMs),
  );
  return found ?? false;
}

/** Requests a token with the new credential and records the result; a failure is logged as a warning. */
export async function applyVerifyCredential(run: ApplyRun): Promise<void> {
  const credential = run.newCredential;
  if (!credential)
    throw new Error('Cannot verify: the plan added no new credential before verifyCredential.');
  const clientId = requireAppId(run, 'verify the credential');
  const expected = toExpectedRoles(run.ctx.desired.permissions);
  const roles = expected.flatMap((group) => group.roles);
  run.verified = await run.ctx.ports.verify(clientId, credential, expected);
  if (run.verified.ok) {
    run.ctx.logger.info(
      `Verified the new ${credential.type}: a token was issued${roles.length ? ` with roles ${run.verified.roles.join(', ')}` : ''}`,
    );
  } else {
    const missing = run.verified.missing.length
      ? ` (missing roles: ${run.verified.missing.join(', ')})`
      : '';
    run.ctx.logger.warning(
      `The new ${credential.type} could not be verified after ${run.verified.attempts} attempts: ${run.verified.reason ?? 'no token'}${missing}. Older credentials are kept.`,
    );
  }
}

/** Removes an old client secret or certificate. */
export async function applyRemoveCredential(
  run: ApplyRun,
  change: ChangeOf<'removeCredential'>,
): Promise<void> {
  await removeCredential(run, change.type, change.keyId);
  run.ctx.logger.info(
    `Removed ${change.reason} ${change.type} "${change.displayName}" (keyId ${change.keyId})`,
  );
  // A vault version of a removed credential would hand a person a value that no longer signs in.
  const { secretName } = run.ctx.desired.credential;
  if (secretName) await run.ctx.ports.retire?.(secretName, change.keyId);
}

async function removeCredential(
  run: ApplyRun,
  type: 'secret' | 'certificate',
  keyId: string,
): Promise<void> {
  const { graph } = run.ctx;
  const applicationId = requireApplicationId(run, `remove ${type} ${keyId}`);
  if (type === 'secret') {
    try {
      await graph.post(`/applications/${applicationId}/removePassword`, { keyId });
    } catch (err) {
      // Already gone (e.g. a retried removal whose first attempt was applied) is what we want.
      if (
        !(err instanceof GraphError) ||
        !(
          err.status === 404 ||
          (err.status === 400 &&
            /no password credential|not found|does not exist/i.test(err.details.message))
        )
      )
        throw err;
    }
    return;
  }
  const keys = await readKeyCredentials(graph, applicationId);
  if (!keys.some((k) => k.keyId === keyId)) return;
  await writeKeyCredentials(
    graph,
    applicationId,
    keys.filter((k) => k.keyId !== keyId),
  );
}

/**
 * The application permissions to find in tokens, grouped by resource; Microsoft Graph always comes
 * first (with no roles when the profile has none there) so every credential is tried at least once.
 */
export function toExpectedRoles(permissions: readonly ResolvedPermission[]): ExpectedRoles[] {
  const graph = FIRST_PARTY_RESOURCES['Microsoft Graph'];
  const groups = new Map<string, ExpectedRoles>([
    [graph, { resourceAppId: graph, resourceDisplayName: 'Microsoft Graph', roles: [] }],
  ]);
  for (const permission of permissions) {
    if (permission.kind !== 'application') continue;
    const group = groups.get(permission.resourceAppId) ?? {
      resourceAppId: permission.resourceAppId,
      resourceDisplayName: permission.resourceDisplayName,
      roles: [],
    };
    if (!group.roles.includes(permission.value)) group.roles.push(permission.value);
    groups.set(permission.resourceAppId, group);
  }
  return [...groups.values()];
}
