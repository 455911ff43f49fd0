// Azure Key Vault as the credential's store: the product's administrator reads the new value from
// the vault (a GitHub secret cannot be read back). The action signs in to the vault with its own
// federated credential, through the runner's HTTPS proxy, as on a self-hosted runner.
import { beforeAll, describe, expect, it } from '@jest/globals';
import { X509Certificate } from 'node:crypto';
import forge from 'node-forge';
import type { LocalCloud, StoredApplication } from '@register-entra-app/local-cloud';
import {
  REPOSITORY,
  requestTokenWithSecret,
  useLocalCloud,
  addVaultReader,
  proxyEnv,
  readVaultSecretAs,
  type VaultReader,
} from '@register-entra-app/local-cloud/testing';
import { runAction } from '@register-entra-app/local-cloud/runner';

const handle = useLocalCloud();
const VAULT = 'contoso-apps';
const PROFILE = 'codetwo-backup-exchange';
let reader: VaultReader;

beforeAll(() => {
  const { cloud } = handle;
  cloud.keyVault
    .addVault(VAULT)
    .assignRole(cloud.deployer.servicePrincipalId, 'Key Vault Secrets Officer');
  reader = addVaultReader(cloud, VAULT);
});

function application(cloud: LocalCloud): StoredApplication {
  const stored = cloud.tenant.applicationByUniqueName(PROFILE);
  if (!stored) throw new Error('The app was not registered.');
  return stored;
}

function run(cloud: LocalCloud, inputs: Record<string, string>, githubToken?: string | null) {
  return runAction(
    cloud,
    { profile: PROFILE, 'key-vault': VAULT, ...inputs },
    { env: proxyEnv(cloud), ...(githubToken === undefined ? {} : { githubToken }) },
  );
}

function versions(cloud: LocalCloud, name: string) {
  return cloud.keyVault.vaults.get(VAULT)!.versions(name);
}

describe('Key Vault as the secret store', () => {
  it('stores a live client secret in the vault with its expiry, content type and tags, without a github-token', async () => {
    const { cloud } = handle;
    const result = await run(
      cloud,
      { 'secret-name': 'CODETWO_BACKUP', 'secret-store': 'key-vault' },
      null,
    );
    expect(result.code).toBe(0);
    const [version] = versions(cloud, 'CODETWO-BACKUP');
    const app = application(cloud);
    const [secret] = app.passwordCredentials;
    expect(versions(cloud, 'CODETWO-BACKUP')).toHaveLength(1);
    expect(version).toMatchObject({
      contentType: 'text/plain',
      enabled: true,
      exp: Math.floor(Date.parse(secret.endDateTime) / 1000),
      tags: { 'client-id': app.appId, 'key-id': secret.keyId, profile: PROFILE },
    });
    // What the administrator copies into CodeTwo's form: read with their own identity.
    const read = await readVaultSecretAs(cloud, reader, VAULT, 'CODETWO-BACKUP');
    expect(read.status).toBe(200);
    expect(read.json().value).toBe(secret._secret);
    expect(await requestTokenWithSecret(cloud, app.appId, read.json().value)).toMatchObject({
      ok: true,
    });
    expect(cloud.github.secretValue(REPOSITORY, 'CODETWO_BACKUP')).toBeUndefined();
    // The token the vault accepted was issued for Key Vault, not for Graph.
    expect(cloud.log.count('keyvault')).toBeGreaterThan(0);
  });

  it('changes nothing on a second run: the record in the vault names the current credential', async () => {
    const { cloud } = handle;
    const result = await run(
      cloud,
      { 'secret-name': 'CODETWO_BACKUP', 'secret-store': 'key-vault' },
      null,
    );
    expect(result.code).toBe(0);
    expect(versions(cloud, 'CODETWO-BACKUP')).toHaveLength(1);
    expect(application(cloud).passwordCredentials).toHaveLength(1);
    expect(result.stdout).toContain('No changes');
  });

  it('adds a new version on rotation; the old version stays readable while its credential lives', async () => {
    const { cloud } = handle;
    const [old] = application(cloud).passwordCredentials;
    const result = await run(
      cloud,
      { 'secret-name': 'CODETWO_BACKUP', 'secret-store': 'key-vault', rotate: 'always' },
      null,
    );
    expect(result.code).toBe(0);
    const all = versions(cloud, 'CODETWO-BACKUP');
    expect(all).toHaveLength(2);
    const fresh = application(cloud).passwordCredentials.find((c) => c.keyId !== old.keyId)!;
    expect(all[1].tags['key-id']).toBe(fresh.keyId);
    const current = await readVaultSecretAs(cloud, reader, VAULT, 'CODETWO-BACKUP');
    expect(current.json().value).toBe(fresh._secret);
    const previous = await readVaultSecretAs(
      cloud,
      reader,
      VAULT,
      'CODETWO-BACKUP',
      all[0].version,
    );
    expect(previous.json().value).toBe(old._secret);
    // keep-credentials 1: the old secret still signs in until it expires.
    expect(application(cloud).passwordCredentials.map((c) => c.keyId)).toContain(old.keyId);
  });

  it('rotates when the vault holds a value the action did not write (its record names no credential of the app)', async () => {
    const { cloud } = handle;
    const vault = cloud.keyVault.vaults.get(VAULT)!;
    vault.addVersion(
      'CODETWO-BACKUP',
      { value: 'typed by hand', contentType: null, tags: {}, enabled: true, nbf: null, exp: null },
      Date.now(),
    );
    const result = await run(
      cloud,
      { 'secret-name': 'CODETWO_BACKUP', 'secret-store': 'key-vault' },
      null,
    );
    expect(result.code).toBe(0);
    const current = await readVaultSecretAs(cloud, reader, VAULT, 'CODETWO-BACKUP');
    const keyId = current.json().tags['key-id'];
    const credential = application(cloud).passwordCredentials.find((c) => c.keyId === keyId);
    expect(current.json().value).toBe(credential?._secret);
    // The third secret superseded the first: the vault version holding it no longer hands it out.
    const all = versions(cloud, 'CODETWO-BACKUP');
    expect(all[0].enabled).toBe(false);
    expect(all.filter((v) => v.enabled).map((v) => v.tags['key-id'] ?? 'by hand')).toEqual([
      all[1].tags['key-id'],
      'by hand',
      keyId,
    ]);
  });

  it('with secret-store both, GitHub and the vault hold the same live secret', async () => {
    const { cloud } = handle;
    const result = await run(cloud, { 'secret-name': 'CODETWO_BOTH', 'secret-store': 'both' });
    expect(result.code).toBe(0);
    const fromGitHub = cloud.github.secretValue(REPOSITORY, 'CODETWO_BOTH');
    const fromVault = (await readVaultSecretAs(cloud, reader, VAULT, 'CODETWO-BOTH')).json().value;
    expect(fromVault).toBe(fromGitHub);
    expect(application(cloud).passwordCredentials.some((c) => c._secret === fromVault)).toBe(true);
  });

  it('stores a certificate as a base64 PKCS#12 (application/x-pkcs12) whose certificate is on the app', async () => {
    const { cloud } = handle;
    const result = await run(
      cloud,
      {
        'secret-name': 'CODETWO_CERT',
        'secret-store': 'key-vault',
        'credential-type': 'certificate',
      },
      null,
    );
    expect(result.code).toBe(0);
    const read = (await readVaultSecretAs(cloud, reader, VAULT, 'CODETWO-CERT')).json();
    expect(read.contentType).toBe('application/x-pkcs12');
    // Key Vault's own PFX secrets have no password; the portal's download opens them as they are.
    const p12 = forge.pkcs12.pkcs12FromAsn1(
      forge.asn1.fromDer(Buffer.from(read.value, 'base64').toString('binary')),
      '',
    );
    const certBag = p12.getBags({ bagType: forge.pki.oids.certBag })[forge.pki.oids.certBag]![0];
    const keyBags = p12.getBags({ bagType: forge.pki.oids.keyBag })[forge.pki.oids.keyBag] ?? [];
    const shrouded =
      p12.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag })[
        forge.pki.oids.pkcs8ShroudedKeyBag
      ] ?? [];
    expect(keyBags.length + shrouded.length).toBe(1);
    const pem = forge.pki.certificateToPem(certBag.cert!);
    const thumbprint = Buffer.from(
      new X509Certificate(pem).fingerprint.replace(/:/g, ''),
      'hex',
    ).toString('base64');
    const key = application(cloud).keyCredentials.find((k) => k.keyId === read.tags['key-id']);
    expect(key?.customKeyIdentifier).toBe(thumbprint);
    expect(read.attributes.exp).toBe(Math.floor(Date.parse(key!.endDateTime) / 1000));
  });

  it('stops before any write to Entra when the vault does not let the deployer in, naming the role', async () => {
    const { cloud } = handle;
    cloud.keyVault.addVault('locked-apps');
    const result = await runAction(
      cloud,
      {
        profile: 'codetwo-backup-sharepoint',
        'secret-name': 'LOCKED',
        'secret-store': 'key-vault',
        'key-vault': 'https://locked-apps.vault.azure.net',
      },
      { env: proxyEnv(cloud), githubToken: null },
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      /Key Vault locked-apps\.vault\.azure\.net refused to read secret LOCKED \(HTTP 403\)/,
    );
    expect(result.stdout).toContain('Key Vault Secrets Officer');
    expect(cloud.log.writes('graph')).toEqual([]);
    expect(cloud.tenant.applicationByUniqueName('codetwo-backup-sharepoint')).toBeUndefined();
  });

  it('removes the new credential again when the vault refuses the write, so nothing dead is left', async () => {
    const { cloud } = handle;
    const before = application(cloud)
      .passwordCredentials.map((c) => c.keyId)
      .sort();
    const versionsBefore = versions(cloud, 'CODETWO-BACKUP').length;
    cloud.faults.add({ service: 'keyvault', method: 'PUT', status: 400, times: 1 });
    const result = await run(
      cloud,
      { 'secret-name': 'CODETWO_BACKUP', 'secret-store': 'key-vault', rotate: 'always' },
      null,
    );
    expect(result.code).toBe(1);
    expect(
      application(cloud)
        .passwordCredentials.map((c) => c.keyId)
        .sort(),
    ).toEqual(before);
    expect(versions(cloud, 'CODETWO-BACKUP')).toHaveLength(versionsBefore);
  });

  it('with both, disables the vault version when GitHub refuses the secret and the credential is removed', async () => {
    const { cloud } = handle;
    const before = versions(cloud, 'CODETWO-BOTH').length;
    cloud.faults.add({
      service: 'github',
      method: 'PUT',
      path: /\/CODETWO_BOTH$/,
      status: 400,
      body: { message: 'Injected refusal' },
    });
    const result = await run(cloud, {
      'secret-name': 'CODETWO_BOTH',
      'secret-store': 'both',
      rotate: 'always',
    });
    expect(result.code).toBe(1);
    const all = versions(cloud, 'CODETWO-BOTH');
    expect(all).toHaveLength(before + 1);
    expect(all.at(-1)!.enabled).toBe(false);
    const keyIds = application(cloud).passwordCredentials.map((c) => c.keyId);
    expect(keyIds).not.toContain(all.at(-1)!.tags['key-id']);
    // The record is the newest enabled version, whose credential still signs in.
    const live = all.filter((v) => v.enabled).at(-1)!;
    expect(keyIds).toContain(live.tags['key-id']);
  });

  it('stores key and certificate as application/x-pem-file with certificate-format pem', async () => {
    const { cloud } = handle;
    const result = await run(
      cloud,
      {
        'secret-name': 'CODETWO_PEM',
        'secret-store': 'key-vault',
        'credential-type': 'certificate',
        'certificate-format': 'pem',
      },
      null,
    );
    expect(result.code).toBe(0);
    const read = (await readVaultSecretAs(cloud, reader, VAULT, 'CODETWO-PEM')).json();
    expect(read.contentType).toBe('application/x-pem-file');
    expect(read.value).toMatch(/-----BEGIN PRIVATE KEY-----[\s\S]+-----BEGIN CERTIFICATE-----/);
  });

  it('removes the new credential when an access policy lets the deployer read but not set, naming the policy', async () => {
    const { cloud } = handle;
    cloud.keyVault
      .addVault('policy-apps', 'access-policy')
      .setAccessPolicy(cloud.deployer.servicePrincipalId, ['get', 'list']);
    const result = await runAction(
      cloud,
      {
        profile: 'codetwo-exchange-rules-siu',
        'secret-name': 'RULES',
        'secret-store': 'key-vault',
        'key-vault': 'policy-apps',
      },
      { env: proxyEnv(cloud), githubToken: null },
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      /refused to write secret RULES \(HTTP 403\): The user, group or application/,
    );
    expect(result.stdout).toContain('secret permissions get, list and set');
    const app = cloud.tenant.applicationByUniqueName('codetwo-exchange-rules-siu');
    expect(app?.passwordCredentials).toEqual([]);
  });
});
