// Where a vault lives: the `key-vault` input is a vault name or its URL; a name gets the cloud's
// vault DNS suffix. https://learn.microsoft.com/azure/key-vault/general/about-keys-secrets-certificates
import { InputError } from '../errors.js';
import type { CloudName } from '../auth/clouds.js';

/** The DNS suffix of vaults in each cloud (also the host of the token resource, https://vault.<…>). */
export const KEY_VAULT_SUFFIXES: Readonly<Record<CloudName, string>> = {
  AzurePublicCloud: 'vault.azure.net',
  AzureUSGovernment: 'vault.usgovcloudapi.net',
  AzureChinaCloud: 'vault.azure.cn',
};

// 3-24 characters, letters, digits and hyphens, starting with a letter, ending with a letter or
// digit, no two hyphens in a row (the portal's and ARM's rule for vault names).
const VAULT_NAME = /^(?!.*--)[a-zA-Z][a-zA-Z0-9-]{1,22}[a-zA-Z0-9]$/;

/** Returns the vault URL (https origin, no trailing slash) for the key-vault input, or throws an InputError. */
export function toVaultUrl(value: string, cloud: CloudName): string {
  if (!value.includes('/') && !value.includes('.')) {
    if (!VAULT_NAME.test(value))
      throw new InputError(
        'key-vault',
        `Invalid key-vault '${value}'. Expected a vault name (3-24 letters, digits and hyphens, starting with a letter) or its URL, e.g. https://contoso-apps.${KEY_VAULT_SUFFIXES[cloud]}.`,
      );
    return `https://${value.toLowerCase()}.${KEY_VAULT_SUFFIXES[cloud]}`;
  }
  let url: URL | null = null;
  try {
    url = new URL(value);
  } catch {
    url = null;
  }
  if (url?.protocol !== 'https:' || url.pathname.replace(/\/+$/, '') || url.search) {
    throw new InputError(
      'key-vault',
      `Invalid key-vault '${value}'. Expected a vault name or the vault's https URL without a path, e.g. https://contoso-apps.${KEY_VAULT_SUFFIXES[cloud]}.`,
    );
  }
  return url.origin;
}

/**
 * The vault secret name for a GitHub-style secret name: Key Vault allows letters, digits and
 * hyphens only, so underscores become hyphens (CODETWO_CLIENT_SECRET → CODETWO-CLIENT-SECRET).
 */
export function toVaultSecretName(secretName: string): string {
  return secretName.replace(/_/g, '-');
}
