// Where the credential goes: a repository, an environment (sealed to its own key), or an
// organization with selected repositories; and the client and tenant ids stored beside it.
import { describe, expect, it } from '@jest/globals';
import type { LocalCloud, SecretLocation } from '@register-entra-app/local-cloud';
import {
  REPOSITORY,
  requestTokenWithSecret,
  useLocalCloud,
} from '@register-entra-app/local-cloud/testing';
import { runAction } from '@register-entra-app/local-cloud/runner';
import { userReadAllProfile } from '../fixtures/inline-profile.js';

const handle = useLocalCloud();
const PRODUCTION = {
  scope: 'environment',
  owner: 'octo-org',
  repo: 'octo-repo',
  environment: 'production',
} as const;
const ORGANIZATION = { scope: 'organization', org: 'octo-org' } as const;

function inline(uniqueName: string): string {
  return userReadAllProfile(uniqueName, 'type: secret');
}

async function expectStoredSecretSignsIn(
  cloud: LocalCloud,
  uniqueName: string,
  location: SecretLocation,
  name: string,
): Promise<void> {
  const app = cloud.tenant.applicationByUniqueName(uniqueName)!;
  const value = cloud.github.secretValue(location, name);
  expect(app.passwordCredentials.map((c) => c._secret)).toContain(value);
  expect(await requestTokenWithSecret(cloud, app.appId, value!)).toMatchObject({
    ok: true,
    roles: ['User.Read.All'],
  });
}

describe('where the credential is stored', () => {
  it('stores an environment secret sealed to the environment, not to the repository', async () => {
    const { cloud } = handle;
    const result = await runAction(cloud, {
      app: inline('env-scoped'),
      'secret-name': 'ENV_SECRET',
      'secret-scope': 'environment',
      'secret-environment': 'production',
    });
    expect(result.code).toBe(0);
    await expectStoredSecretSignsIn(cloud, 'env-scoped', PRODUCTION, 'ENV_SECRET');
    expect(cloud.github.secretValue(REPOSITORY, 'ENV_SECRET')).toBeUndefined();
    const environmentKey = cloud.github.state.store(PRODUCTION)!.key;
    expect(cloud.github.secret(PRODUCTION, 'ENV_SECRET')!.keyId).toBe(environmentKey.keyId);
    expect(environmentKey.keyId).not.toBe(cloud.github.state.store(REPOSITORY)!.key.keyId);
  });

  it('stores an organization secret visible to the selected repositories', async () => {
    const { cloud } = handle;
    const result = await runAction(cloud, {
      app: inline('org-scoped'),
      'secret-name': 'ORG_SECRET',
      'secret-scope': 'organization',
      'secret-visibility': 'selected',
      'secret-repositories': 'octo-repo, other-repo',
    });
    expect(result.code).toBe(0);
    await expectStoredSecretSignsIn(cloud, 'org-scoped', ORGANIZATION, 'ORG_SECRET');
    const ids = ['octo-org/octo-repo', 'octo-org/other-repo'].map(
      (name) => cloud.github.state.repository(name)!.id,
    );
    expect(cloud.github.secret(ORGANIZATION, 'ORG_SECRET')).toMatchObject({
      visibility: 'selected',
      selectedRepositoryIds: ids,
    });
  });

  it('refuses visibility selected without repositories before any request', async () => {
    const { cloud } = handle;
    const result = await runAction(cloud, {
      app: inline('org-none'),
      'secret-name': 'ORG_NONE',
      'secret-scope': 'organization',
      'secret-visibility': 'selected',
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      "secret-visibility is 'selected' but secret-repositories is empty",
    );
    expect(cloud.log.entries).toEqual([]);
  });

  it.each([
    {
      name: 'stores the client and tenant ids as Actions variables with store-ids variables',
      storeIds: 'variables',
    },
    {
      name: 'stores the client and tenant ids as secrets with store-ids secrets',
      storeIds: 'secrets',
    },
  ])('$name', async ({ storeIds }) => {
    const { cloud } = handle;
    const uniqueName = `ids-as-${storeIds}`;
    const name = `IDS_${storeIds.toUpperCase()}`;
    const result = await runAction(cloud, {
      app: inline(uniqueName),
      'secret-name': name,
      'store-ids': storeIds,
    });
    expect(result.code).toBe(0);
    const app = cloud.tenant.applicationByUniqueName(uniqueName)!;
    const read =
      storeIds === 'variables'
        ? cloud.github.variableValue.bind(cloud.github)
        : cloud.github.secretValue.bind(cloud.github);
    const other =
      storeIds === 'variables'
        ? cloud.github.secretValue.bind(cloud.github)
        : cloud.github.variableValue.bind(cloud.github);
    expect(read(REPOSITORY, `${name}_CLIENT_ID`)).toBe(app.appId);
    expect(read(REPOSITORY, `${name}_TENANT_ID`)).toBe(cloud.tenant.tenantId);
    expect(other(REPOSITORY, `${name}_CLIENT_ID`)).toBeUndefined();
    await expectStoredSecretSignsIn(cloud, uniqueName, REPOSITORY, name);
    expect(result.outputs['client-id']).toBe(app.appId);
  });

  it('refuses a secret name GitHub would reject before anything is written to Entra', async () => {
    const { cloud } = handle;
    const result = await runAction(cloud, {
      app: inline('bad-name'),
      'secret-name': 'GITHUB_APP_SECRET',
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      "Invalid secret-name 'GITHUB_APP_SECRET': it starts with GITHUB_",
    );
    expect(cloud.log.entries).toEqual([]);
  });
});
