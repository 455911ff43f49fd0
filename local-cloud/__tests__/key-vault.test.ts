// The Key Vault fake as Key Vault's clients see it: the bearer challenge, the token audience, RBAC
// and access-policy refusals with Key Vault's bodies, and versions that are added, never replaced.
import { beforeAll, describe, expect, it } from '@jest/globals';
import { useLocalCloud } from '../testing/use-local-cloud.js';
import {
  addVaultReader,
  requestReaderToken,
  requestVault,
  type VaultReader,
} from '../testing/vault-reader.js';

const handle = useLocalCloud();
const API = 'api-version=7.5';
let writer: VaultReader;
let vaultToken: string;

beforeAll(async () => {
  const { cloud } = handle;
  writer = addVaultReader(cloud, 'kv-fake');
  const spId = cloud.tenant.servicePrincipalByAppId(writer.clientId)!.id;
  cloud.keyVault.vaults.get('kv-fake')!.assignRole(spId, 'Key Vault Secrets Officer');
  vaultToken = await requestReaderToken(cloud, writer);
});

describe('the Key Vault fake', () => {
  it('answers a request without a token with 401 and the bearer challenge naming tenant and resource', async () => {
    const { cloud } = handle;
    const response = await requestVault(cloud, 'kv-fake', `/secrets/a?${API}`);
    expect(response.status).toBe(401);
    expect(response.headers['www-authenticate']).toBe(
      `Bearer authorization="https://login.microsoftonline.com/${cloud.tenant.tenantId}", resource="https://vault.azure.net"`,
    );
    expect(response.json().error.message).toMatch(/^AKV10000/);
  });

  it('refuses a Graph token: the audience must be the vault resource', async () => {
    const { cloud } = handle;
    const graphToken = await requestReaderToken(
      cloud,
      writer,
      `${cloud.urls.graphEndpoint}/.default`,
    );
    const response = await requestVault(cloud, 'kv-fake', `/secrets/a?${API}`, {
      token: graphToken,
    });
    expect(response.status).toBe(401);
    expect(response.json().error.message).toContain('AKV10022: Invalid audience');
  });

  it('adds a version per write and keeps the older ones readable', async () => {
    const { cloud } = handle;
    const put = (value: string) =>
      requestVault(cloud, 'kv-fake', `/secrets/app-secret?${API}`, {
        method: 'PUT',
        token: vaultToken,
        body: {
          value,
          contentType: 'text/plain',
          tags: { 'key-id': value },
          attributes: { exp: 2_000_000_000 },
        },
      });
    const first = (await put('one')).json();
    const second = (await put('two')).json();
    expect(second.id).toMatch(
      /^https:\/\/kv-fake\.vault\.azure\.net\/secrets\/app-secret\/[0-9a-f]{32}$/,
    );
    expect(second.attributes).toMatchObject({ enabled: true, exp: 2_000_000_000 });
    const current = await requestVault(cloud, 'kv-fake', `/secrets/app-secret?${API}`, {
      token: vaultToken,
    });
    expect(current.json().value).toBe('two');
    const old = await requestVault(
      cloud,
      'kv-fake',
      `/secrets/app-secret/${first.id.split('/').pop()}?${API}`,
      {
        token: vaultToken,
      },
    );
    expect(old.json().value).toBe('one');
    const list = await requestVault(cloud, 'kv-fake', `/secrets/app-secret/versions?${API}`, {
      token: vaultToken,
    });
    expect(
      list.json().value.map((v: { tags: Record<string, string> }) => v.tags['key-id']),
    ).toEqual(['one', 'two']);
    expect(list.json().value[0]).not.toHaveProperty('value');
  });

  it('disables a version on PATCH; reading it then is forbidden', async () => {
    const { cloud } = handle;
    const current = (
      await requestVault(cloud, 'kv-fake', `/secrets/app-secret?${API}`, { token: vaultToken })
    ).json();
    const version = current.id.split('/').pop();
    const patched = await requestVault(cloud, 'kv-fake', `/secrets/app-secret/${version}?${API}`, {
      method: 'PATCH',
      token: vaultToken,
      body: { attributes: { enabled: false } },
    });
    expect(patched.json().attributes.enabled).toBe(false);
    const read = await requestVault(cloud, 'kv-fake', `/secrets/app-secret/${version}?${API}`, {
      token: vaultToken,
    });
    expect(read.status).toBe(403);
    expect(read.json().error.innererror.code).toBe('SecretDisabled');
  });

  it.each([
    {
      name: 'an RBAC vault without a role',
      authorization: 'rbac' as const,
      inner: 'ForbiddenByRbac',
      text: "Action: 'Microsoft.KeyVault/vaults/secrets/getSecret/action'",
    },
    {
      name: 'an access-policy vault without a policy',
      authorization: 'access-policy' as const,
      inner: 'AccessDenied',
      text: 'does not have secrets get permission',
    },
  ])('answers 403 for $name, with Key Vault’s message', async ({ authorization, inner, text }) => {
    const { cloud } = handle;
    const name = `kv-${authorization}`;
    cloud.keyVault.addVault(name, authorization);
    const response = await requestVault(cloud, name, `/secrets/a?${API}`, { token: vaultToken });
    expect(response.status).toBe(403);
    expect(response.json().error.code).toBe('Forbidden');
    expect(response.json().error.innererror.code).toBe(inner);
    expect(response.json().error.message).toContain(text);
  });

  it('answers 404 SecretNotFound and 400 for a name Key Vault does not allow', async () => {
    const { cloud } = handle;
    const missing = await requestVault(cloud, 'kv-fake', `/secrets/nope?${API}`, {
      token: vaultToken,
    });
    expect(missing.status).toBe(404);
    expect(missing.json().error.code).toBe('SecretNotFound');
    const bad = await requestVault(cloud, 'kv-fake', `/secrets/bad_name?${API}`, {
      token: vaultToken,
    });
    expect(bad.status).toBe(400);
    expect(bad.json().error.code).toBe('BadParameter');
  });
});
