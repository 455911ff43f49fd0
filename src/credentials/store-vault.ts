// Writes a credential to Key Vault so that what the vault holds after a failure is known: each
// version carries the credential's keyId in its tags (the record read on every run), an error that
// may have come after the write is settled by reading that record back, and a version whose
// credential is removed again is disabled so nobody reads a value that no longer signs in.
import type { VaultSecrets, VaultWrite } from '../key-vault/vault-client.js';
import { toVaultSecretName } from '../key-vault/vault-url.js';
import { KeyVaultError } from '../errors.js';
import { exportPfxWithoutPassword } from './certificate.js';
import { PossiblyStoredError } from './store-secrets.js';
import type { NewCredential } from './types.js';

/** How the ports reach the vault. */
export interface VaultTarget {
  secrets: VaultSecrets;
  /** The profile name, for the tags. */
  profile: string;
  storeIds: boolean;
}

/** The version written for the credential, e.g. for the hand-off and for undoing it. */
export interface VaultWritten {
  name: string;
  id: string;
  version: string;
}

/** Returns the values to write for a credential: the ids (when asked) first, the credential last. */
export async function toVaultWrites(
  target: VaultTarget,
  secretName: string,
  credential: NewCredential,
  format: 'pfx' | 'pem',
  ids: { clientId: string; tenantId: string },
): Promise<VaultWrite[]> {
  const name = toVaultSecretName(secretName);
  const expiresOn = new Date(credential.endDateTime);
  const tags = {
    'client-id': ids.clientId,
    'key-id': credential.keyId,
    profile: target.profile,
    'managed-by': 'register-entra-app',
  };
  const idWrites: VaultWrite[] = target.storeIds
    ? [
        ['CLIENT-ID', ids.clientId],
        ['TENANT-ID', ids.tenantId],
      ].map(([suffix, value]) => ({
        name: `${name}-${suffix}`,
        value,
        contentType: 'text/plain',
        expiresOn,
        tags: { 'client-id': ids.clientId, profile: target.profile },
      }))
    : [];
  return [...idWrites, { name, expiresOn, tags, ...(await toVaultValue(credential, format)) }];
}

async function toVaultValue(
  credential: NewCredential,
  format: 'pfx' | 'pem',
): Promise<{ value: string; contentType: string }> {
  if (credential.type === 'secret')
    return { value: credential.secretText, contentType: 'text/plain' };
  const { certificatePem, privateKeyPem } = credential.material;
  if (format === 'pem') {
    const key = privateKeyPem.endsWith('\n') ? privateKeyPem : `${privateKeyPem}\n`;
    return { value: `${key}${certificatePem}`, contentType: 'application/x-pem-file' };
  }
  return {
    value: await exportPfxWithoutPassword(certificatePem, privateKeyPem),
    contentType: 'application/x-pkcs12',
  };
}

/** Writes the values (I/O); returns the credential's version. Throws PossiblyStoredError when unknown. */
export async function writeVaultSecrets(
  target: VaultTarget,
  writes: VaultWrite[],
  keyId: string,
  log: (line: string) => void,
): Promise<VaultWritten> {
  let written: VaultWritten | null = null;
  for (const write of writes) {
    try {
      const stored = await target.secrets.writeSecret(write);
      written = { name: write.name, ...stored };
      log(`Stored Key Vault secret ${write.name} (version ${stored.version}).`);
    } catch (error) {
      // Only an answer that may have come after the write (5xx, no answer) is worth reading back.
      const status = error instanceof KeyVaultError ? error.status : 0;
      if (status !== 0 && status < 500) throw error;
      const settled = await readBack(target, write, keyId);
      if (settled === 'unknown')
        throw new PossiblyStoredError(
          `${(error as Error).message} Key Vault may have stored ${write.name} anyway (reading it back failed too), so the new credential is kept.`,
          { cause: error },
        );
      if (!settled) throw error;
      written = { name: write.name, id: settled.id, version: settled.version };
      log(`Key Vault answered an error to the write of ${write.name} but stored it.`);
    }
  }
  return written as VaultWritten;
}

async function readBack(
  target: VaultTarget,
  write: VaultWrite,
  keyId: string,
): Promise<{ id: string; version: string } | null | 'unknown'> {
  if (!('key-id' in write.tags)) return null;
  try {
    const record = await target.secrets.readRecord(write.name);
    return record.keyId === keyId && record.id && record.version
      ? { id: record.id, version: record.version }
      : null;
  } catch {
    return 'unknown';
  }
}
