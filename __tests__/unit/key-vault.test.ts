// The pure parts of Key Vault delivery: the key-vault input, secret names, the vault's record in
// the rotation decision, the plan rows, and the record read from a secret's versions.
import { describe, expect, it } from '@jest/globals';
import { parseSettings } from '../../src/action/settings.js';
import { InputError } from '../../src/errors.js';
import { toRecord } from '../../src/key-vault/vault-client.js';
import { toVaultSecretName, toVaultUrl } from '../../src/key-vault/vault-url.js';
import type { ObservedVaultSecret } from '../../src/model/observed.js';
import { toPlanRows } from '../../src/plan/change-kinds.js';
import { planCredential } from '../../src/plan/rotation.js';
import {
  NOW,
  SECRET_NAME,
  desiredState,
  observedMatching,
  secretCredential,
} from './fixtures/plan/states.js';

const base: Record<string, string> = {
  'tenant-id': '72f988bf-86f1-41af-91ab-2d7cd011db47',
  'client-id': '11111111-2222-3333-4444-555555555555',
  profile: 'codetwo-backup-exchange',
};
const parse = (inputs: Record<string, string | undefined>) =>
  parseSettings((name) => ({ ...base, ...inputs })[name] ?? '', {
    GITHUB_REPOSITORY: 'octo-org/octo-repo',
  });

describe('the key-vault, secret-store and notify inputs', () => {
  it.each([
    {
      name: 'a vault name gets the public cloud suffix',
      inputs: { 'key-vault': 'Contoso-Apps', 'secret-store': 'key-vault' },
      keyVault: 'https://contoso-apps.vault.azure.net',
    },
    {
      name: 'a vault name in US Government gets its suffix',
      inputs: { 'key-vault': 'contoso-apps', 'secret-store': 'both', cloud: 'AzureUSGovernment' },
      keyVault: 'https://contoso-apps.vault.usgovcloudapi.net',
    },
    {
      name: 'a vault URL keeps its origin',
      inputs: { 'key-vault': 'https://contoso-apps.vault.azure.cn/', 'secret-store': 'both' },
      keyVault: 'https://contoso-apps.vault.azure.cn',
    },
    { name: 'without key-vault the store is GitHub', inputs: {}, keyVault: null },
  ])('$name', ({ inputs, keyVault }) => {
    expect(parse(inputs).keyVault).toBe(keyVault);
  });

  it.each([
    {
      name: 'refuses secret-store key-vault without a vault',
      inputs: { 'secret-store': 'key-vault' },
      input: 'key-vault',
    },
    {
      name: 'refuses a vault that secret-store github would ignore',
      inputs: { 'key-vault': 'contoso-apps' },
      input: 'secret-store',
    },
    {
      name: 'refuses a vault name with an underscore',
      inputs: { 'key-vault': 'contoso_apps', 'secret-store': 'both' },
      input: 'key-vault',
    },
    {
      name: 'refuses a vault URL with a path',
      inputs: {
        'key-vault': 'https://contoso-apps.vault.azure.net/secrets',
        'secret-store': 'both',
      },
      input: 'key-vault',
    },
    { name: 'refuses an unknown notify', inputs: { notify: 'email' }, input: 'notify' },
  ])('$name', ({ inputs, input }) => {
    let error: unknown;
    try {
      parse(inputs);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).input).toBe(input);
  });

  it('maps GitHub secret names to vault names with hyphens', () => {
    expect(toVaultSecretName('CODETWO_CLIENT_SECRET_01')).toBe('CODETWO-CLIENT-SECRET-01');
    expect(toVaultUrl('kv-1a', 'AzureChinaCloud')).toBe('https://kv-1a.vault.azure.cn');
  });
});

describe("the vault's record in the rotation decision", () => {
  const url = `https://contoso-apps.vault.azure.net/secrets/${SECRET_NAME}`;
  const record = (keyId: string | null, exists = true): ObservedVaultSecret => ({
    name: SECRET_NAME,
    url,
    exists,
    updatedAt: null,
    keyId,
    recordCurrent: keyId !== null,
  });
  const desired = desiredState();
  const vaultOnly = {
    ...desired.credential,
    stores: { github: false, keyVaultSecretUrl: url },
  };
  const observed = (vaultSecret: ObservedVaultSecret) => {
    const state = observedMatching(desired);
    return {
      ...state,
      application: { ...state.application!, passwordCredentials: [secretCredential('k1', 10)] },
      githubSecret: null,
      vaultSecret,
    };
  };

  it.each([
    {
      name: 'nothing to do while the record names the newest credential',
      vault: record('k1'),
      reason: null,
    },
    {
      name: 'rotates when the vault has no such secret',
      vault: record(null, false),
      reason: 'vault-secret-missing',
    },
    {
      name: 'rotates when the record names another credential',
      vault: record('other'),
      reason: 'vault-secret-stale',
    },
    {
      name: 'rotates when a person wrote an untagged version',
      vault: record(null),
      reason: 'vault-secret-stale',
    },
  ])('$name', ({ vault, reason }) => {
    const plan = planCredential(vaultOnly, observed(vault), NOW);
    const added = plan.changes.find((c) => c.kind === 'addCredential');
    expect(added && 'reason' in added ? added.reason : null).toBe(reason);
    if (reason)
      expect(plan.changes.find((c) => c.kind === 'storeSecret')).toEqual({
        kind: 'storeSecret',
        secretName: SECRET_NAME,
        github: false,
        keyVaultSecretUrl: url,
      });
  });

  it('shows where the credential goes, one row per store', () => {
    const rows = (github: boolean | undefined) =>
      toPlanRows({
        kind: 'storeSecret',
        secretName: 'CB',
        ...(github === undefined ? {} : { github }),
        keyVaultSecretUrl: 'https://kv.vault.azure.net/secrets/CB',
      }).map((row) => `${row.label} ${row.cells.join(' ')}`);
    expect(rows(false)).toEqual(['key vault secret https://kv.vault.azure.net/secrets/CB']);
    expect(rows(undefined)).toEqual([
      'github secret CB',
      'key vault secret https://kv.vault.azure.net/secrets/CB',
    ]);
  });
});

describe('the record read from the versions of a vault secret', () => {
  const version = (id: string, created: number, enabled: boolean, keyId?: string) => ({
    id: `https://kv.vault.azure.net/secrets/CB/${id}`,
    version: id,
    name: 'CB',
    vaultUrl: 'https://kv.vault.azure.net',
    enabled,
    createdOn: new Date(created),
    tags: (keyId ? { 'key-id': keyId } : {}) as Record<string, string>,
  });

  it('is the newest enabled version: a disabled one (its credential removed) is skipped', () => {
    const record = toRecord([version('a', 1, true, 'k1'), version('b', 2, false, 'k2')]);
    expect(record).toMatchObject({ exists: true, keyId: 'k1', version: 'a' });
  });

  it('says the secret is missing when it has no enabled version', () => {
    expect(toRecord([version('b', 2, false, 'k2')])).toMatchObject({ exists: false, keyId: null });
  });
});
