// Executors of the credential changes, in the order that never leaves the app without a working
// credential: add the new one → store it in GitHub (removed again if that fails) → verify it
// (apply-verify.ts) → remove the old ones (skipped by applyPlan when verification failed).
import { mayHaveBeenStored } from '../credentials/store-secrets.js';
import type { NewCredential, StoredCredential } from '../credentials/types.js';
import type { KeyCredential } from '../model/graph-types.js';
import { ConsistencyTimeoutError } from '../errors.js';
import { toReplicationPoll } from '../graph/retry-policy.js';
import { poll } from '../net/retry.js';
import {
  findAddedKey,
  readKeyCredentials,
  removeKeyCredential,
  toNewKeyCredential,
  writeKeyCredentials,
} from '../graph/key-credentials.js';
import { addPassword, readCredentialKeyIds, removePassword } from '../graph/write-application.js';
import type { ChangeOf } from '../plan/change-kinds.js';
import type { ApplyContext, Learned, RunCredential, RunIds } from './apply-context.js';
import { addWithinPolicy } from './credential-lifetime.js';

/** Adds a client secret (addPassword) or a certificate (keyCredentials PATCH); the run learns it. */
export async function applyAddCredential(
  change: ChangeOf<'addCredential'>,
  ids: Pick<RunIds, 'applicationId'>,
  ctx: ApplyContext,
): Promise<{ newCredential: RunCredential }> {
  const credential =
    change.type === 'secret'
      ? await addSecret(ctx, ids.applicationId, change)
      : await addCertificate(ctx, ids.applicationId, change);
  ctx.logger.info(
    `Added ${change.type} "${change.displayName}" (keyId ${credential.keyId}, expires ${credential.endDateTime})`,
  );
  return { newCredential: { credential, added: change } };
}

async function addSecret(
  ctx: ApplyContext,
  applicationId: string,
  change: ChangeOf<'addCredential'>,
): Promise<NewCredential> {
  return addWithinPolicy(ctx, 'secret', change.endDateTime, async (endDateTime) => {
    const created = await addPassword(ctx.graph, applicationId, {
      displayName: change.displayName,
      endDateTime,
    });
    ctx.ports.mask(created.secretText);
    return {
      type: 'secret',
      keyId: created.keyId,
      endDateTime: created.endDateTime ?? endDateTime,
      secretText: created.secretText,
    };
  });
}

async function addCertificate(
  ctx: ApplyContext,
  applicationId: string,
  change: ChangeOf<'addCredential'>,
): Promise<NewCredential> {
  const { graph, ports, desired } = ctx;
  return addWithinPolicy(ctx, 'certificate', change.endDateTime, async (endDateTime) => {
    const material = await ports.createCertificate(
      `CN=${desired.application.displayName}`,
      endDateTime,
    );
    ports.mask(material.pfxBase64);
    ports.mask(material.pfxPassword);
    const before = await readKeyCredentials(graph, applicationId);
    const added = toNewKeyCredential(material, change.displayName);
    await writeKeyCredentials(graph, applicationId, before, added);
    const key = await readAddedKey(ctx, applicationId, added.keyId, material.thumbprintHex, before);
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
  ctx: ApplyContext,
  applicationId: string,
  keyId: string,
  thumbprintHex: string,
  before: KeyCredential[],
): Promise<KeyCredential> {
  const { graph } = ctx;
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
  change: ChangeOf<'storeSecret'>,
  ids: Pick<RunIds, 'applicationId' | 'appId' | 'newCredential'>,
  ctx: ApplyContext,
): Promise<Learned> {
  let current = ids.newCredential;
  let keyVaultSecretId: string | undefined;
  let { replacing } = change;
  for (let restores = 0; ; restores++) {
    const { credential } = current;
    const stored = await storeNewCredential(change, ids, credential, ctx, replacing);
    keyVaultSecretId = stored.keyVaultSecretId ?? keyVaultSecretId;
    // Stored once, the secret exists: another store replaces this one.
    replacing = { keyId: credential.keyId };
    if (await isStillOnApp(ctx, ids.applicationId, credential))
      return {
        newCredential: current,
        ...(keyVaultSecretId ? { keyVaultSecretId } : {}),
        ...(stored.githubWritten ? { githubWritten: stored.githubWritten } : {}),
        ...(stored.githubOverlapped ? { githubOverlapped: true } : {}),
      };
    if (restores >= MAX_RESTORES)
      throw new ConsistencyTimeoutError(
        `The ${credential.type} ${credential.keyId} stored in ${change.secretName} was removed from the app right after it was stored, ${restores + 1} times (concurrent runs on this app?). Run again, or add a concurrency group to the workflow.`,
      );
    ctx.logger.warning(
      `The ${credential.type} ${credential.keyId} just stored in ${change.secretName} was removed from the app meanwhile (a concurrent run?); adding and storing another one.`,
    );
    current = (await applyAddCredential(current.added, ids, ctx)).newCredential;
  }
}

/** Stores the credential; returns where: the Key Vault version, GitHub's updated_at after the write. */
async function storeNewCredential(
  change: ChangeOf<'storeSecret'>,
  ids: Pick<RunIds, 'applicationId' | 'appId'>,
  credential: NewCredential,
  ctx: ApplyContext,
  replacing: { keyId: string | null } | undefined,
): Promise<StoredCredential> {
  let stored: StoredCredential;
  try {
    stored =
      (await ctx.ports.store(
        change.secretName,
        credential,
        { clientId: ids.appId, tenantId: ctx.tenantId },
        replacing,
      )) ?? {};
  } catch (cause) {
    // A 5xx or a dropped connection may come after GitHub stored the value: removing the credential
    // then would leave GitHub holding a dead secret. Kept, it is either what GitHub holds, or GitHub
    // still holds the old one and the next run finds the new one unrecorded (litter) and removes it.
    if (mayHaveBeenStored(cause)) {
      ctx.logger.warning(
        `Kept the new ${credential.type} ${credential.keyId}: GitHub may have stored it before failing; the next run checks and stores it again if needed.`,
      );
      throw cause;
    }
    await discardUnstored(ctx, ids.applicationId, credential);
    throw cause;
  }
  const where = [
    ...(change.github === false ? [] : [`GitHub secret ${change.secretName}`]),
    ...(stored.keyVaultSecretId ? [`Key Vault secret ${stored.keyVaultSecretId}`] : []),
  ];
  ctx.logger.info(`Stored the ${credential.type} in ${where.join(' and ')}`);
  return stored;
}

// A few reads before concluding it is gone: a replica may not show a credential added seconds ago.
async function isStillOnApp(
  ctx: ApplyContext,
  applicationId: string,
  credential: NewCredential,
): Promise<boolean> {
  const { graph } = ctx;
  // Waits of 2, 4 and 8 s (with the default policy) between the reads.
  const found = await poll(
    async () =>
      (await readCredentialKeyIds(graph, applicationId, credential.type)).includes(
        credential.keyId,
      ) || undefined,
    toReplicationPoll(graph.policy, 4, 2 * graph.policy.backoffBaseMs),
  );
  return found ?? false;
}

/**
 * Removes a credential the run added but never stored, after a failure: the old credential stays in
 * place and in GitHub, and an unstored new one would only be litter. Never throws.
 */
export async function discardUnstored(
  ctx: ApplyContext,
  applicationId: string,
  credential: NewCredential,
): Promise<void> {
  try {
    await removeCredential(ctx, applicationId, credential.type, credential.keyId);
    ctx.logger.info(`Removed the unstored ${credential.type} ${credential.keyId} again.`);
  } catch (removeError) {
    ctx.logger.warning(
      `Could not remove the unstored ${credential.type} ${credential.keyId} again: ${(removeError as Error).message.split('\n')[0]}`,
    );
  }
}

/** Removes an old client secret or certificate. */
export async function applyRemoveCredential(
  change: ChangeOf<'removeCredential'>,
  ids: Pick<RunIds, 'applicationId'>,
  ctx: ApplyContext,
): Promise<Learned> {
  await removeCredential(ctx, ids.applicationId, change.type, change.keyId);
  ctx.logger.info(
    `Removed ${change.reason} ${change.type} "${change.displayName}" (keyId ${change.keyId})`,
  );
  // A vault version of a removed credential would hand a person a value that no longer signs in.
  const { secretName } = ctx.desired.credential;
  if (secretName) await ctx.ports.retire?.(secretName, change.keyId);
  return {};
}

async function removeCredential(
  ctx: ApplyContext,
  applicationId: string,
  type: 'secret' | 'certificate',
  keyId: string,
): Promise<void> {
  if (type === 'secret') await removePassword(ctx.graph, applicationId, keyId);
  else await removeKeyCredential(ctx.graph, applicationId, keyId);
}
