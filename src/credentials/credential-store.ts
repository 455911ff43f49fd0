// Which Entra credential a store (a GitHub secret, a Key Vault secret) holds, known rather than
// inferred: a record naming the credential's keyId is written right after the value and read on
// every run. Before an existing value is replaced, GitHub's record says so ("pending"), so a run
// stopped part-way is known from the record itself, not from timestamps of whole seconds.
import type { HeldCredential } from '../model/observed.js';

export type { HeldCredential } from '../model/observed.js';

/** A place the credential is delivered to, with its record of which credential it holds. */
export interface CredentialStore {
  /** e.g. 'repository secret X in o/r', for plan rows and errors. */
  describe(name: string): string;
  /** Reads what the store holds under name (never the value). Read-only. */
  readHeld(name: string): Promise<HeldCredential>;
  /** Writes the record naming keyId; called right after the value is stored. */
  writeRecord(name: string, keyId: string): Promise<void>;
}

/** The part of SecretsClient the GitHub store uses. */
export interface GitHubStoreClient {
  readSecretMetadata(name: string): Promise<{ exists: boolean; updatedAt: string | null }>;
  readVariable(
    name: string,
  ): Promise<{ exists: boolean; value: string | null; updatedAt: string | null }>;
  writeVariable(name: string, value: string): Promise<'created' | 'updated'>;
}

/** The name of the Actions variable that records which credential the secret `name` holds. */
export function toRecordName(secretName: string): string {
  return `${secretName}_KEY_ID`;
}

/**
 * The GitHub store: the record is the Actions variable NAME_KEY_ID in the secret's scope (repository,
 * environment or organization), so the token also needs "Variables: read and write" there.
 */
export function createGitHubStore(
  client: GitHubStoreClient,
  describe: (name: string) => string,
): CredentialStore {
  return {
    describe,
    async readHeld(name) {
      // One after the other: GitHub's secondary rate limits punish bursts of concurrent requests.
      const secret = await client.readSecretMetadata(name);
      const record = await client.readVariable(toRecordName(name));
      return toHeldCredential(name, secret, record);
    },
    async writeRecord(name, keyId) {
      await client.writeVariable(toRecordName(name), keyId);
    },
  };
}

/**
 * The record's value while a delivery replaces the stored value: the new keyId and the one the
 * record named before (`none` without one). Written before the first value, replaced by the new
 * keyId after the last, so a record still saying this means the delivery stopped part-way.
 */
export function toPendingRecord(newKeyId: string, previousKeyId: string | null): string {
  return `pending ${newKeyId} (was ${previousKeyId ?? 'none'})`;
}

const PENDING = /^pending (\S+) \(was (\S+)\)$/;

/**
 * Combines the secret's metadata and the record: the record describes the value when it was written
 * at or after the value (GitHub's times have whole seconds; a write in the same second counts) and
 * is not a pending mark; a pending mark names the credential being stored and the one before it.
 */
export function toHeldCredential(
  name: string,
  secret: { exists: boolean; updatedAt: string | null },
  record: { exists: boolean; value: string | null; updatedAt: string | null },
): HeldCredential {
  const value = record.exists && record.value ? record.value.trim() : null;
  const pending = value ? PENDING.exec(value) : null;
  if (pending) {
    const [, interruptedKeyId = '', was = 'none'] = pending;
    const keyId = was === 'none' ? null : was;
    return { name, ...secret, keyId, recordCurrent: false, interruptedKeyId };
  }
  const keyId = value;
  const recordTime = record.updatedAt ? Date.parse(record.updatedAt) : NaN;
  const secretTime = secret.updatedAt ? Date.parse(secret.updatedAt) : NaN;
  const recordCurrent =
    keyId !== null &&
    secret.exists &&
    (Number.isNaN(secretTime) || (!Number.isNaN(recordTime) && recordTime >= secretTime));
  return { name, exists: secret.exists, updatedAt: secret.updatedAt, keyId, recordCurrent };
}
