// Writes a credential's GitHub secrets so that what GitHub holds after a failure is known: a write
// GitHub answered with an error may still have been stored, and a PFX whose password was replaced
// no longer opens.
import { GitHubError } from '../errors.js';
import { describeSecretTarget } from '../github/secret-target.js';
import { toPendingRecord, toRecordName } from './credential-store.js';
import type { CredentialPortsOptions } from './ports.js';
import type { WrittenSecret } from './types.js';

/**
 * GitHub answered an error to a write, yet the secret holds, or may hold, the new value: removing the
 * new credential would leave GitHub with a dead one, so the executor keeps it. If GitHub still holds
 * the old value, the next run finds the secret older than the new credential and stores it again.
 */
export class PossiblyStoredError extends Error {
  override name = 'PossiblyStoredError';
}

/** Whether a failed write may still have stored the value (then the new credential must be kept). */
export function mayHaveBeenStored(error: unknown): boolean {
  if (error instanceof PossiblyStoredError) return true;
  return error instanceof GitHubError && (error.status === 0 || error.status >= 500);
}

interface Metadata {
  exists: boolean;
  updatedAt: string | null;
}

/**
 * Writes the ids (when asked), then the credential's secrets with NAME last, then the record (I/O);
 * one log line per write. When an existing value is replaced, the record is first marked pending,
 * so a run stopped between the writes leaves a record the next run does not trust; a record no
 * longer holding this run's mark when the values are written means another run marked it
 * meanwhile, so it is left pending for the next run. Returns each written secret's updated_at
 * right after its write (those that could be read), and whether another run overlapped.
 */
export async function writeCredentialSecrets(
  options: CredentialPortsOptions,
  secretName: string,
  values: Array<[string, string]>,
  ids: { clientId: string; tenantId: string },
  credential: { keyId: string; replacing?: { keyId: string | null } | undefined },
): Promise<GitHubDelivery> {
  const { keyId, replacing } = credential;
  if (options.storeIds !== 'none') await writeIds(options, secretName, ids);
  if (replacing) await markPending(options, secretName, keyId, replacing.keyId);
  // NAME goes last: a new secret (nothing replaced) is missing until the pair is complete.
  const written: string[] = [];
  const stamps: WrittenSecret[] = [];
  for (const [name, value] of values) {
    try {
      await writeValue(options, name, value, name === secretName);
    } catch (error) {
      if (error instanceof PossiblyStoredError) throw error;
      if (written.length > 0) await undoHalfWrittenPair(options, secretName, written, error);
      if (replacing?.keyId) await unmarkPending(options, secretName, replacing.keyId);
      throw error;
    }
    written.push(name);
    // Read at once: another run's later write of it changes this (see apply-plan.ts).
    const updatedAt = await readUpdatedAt(options, name);
    if (updatedAt) stamps.push({ name, updatedAt });
  }
  if (replacing && (await isMarkedByAnother(options, secretName, keyId, replacing.keyId))) {
    // The values are stored: a failure here must not remove the new credential.
    await markPending(options, secretName, keyId, keyId).catch((error: unknown) => {
      options.log(`Could not mark the record pending: ${(error as Error).message.split('\n')[0]}`);
    });
    options.log(
      `Another run marked ${toRecordName(secretName)} while this one wrote ${secretName}: it stays pending, so the next run replaces what GitHub holds.`,
    );
    return { written: stamps, overlapped: true };
  }
  await writeRecord(options, secretName, keyId);
  return { written: stamps, overlapped: false };
}

/** What a GitHub delivery learned: each secret's updated_at after its write, and any overlap. */
export interface GitHubDelivery {
  written: WrittenSecret[];
  overlapped: boolean;
}

// Whether the record holds something other than this run's own pending mark (never throws: an
// unreadable record counts as this run's).
async function isMarkedByAnother(
  options: CredentialPortsOptions,
  secretName: string,
  keyId: string,
  previousKeyId: string | null,
): Promise<boolean> {
  try {
    const record = await options.github.readVariable?.(toRecordName(secretName));
    return record !== undefined && record.value !== toPendingRecord(keyId, previousKeyId);
  } catch {
    return false;
  }
}

/** The secret's updated_at, or null when it is missing or cannot be read (never throws). */
export async function readUpdatedAt(
  options: Pick<CredentialPortsOptions, 'github'>,
  name: string,
): Promise<string | null> {
  try {
    const metadata = await options.github.readSecretMetadata?.(name);
    return metadata?.exists ? metadata.updatedAt : null;
  } catch {
    return null;
  }
}

function report(
  options: CredentialPortsOptions,
  result: 'created' | 'updated',
  kind: string,
  name: string,
): void {
  options.log(
    `${result === 'created' ? 'Created' : 'Updated'} ${options.target.scope} ${kind} ${name} in ${describeSecretTarget(options.target)}.`,
  );
}

async function writeIds(
  options: CredentialPortsOptions,
  secretName: string,
  ids: { clientId: string; tenantId: string },
): Promise<void> {
  for (const [name, value] of [
    [`${secretName}_CLIENT_ID`, ids.clientId],
    [`${secretName}_TENANT_ID`, ids.tenantId],
  ]) {
    if (options.storeIds === 'secrets')
      report(options, await options.github.writeSecret(name, value), 'secret', name);
    else report(options, await options.github.writeVariable(name, value), 'variable', name);
  }
}

/**
 * Writes one secret. A write GitHub answered with an error but stored counts as written for a
 * companion (NAME_PASSWORD); for NAME itself, or when it cannot be told, it throws
 * PossiblyStoredError (the new credential is kept). A write not stored throws its error.
 */
async function writeValue(
  options: CredentialPortsOptions,
  name: string,
  value: string,
  isValue: boolean,
): Promise<void> {
  const before = await options.github.readSecretMetadata?.(name);
  try {
    report(options, await options.github.writeSecret(name, value), 'secret', name);
  } catch (error) {
    const message = (error as Error).message;
    const stored = before ? await readWhetherStored(options, name, before) : false;
    if (stored === 'unknown')
      throw new PossiblyStoredError(
        `${message} GitHub may have stored ${name} anyway (reading it back failed too), so the new credential is kept.`,
        { cause: error },
      );
    if (stored && isValue)
      throw new PossiblyStoredError(
        `${message} GitHub stored ${name} anyway, so the new credential is kept; the next run verifies it.`,
        { cause: error },
      );
    if (!stored) throw error;
    options.log(
      `GitHub answered an error to the write of ${name} but stored it: ${message.split('\n')[0]}`,
    );
  }
}

// Nothing is replaced yet: a failure here (even one GitHub stored) leaves the value as it was, so
// the executor removes the new credential; a mark that landed makes the next run rotate once more.
export async function markPending(
  options: CredentialPortsOptions,
  secretName: string,
  keyId: string,
  previousKeyId: string | null,
): Promise<void> {
  try {
    await options.github.writeVariable(
      toRecordName(secretName),
      toPendingRecord(keyId, previousKeyId),
    );
  } catch (error) {
    throw new Error(
      `${(error as Error).message.split('\n')[0]} (marking the record pending before replacing ${secretName}: nothing was replaced).`,
      { cause: error },
    );
  }
  options.log(
    `Marked ${options.target.scope} variable ${toRecordName(secretName)} pending: ${secretName} is being replaced.`,
  );
}

// Nothing was replaced (GitHub refused the first value): the record names what it held before
// again, so the next run has nothing to repair. If that fails too, the next run rotates once more.
async function unmarkPending(
  options: CredentialPortsOptions,
  secretName: string,
  previousKeyId: string,
): Promise<void> {
  try {
    await options.github.writeVariable(toRecordName(secretName), previousKeyId);
  } catch (error) {
    options.log(
      `Could not set ${toRecordName(secretName)} back to ${previousKeyId}: ${(error as Error).message.split('\n')[0]} The next run replaces the credential.`,
    );
  }
}

// The record goes after the value, so a stop in between leaves a record older than the value (or
// still pending), which the next run does not trust. Failing here must not remove the stored credential.
export async function writeRecord(
  options: CredentialPortsOptions,
  secretName: string,
  keyId: string,
): Promise<void> {
  const name = toRecordName(secretName);
  try {
    const result = await options.github.writeVariable(name, keyId);
    options.log(
      `${result === 'created' ? 'Created' : 'Updated'} ${options.target.scope} variable ${name} (the keyId ${secretName} holds) in ${describeSecretTarget(options.target)}.`,
    );
  } catch (error) {
    throw new PossiblyStoredError(
      `GitHub stored ${secretName}, but writing ${name} (the record of which credential it holds) failed: ${(error as Error).message.split('\n')[0]} The new credential is kept; the next run finds the record older than the secret and checks again.`,
      { cause: error },
    );
  }
}

// A write GitHub stored changes updated_at (or creates the secret); compared with the value read
// before the write, not with a clock, so runner and GitHub clocks need not agree.
async function readWhetherStored(
  options: CredentialPortsOptions,
  name: string,
  before: Metadata,
): Promise<boolean | 'unknown'> {
  try {
    const after = await options.github.readSecretMetadata?.(name);
    if (!after) return 'unknown';
    return after.exists && (!before.exists || after.updatedAt !== before.updatedAt);
  } catch {
    return 'unknown';
  }
}

// NAME_PASSWORD already holds the new password, which does not open the old PFX still in NAME, and
// the old password cannot be read back from GitHub. Deleting NAME makes the next run see the secret
// missing and store a new pair, instead of leaving a pair that never opens.
async function undoHalfWrittenPair(
  options: CredentialPortsOptions,
  secretName: string,
  written: string[],
  error: unknown,
): Promise<never> {
  const first = (error as Error).message;
  let outcome: string;
  try {
    if (!options.github.deleteSecret) throw new Error('the secrets client cannot delete secrets');
    await options.github.deleteSecret(secretName);
    outcome = `so ${secretName} was deleted; the next run creates and stores a new certificate`;
  } catch (deleteError) {
    outcome = `and deleting ${secretName} failed too (${(deleteError as Error).message.split('\n')[0]}); re-run with rotate: always`;
  }
  throw new Error(
    `${first} ${written.join(', ')} had already been updated and no longer matches ${secretName}, ${outcome}.`,
    { cause: error },
  );
}

/** The part of the secrets client that deletes what a delivery wrote. */
export interface DeliveryRemover {
  deleteSecret(name: string): Promise<boolean>;
  deleteVariable(name: string): Promise<boolean>;
}

/**
 * Deletes everything a delivery to secretName may have written (I/O), NAME first: the secret, a
 * PFX's password, the ids as secrets or variables and the record. Returns what existed, as
 * "secret X" / "variable X"; one after the other, as GitHub's secondary rate limits ask.
 */
export async function deleteDelivery(
  github: DeliveryRemover,
  secretName: string,
): Promise<string[]> {
  const ids = [`${secretName}_CLIENT_ID`, `${secretName}_TENANT_ID`];
  const deleted: string[] = [];
  for (const name of [secretName, `${secretName}_PASSWORD`, ...ids])
    if (await github.deleteSecret(name)) deleted.push(`secret ${name}`);
  for (const name of [toRecordName(secretName), ...ids])
    if (await github.deleteVariable(name)) deleted.push(`variable ${name}`);
  return deleted;
}
