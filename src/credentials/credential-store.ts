// Which Entra credential a store (a GitHub secret, a Key Vault secret) holds, known rather than
// inferred: a record naming the credential's keyId is written right after the value and read on
// every run. The planner trusts the record only while it is newer than the value.
import type { HeldCredential } from '../model/observed.js';

export type { HeldCredential } from '../model/observed.js';

/** A place the credential is delivered to, with its record of which credential it holds. */
export interface CredentialStore {
  /** e.g. 'repository secret X in o/r', for plan rows and errors. */
  describe(name: string): string;
  /**
   * Reads what the store holds under name (never the value). Read-only. `companions` are values
   * written just before name in the same delivery (e.g. NAME_PASSWORD); one newer than name means
   * the delivery stopped half-way.
   */
  readHeld(name: string, companions?: string[]): Promise<HeldCredential>;
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
    async readHeld(name, companions = []) {
      // One after the other: GitHub's secondary rate limits punish bursts of concurrent requests.
      const secret = await client.readSecretMetadata(name);
      const record = await client.readVariable(toRecordName(name));
      const held = toHeldCredential(name, secret, record);
      for (const companion of secret.exists ? companions : []) {
        const before = await client.readSecretMetadata(companion);
        if (isNewer(before.updatedAt, secret.updatedAt)) return { ...held, halfWritten: true };
      }
      return held;
    },
    async writeRecord(name, keyId) {
      await client.writeVariable(toRecordName(name), keyId);
    },
  };
}

function isNewer(a: string | null, b: string | null): boolean {
  return a !== null && b !== null && Date.parse(a) > Date.parse(b);
}

/**
 * Combines the secret's metadata and the record: the record describes the value when it was written
 * at or after the value (GitHub's times have whole seconds; a write in the same second counts).
 */
export function toHeldCredential(
  name: string,
  secret: { exists: boolean; updatedAt: string | null },
  record: { exists: boolean; value: string | null; updatedAt: string | null },
): HeldCredential {
  const keyId = record.exists && record.value ? record.value.trim() : null;
  const recordTime = record.updatedAt ? Date.parse(record.updatedAt) : NaN;
  const secretTime = secret.updatedAt ? Date.parse(secret.updatedAt) : NaN;
  const recordCurrent =
    keyId !== null &&
    secret.exists &&
    (Number.isNaN(secretTime) || (!Number.isNaN(recordTime) && recordTime >= secretTime));
  return { name, exists: secret.exists, updatedAt: secret.updatedAt, keyId, recordCurrent };
}
