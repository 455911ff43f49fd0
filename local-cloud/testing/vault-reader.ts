// A person who reads the vault after a run, as an administrator would before pasting the value into
// a product: a separate principal with "Key Vault Secrets User", reading through the data plane.
import { randomBytes, randomUUID } from 'node:crypto';
import type { LocalCloud } from '../index.js';
import { newServicePrincipal } from '../seed/deployer.js';
import { requestCloud, type CloudResponse } from './cloud-client.js';
import { addHandMadeApplication } from './tenant-view.js';

/** The runner environment that routes <vault>.vault.azure.net through the cloud's proxy. */
export function proxyEnv(cloud: LocalCloud): Record<string, string> {
  return { HTTPS_PROXY: cloud.urls.proxy, NO_PROXY: '127.0.0.1,localhost' };
}

/** A reader principal: client id and secret. */
export interface VaultReader {
  clientId: string;
  secret: string;
}

/** Registers a reader with a client secret and gives it Key Vault Secrets User on `vaultName`. */
export function addVaultReader(cloud: LocalCloud, vaultName: string): VaultReader {
  const app = addHandMadeApplication(cloud, { displayName: `Vault reader ${randomUUID()}` });
  const secret = randomBytes(30).toString('base64url');
  app.passwordCredentials.push({
    keyId: randomUUID(),
    displayName: 'reader',
    startDateTime: new Date(0).toISOString(),
    endDateTime: new Date(Date.now() + 86_400_000).toISOString(),
    hint: secret.slice(0, 3),
    customKeyIdentifier: null,
    secretText: null,
    _secret: secret,
    _createdAt: 0,
  });
  const sp = newServicePrincipal(app, cloud.tenant.tenantId);
  cloud.tenant.servicePrincipals.set(sp.id, sp);
  cloud.keyVault.addVault(vaultName).assignRole(sp.id, 'Key Vault Secrets User');
  return { clientId: app.appId, secret };
}

/** Requests a token for `scope` with the reader's client secret. */
export async function requestReaderToken(
  cloud: LocalCloud,
  reader: VaultReader,
  scope = 'https://vault.azure.net/.default',
): Promise<string> {
  const form = new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: reader.clientId,
    client_secret: reader.secret,
    scope,
  });
  const response = await requestCloud(
    cloud,
    `${cloud.urls.authorityHost}/${cloud.tenant.tenantId}/oauth2/v2.0/token`,
    {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
    },
  );
  if (response.status !== 200) throw new Error(`No reader token: ${response.text}`);
  return response.json<{ access_token: string }>().access_token;
}

/** Sends one Key Vault request for `vaultName` (the Host header picks the vault). */
export function requestVault(
  cloud: LocalCloud,
  vaultName: string,
  path: string,
  init: { method?: string; body?: unknown; token?: string } = {},
): Promise<CloudResponse> {
  return requestCloud(cloud, `${cloud.urls.keyVault}${path}`, {
    method: init.method,
    body: init.body,
    headers: {
      host: `${vaultName}.vault.azure.net`,
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
    },
  });
}

/** Reads a secret (its current version, or `version`) as the reader; returns Key Vault's answer. */
export async function readVaultSecretAs(
  cloud: LocalCloud,
  reader: VaultReader,
  vaultName: string,
  secretName: string,
  version = '',
): Promise<CloudResponse> {
  const token = await requestReaderToken(cloud, reader);
  return requestCloud(
    cloud,
    `${cloud.urls.keyVault}/secrets/${secretName}/${version}?api-version=7.5`,
    { headers: { host: `${vaultName}.vault.azure.net`, authorization: `Bearer ${token}` } },
  );
}
