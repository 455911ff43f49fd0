// Key Vault as a credential store with a record of which Entra credential it holds, in the shape of
// the CredentialStore port (describe / readHeld / writeRecord): the record is the key-id tag that
// goes with each version in the same PUT, so the record can never be older than the value.
import type { VaultSecrets } from './vault-client.js';
import { toVaultSecretName } from './vault-url.js';

/** What the vault holds under a (GitHub-style) secret name, never the value. */
export interface VaultHeld {
  name: string;
  exists: boolean;
  /** when the current version was written (ISO); null without one */
  updatedAt: string | null;
  /** keyId named by the current version's key-id tag; null when untagged */
  keyId: string | null;
  /** true when the current version carries the tag (written by the action, value and tag together) */
  recordCurrent: boolean;
  /** https://<vault>/secrets/<name>, without a version */
  url: string;
}

/** The vault as a store: reads the record of a secret; writing the record is part of the value's write. */
export interface VaultStore {
  describe(name: string): string;
  readHeld(name: string): Promise<VaultHeld>;
  writeRecord(name: string, keyId: string): Promise<void>;
}

/** Returns the Key Vault store of one vault. */
export function createVaultStore(secrets: VaultSecrets): VaultStore {
  const urlOf = (name: string): string => `${secrets.vaultUrl}/secrets/${toVaultSecretName(name)}`;
  return {
    describe: (name) => `Key Vault secret ${urlOf(name)}`,
    async readHeld(name) {
      const record = await secrets.readRecord(toVaultSecretName(name));
      return {
        name,
        exists: record.exists,
        updatedAt: record.updatedOn,
        keyId: record.keyId,
        recordCurrent: record.exists && record.keyId !== null,
        url: urlOf(name),
      };
    },
    async writeRecord() {
      // The key-id tag is written with the value (one PUT), so there is nothing left to record.
    },
  };
}
