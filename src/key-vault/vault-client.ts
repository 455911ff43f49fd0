// The Key Vault secrets the action writes, through @azure/keyvault-secrets signed in with the
// action's own federated credential (the SDK asks the vault's challenge for the token resource,
// https://vault.azure.net/.default in the public cloud). Every failure becomes a KeyVaultError whose
// first line says what failed; a 403 names the role or access policy the identity lacks.
import type { TokenCredential, TokenCredentialOptions } from '@azure/identity';
import type { SecretClient, SecretProperties } from '@azure/keyvault-secrets';
import { KeyVaultError } from '../errors.js';

/** What the vault holds for one secret: its current (newest enabled) version and its tags. */
export interface VaultRecord {
  exists: boolean;
  /** The credential's keyId from the version's key-id tag; null when untagged or missing. */
  keyId: string | null;
  /** https://<vault>/secrets/<name>/<version> of the current version. */
  id: string | null;
  version: string | null;
  expiresOn: string | null;
  /** when the current version was last written (ISO) */
  updatedOn: string | null;
}

/** One value to write, with the metadata a person sees in the portal. */
export interface VaultWrite {
  name: string;
  value: string;
  contentType: string;
  expiresOn: Date;
  tags: Record<string, string>;
}

/** The vault operations the credential ports use. */
export interface VaultSecrets {
  readonly vaultUrl: string;
  readRecord(name: string): Promise<VaultRecord>;
  /** Adds a new version and returns its id and version. */
  writeSecret(write: VaultWrite): Promise<{ id: string; version: string }>;
  /** Disables one version, so nobody reads a value that no longer signs in. */
  disableVersion(name: string, version: string): Promise<void>;
  /** Disables the enabled versions tagged with keyId (its credential was removed); returns how many. */
  disableVersionsOf(name: string, keyId: string): Promise<number>;
}

/**
 * Returns the Key Vault client of one vault. The SDK is loaded on first use, off the start-up path
 * of runs without a vault; `httpClient` (the run's outbound fetch) carries the proxy rules.
 */
export function createVaultSecrets(
  vaultUrl: string,
  credential: TokenCredential,
  clientId: string,
  httpClient?: TokenCredentialOptions['httpClient'],
): VaultSecrets {
  let loaded: Promise<SecretClient> | undefined;
  const load = (): Promise<SecretClient> =>
    (loaded ??= import('@azure/keyvault-secrets').then(
      (sdk) => new sdk.SecretClient(vaultUrl, credential, httpClient ? { httpClient } : {}),
    ));
  const fail = (action: string, name: string, error: unknown): never => {
    throw toKeyVaultError(vaultUrl, action, name, clientId, error);
  };
  return {
    vaultUrl,
    async readRecord(name) {
      try {
        const versions: SecretProperties[] = [];
        const client = await load();
        for await (const properties of client.listPropertiesOfSecretVersions(name))
          versions.push(properties);
        return toRecord(versions);
      } catch (error) {
        if (statusOf(error) === 404) return toRecord([]);
        return fail('read', name, error);
      }
    },
    async writeSecret(write) {
      try {
        const client = await load();
        const stored = await client.setSecret(write.name, write.value, {
          contentType: write.contentType,
          expiresOn: write.expiresOn,
          tags: write.tags,
          enabled: true,
        });
        return { id: stored.properties.id ?? '', version: stored.properties.version ?? '' };
      } catch (error) {
        return fail('write', write.name, error);
      }
    },
    async disableVersion(name, version) {
      try {
        const client = await load();
        await client.updateSecretProperties(name, version, { enabled: false });
      } catch (error) {
        fail('disable a version of', name, error);
      }
    },
    async disableVersionsOf(name, keyId) {
      const stale: string[] = [];
      const client = await load();
      try {
        for await (const properties of client.listPropertiesOfSecretVersions(name))
          if (properties.enabled !== false && properties.tags?.['key-id'] === keyId)
            stale.push(properties.version ?? '');
      } catch (error) {
        if (statusOf(error) === 404) return 0;
        return fail('read', name, error);
      }
      for (const version of stale.filter(Boolean)) {
        try {
          await client.updateSecretProperties(name, version, { enabled: false });
        } catch (error) {
          fail('disable a version of', name, error);
        }
      }
      return stale.length;
    },
  };
}

/** The newest enabled version (Key Vault's "current" one a person reads) as the record. */
export function toRecord(versions: readonly SecretProperties[]): VaultRecord {
  // Key Vault's times have whole seconds: within one second the later listed version is the newer.
  const live = versions
    .map((v, index) => ({ v, index }))
    .filter(({ v }) => v.enabled !== false)
    .sort(
      (a, b) =>
        (b.v.createdOn?.getTime() ?? 0) - (a.v.createdOn?.getTime() ?? 0) || b.index - a.index,
    )
    .map(({ v }) => v);
  const current = live[0];
  if (!current)
    return {
      exists: false,
      keyId: null,
      id: null,
      version: null,
      expiresOn: null,
      updatedOn: null,
    };
  return {
    exists: true,
    keyId: current.tags?.['key-id'] ?? null,
    id: current.id ?? null,
    version: current.version ?? null,
    expiresOn: current.expiresOn?.toISOString() ?? null,
    updatedOn: current.updatedOn?.toISOString() ?? null,
  };
}

function statusOf(error: unknown): number {
  const status = (error as { statusCode?: unknown }).statusCode;
  return typeof status === 'number' ? status : 0;
}

/** A KeyVaultError with the service's message first and, for a 403, the role or policy to grant. */
export function toKeyVaultError(
  vaultUrl: string,
  action: string,
  name: string,
  clientId: string,
  error: unknown,
): KeyVaultError {
  const status = statusOf(error);
  const detail = ((error as Error).message ?? String(error)).split(/\r?\n/)[0];
  const vault = new URL(vaultUrl).host;
  let message = `Key Vault ${vault} refused to ${action} secret ${name}${status ? ` (HTTP ${status})` : ''}: ${detail}`;
  if (status === 0) message = `Could not ${action} secret ${name} in Key Vault ${vault}: ${detail}`;
  if (status === 403 && !/disabled/i.test(detail)) {
    message += ` The identity the action signs in as (client-id ${clientId}) needs the role "Key Vault Secrets Officer" on the vault (Azure RBAC), or, on a vault using access policies, a policy with the secret permissions get, list and set.`;
  }
  return new KeyVaultError(message, status, { cause: error });
}
