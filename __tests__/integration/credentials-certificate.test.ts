// Certificates end to end: generated (PFX or PEM) or provided by the user, added beside the app's
// other certificates, usable for a client assertion at the local token endpoint, and rotated when
// the tenant's state says the certificate is expiring.
import { describe, expect, it } from '@jest/globals';
import type { LocalCloud, StoredApplication } from '@register-entra-app/local-cloud';
import {
  REPOSITORY,
  readPemSecret,
  readPfx,
  requestTokenWithCertificate,
  thumbprintOf,
  type KeyPair,
  createTestCertificate,
  toKeyCredential,
  useLocalCloud,
} from '@register-entra-app/local-cloud/testing';
import { runAction } from '@register-entra-app/local-cloud/runner';
import { userReadAllProfile } from '../fixtures/inline-profile.js';

const handle = useLocalCloud();
const DAY_MS = 86_400_000;
const SHAREPOINT_GRAPH_ROLES = ['Directory.Read.All', 'Group.Read.All', 'User.Read.All'];

function application(cloud: LocalCloud, uniqueName: string): StoredApplication {
  const stored = cloud.tenant.applicationByUniqueName(uniqueName);
  if (!stored) throw new Error(`${uniqueName} was not registered.`);
  return stored;
}

/** keyIds of the action's certificates for `secretName`, oldest first. */
function actionCertificates(cloud: LocalCloud, uniqueName: string, secretName: string): string[] {
  return application(cloud, uniqueName)
    .keyCredentials.filter((c) => c.displayName?.startsWith(`register-entra-app ${secretName} `))
    .sort((a, b) => (a._createdAt ?? 0) - (b._createdAt ?? 0))
    .map((c) => c.keyId);
}

function readStoredPfx(cloud: LocalCloud, secretName: string): KeyPair {
  return readPfx(
    cloud.github.secretValue(REPOSITORY, secretName)!,
    cloud.github.secretValue(REPOSITORY, `${secretName}_PASSWORD`)!,
  );
}

function inline(uniqueName: string): string {
  return userReadAllProfile(uniqueName, 'type: certificate');
}

describe('certificates delivered to GitHub', () => {
  it('stores a PFX and its password for the SharePoint profile; the certificate signs in with the granted Graph roles', async () => {
    const { cloud } = handle;
    const result = await runAction(cloud, {
      profile: 'codetwo-backup-sharepoint',
      'secret-name': 'SP_CERT',
    });
    expect(result.code).toBe(0);
    const app = application(cloud, 'codetwo-backup-sharepoint');
    const [keyId] = actionCertificates(cloud, 'codetwo-backup-sharepoint', 'SP_CERT');
    const pair = readStoredPfx(cloud, 'SP_CERT');
    const stored = app.keyCredentials.find((c) => c.keyId === keyId)!;
    expect(thumbprintOf(pair.certificatePem)).toBe(thumbprintOf(stored._certificatePem));
    const token = await requestTokenWithCertificate(cloud, app.appId, pair);
    expect(token).toMatchObject({ ok: true, roles: SHAREPOINT_GRAPH_ROLES });
    expect(result.outputs).toMatchObject({
      'credential-id': keyId,
      'credential-expires': new Date(stored.endDateTime).toISOString(),
      'certificate-thumbprint': thumbprintOf(stored._certificatePem),
      'secret-name': 'SP_CERT',
      verified: 'true',
    });
    expect(app.passwordCredentials).toEqual([]);
  });

  it('refuses a client secret for the certificate-only profile, saying why, before any request', async () => {
    const { cloud } = handle;
    const result = await runAction(cloud, {
      profile: 'codetwo-backup-sharepoint',
      'secret-name': 'SP_SECRET',
      'credential-type': 'secret',
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      /::error::Invalid credential-type 'secret'.*SharePoint Online app-only access does not accept client secrets/,
    );
    expect(cloud.log.entries).toEqual([]);
  });

  it('stores the private key and certificate as one PEM secret with certificate-format pem', async () => {
    const { cloud } = handle;
    const result = await runAction(cloud, {
      app: inline('pem-consumer'),
      'secret-name': 'PEM_CERT',
      'certificate-format': 'pem',
    });
    expect(result.code).toBe(0);
    const pair = readPemSecret(cloud.github.secretValue(REPOSITORY, 'PEM_CERT')!);
    expect(cloud.github.secretValue(REPOSITORY, 'PEM_CERT_PASSWORD')).toBeUndefined();
    expect(result.outputs['certificate-thumbprint']).toBe(thumbprintOf(pair.certificatePem));
    const token = await requestTokenWithCertificate(
      cloud,
      application(cloud, 'pem-consumer').appId,
      pair,
    );
    expect(token).toMatchObject({ ok: true, roles: ['User.Read.All'] });
  });

  it('uploads a certificate the user provides, keeps the certificates already on the app, and stores it as a PFX', async () => {
    const { cloud } = handle;
    // A first run creates the app; then a certificate appears on it that someone added by hand.
    const first = await runAction(cloud, { app: inline('byo-cert'), 'credential-type': 'none' });
    expect(first.code).toBe(0);
    const byHand = toKeyCredential(createTestCertificate({ days: 300 }), Date.now());
    application(cloud, 'byo-cert').keyCredentials.push(byHand);
    const provided = createTestCertificate({ days: 200 });
    const result = await runAction(cloud, {
      app: inline('byo-cert'),
      'secret-name': 'BYO_CERT',
      certificate: provided.certificatePem,
      'certificate-key': provided.privateKeyPem,
    });
    expect(result.code).toBe(0);
    expect(result.outputs['certificate-thumbprint']).toBe(provided.thumbprint);
    const keys = application(cloud, 'byo-cert').keyCredentials;
    expect(keys.map((k) => k.keyId)).toContain(byHand.keyId);
    expect(keys.map((k) => thumbprintOf(k._certificatePem))).toContain(provided.thumbprint);
    const pair = readStoredPfx(cloud, 'BYO_CERT');
    expect(thumbprintOf(pair.certificatePem)).toBe(provided.thumbprint);
    const token = await requestTokenWithCertificate(
      cloud,
      application(cloud, 'byo-cert').appId,
      pair,
    );
    expect(token).toMatchObject({ ok: true, roles: ['User.Read.All'] });
    expect(result.outputs.verified).toBe('true');
  });

  it('uploads a renewed certificate the user provides at once, keeping the previous one for overlap', async () => {
    const { cloud } = handle;
    const inputsFor = (certificate: { certificatePem: string; privateKeyPem: string }) => ({
      app: inline('byo-renewed'),
      'secret-name': 'BYO_RENEWED',
      certificate: certificate.certificatePem,
      'certificate-key': certificate.privateKeyPem,
    });
    const first = createTestCertificate({ days: 200 });
    expect((await runAction(cloud, inputsFor(first))).code).toBe(0);
    const same = await runAction(cloud, inputsFor(first));
    expect(same.outputs.changed).toBe('false');
    const renewed = createTestCertificate({ days: 365 });
    const result = await runAction(cloud, inputsFor(renewed));
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('(the certificate input changed)');
    expect(result.outputs['certificate-thumbprint']).toBe(renewed.thumbprint);
    const thumbprints = application(cloud, 'byo-renewed').keyCredentials.map((k) =>
      thumbprintOf(k._certificatePem),
    );
    expect(thumbprints.sort()).toEqual([first.thumbprint, renewed.thumbprint].sort());
    expect(thumbprintOf(readStoredPfx(cloud, 'BYO_RENEWED').certificatePem)).toBe(
      renewed.thumbprint,
    );
  });

  it('rotates an expiring certificate, keeping the newest two of its own and the one added by hand', async () => {
    const { cloud } = handle;
    const inputs = { app: inline('cert-rotation'), 'secret-name': 'ROT_CERT' };
    expect((await runAction(cloud, inputs)).code).toBe(0);
    const byHand = toKeyCredential(createTestCertificate({ days: 20 }), Date.now());
    application(cloud, 'cert-rotation').keyCredentials.push(byHand);
    const expire = (keyId: string): void => {
      application(cloud, 'cert-rotation').keyCredentials.find(
        (c) => c.keyId === keyId,
      )!.endDateTime = new Date(Date.now() + 10 * DAY_MS).toISOString();
    };
    const [first] = actionCertificates(cloud, 'cert-rotation', 'ROT_CERT');
    expire(first);
    expect((await runAction(cloud, inputs)).code).toBe(0);
    const [, second] = actionCertificates(cloud, 'cert-rotation', 'ROT_CERT');
    expect(actionCertificates(cloud, 'cert-rotation', 'ROT_CERT')).toEqual([first, second]);
    expire(second);
    const third = await runAction(cloud, inputs);
    expect(third.code).toBe(0);
    const after = actionCertificates(cloud, 'cert-rotation', 'ROT_CERT');
    expect(after).toHaveLength(2);
    expect(after[0]).toBe(second);
    expect(third.outputs['credential-id']).toBe(after[1]);
    const keys = application(cloud, 'cert-rotation').keyCredentials;
    expect(keys.find((k) => k.keyId === byHand.keyId)).toMatchObject({
      displayName: byHand.displayName,
      endDateTime: byHand.endDateTime,
    });
    const pair = readStoredPfx(cloud, 'ROT_CERT');
    expect(thumbprintOf(pair.certificatePem)).toBe(third.outputs['certificate-thumbprint']);
    expect(
      await requestTokenWithCertificate(cloud, application(cloud, 'cert-rotation').appId, pair),
    ).toMatchObject({ ok: true, roles: ['User.Read.All'] });
    expect(third.stdout).toMatch(
      /::warning::Certificate "CN=register-entra-app test" \(keyId [0-9a-f-]+\) expires on/,
    );

    cloud.log.clear();
    const converged = await runAction(cloud, inputs);
    expect(converged.code).toBe(0);
    expect(converged.outputs).toMatchObject({
      changed: 'false',
      'credential-id': after[1],
      'certificate-thumbprint': third.outputs['certificate-thumbprint'],
    });
    expect(cloud.log.writes('graph')).toEqual([]);
  });

  it('with certificate-password stores the PFX as one secret that opens with that password, and each rotation writes one value', async () => {
    const { cloud } = handle;
    const password = 'stable PFX password of the consumer';
    const inputs = {
      app: inline('pfx-stable-password'),
      'secret-name': 'STABLE_CERT',
      'certificate-password': password,
    };
    const first = await runAction(cloud, inputs);
    expect(first.code).toBe(0);
    expect(cloud.github.secretValue(REPOSITORY, 'STABLE_CERT_PASSWORD')).toBeUndefined();
    const appId = application(cloud, 'pfx-stable-password').appId;
    const firstPair = readPfx(cloud.github.secretValue(REPOSITORY, 'STABLE_CERT')!, password);
    expect(thumbprintOf(firstPair.certificatePem)).toBe(first.outputs['certificate-thumbprint']);

    cloud.log.clear();
    const rotated = await runAction(cloud, { ...inputs, rotate: 'always' });
    expect(rotated.code).toBe(0);
    // One secret write (the PFX) and its record: no moment where GitHub holds a pair that does not open.
    const secretWrites = cloud.log
      .writes('github')
      .filter((w) => w.method === 'PUT' && w.path.includes('/actions/secrets/'));
    expect(secretWrites.map((w) => w.path)).toEqual([
      expect.stringMatching(/\/actions\/secrets\/STABLE_CERT$/),
    ]);
    const pair = readPfx(cloud.github.secretValue(REPOSITORY, 'STABLE_CERT')!, password);
    expect(thumbprintOf(pair.certificatePem)).toBe(rotated.outputs['certificate-thumbprint']);
    expect(pair.certificatePem).not.toBe(firstPair.certificatePem);
    const token = await requestTokenWithCertificate(cloud, appId, pair);
    expect(token).toMatchObject({ ok: true, roles: ['User.Read.All'] });
  });

  it('refuses certificate-password with certificate-format pem before any request', async () => {
    const { cloud } = handle;
    const result = await runAction(cloud, {
      app: inline('pem-with-password'),
      'secret-name': 'PEM_WITH_PASSWORD',
      'certificate-format': 'pem',
      'certificate-password': 'a password that has no use',
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/::error::certificate-password protects a PFX/);
    expect(cloud.log.entries).toEqual([]);
  });
});
