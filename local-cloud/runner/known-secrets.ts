// Every sensitive value the local cloud knows of: client secrets in the tenant and the values in
// GitHub secrets (PFX, its password, PEM keys), split so each PEM line counts on its own.
import { listSecretValues } from '../github/state.js';
import type { LocalCloud } from '../index.js';

/** Returns the secret values a run must never print, output or put in the summary. */
export function collectKnownSecrets(cloud: LocalCloud): string[] {
  const values = new Set<string>();
  for (const app of cloud.tenant.applications.values())
    for (const password of app.passwordCredentials) values.add(password._secret);
  for (const sp of cloud.tenant.servicePrincipals.values())
    for (const password of sp.passwordCredentials) values.add(password._secret);
  const vaultValues = [...cloud.keyVault.vaults.values()].flatMap((vault) =>
    [...vault.secrets.values()].flat().map((version) => version.value),
  );
  for (const value of [...listSecretValues(cloud.github.state), ...vaultValues]) {
    values.add(value);
    // A PEM key leaks even one line at a time; public certificate lines are not secret.
    if (value.includes('PRIVATE KEY-----'))
      for (const line of privateKeyLines(value)) values.add(line);
  }
  return [...values].filter((value) => value.length >= 8 && !looksLikeId(value));
}

function privateKeyLines(pem: string): string[] {
  const match = /-----BEGIN [A-Z ]*PRIVATE KEY-----([\s\S]*?)-----END/.exec(pem);
  return match
    ? match[1]
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter((line) => line.length >= 16)
    : [];
}

// Client and tenant ids stored beside the secret (store-ids: secrets) are not sensitive.
function looksLikeId(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}
