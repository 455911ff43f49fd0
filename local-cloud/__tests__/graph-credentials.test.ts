import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { X509Certificate, createHash } from 'node:crypto';
import forge from 'node-forge';
import { startTestGraph, type TestGraph } from './graph-test-cloud.js';

let graph: TestGraph;
let appId: string;
beforeEach(async () => {
  graph = await startTestGraph();
  appId = (await graph.request('POST', '/v1.0/applications', { body: { displayName: 'Creds' } }))
    .body.id;
});
afterEach(async () => {
  await graph.close();
});

function selfSignedCertificateDer(notAfter: Date): Buffer {
  const keys = forge.pki.rsa.generateKeyPair(1024);
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = '01';
  cert.validity.notBefore = new Date('2026-01-01T00:00:00Z');
  cert.validity.notAfter = notAfter;
  cert.setSubject([{ name: 'commonName', value: 'test' }]);
  cert.setIssuer([{ name: 'commonName', value: 'test' }]);
  cert.sign(keys.privateKey, forge.md.sha256.create());
  return Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes(), 'binary');
}

describe('password credentials', () => {
  it('returns secretText once and keeps only the hint on reads', async () => {
    const added = await graph.request('POST', `/v1.0/applications/${appId}/addPassword`, {
      body: {
        passwordCredential: {
          displayName: 'register-entra-app X 2026-09-01',
          endDateTime: '2027-03-01T00:00:00Z',
        },
      },
    });
    expect(added.status).toBe(200);
    expect(added.body.secretText).toMatch(/^.{3}\dQ~.{34}$/);
    expect(added.body.hint).toBe(added.body.secretText.slice(0, 3));
    expect(added.body.endDateTime).toBe('2027-03-01T00:00:00.000Z');
    expect(graph.tenant.applications.get(appId)?.passwordCredentials[0]._secret).toBe(
      added.body.secretText,
    );

    const read = await graph.request(
      'GET',
      `/v1.0/applications/${appId}?$select=passwordCredentials`,
    );
    expect(read.body.passwordCredentials[0]).toMatchObject({
      keyId: added.body.keyId,
      secretText: null,
      hint: added.body.hint,
    });
    expect(read.text).not.toContain(added.body.secretText);
  });

  it('enforces the tenant app management policy', async () => {
    graph.tenant.policy = { id: 'p-1', maxPasswordLifetimeDays: 180 };
    const tooLong = await graph.request('POST', `/v1.0/applications/${appId}/addPassword`, {
      body: { passwordCredential: { endDateTime: '2028-01-01T00:00:00Z' } },
    });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error).toMatchObject({
      code: 'CredentialInvalidLifetimeAsPerAppPolicy',
      message: "Credential lifetime exceeds the max value allowed as per assigned policy 'p-1'.",
    });
    graph.tenant.policy = { passwordsAllowed: false };
    const blocked = await graph.request('POST', `/v1.0/applications/${appId}/addPassword`, {
      body: { passwordCredential: {} },
    });
    expect(blocked.body.error.code).toBe('CredentialTypeNotAllowedAsPerAppPolicy');
  });

  it('removes a secret by keyId and answers 404 for an unknown keyId', async () => {
    const added = await graph.request('POST', `/v1.0/applications/${appId}/addPassword`, {
      body: { passwordCredential: {} },
    });
    const removed = await graph.request('POST', `/v1.0/applications/${appId}/removePassword`, {
      body: { keyId: added.body.keyId },
    });
    expect(removed.status).toBe(204);
    const again = await graph.request('POST', `/v1.0/applications/${appId}/removePassword`, {
      body: { keyId: added.body.keyId },
    });
    expect(again.status).toBe(404);
  });
});

describe('keyCredentials PATCH', () => {
  it('adds certificates from key, keeps listed keyIds and removes omitted ones', async () => {
    const first = selfSignedCertificateDer(new Date('2027-01-01T00:00:00Z'));
    const second = selfSignedCertificateDer(new Date('2028-01-01T00:00:00Z'));
    const add = await graph.request('PATCH', `/v1.0/applications/${appId}`, {
      body: {
        keyCredentials: [
          {
            type: 'AsymmetricX509Cert',
            usage: 'Verify',
            key: first.toString('base64'),
            displayName: 'one',
          },
        ],
      },
    });
    expect(add.status).toBe(204);
    const [stored] = graph.tenant.applications.get(appId)!.keyCredentials;
    expect(stored.customKeyIdentifier).toBe(createHash('sha1').update(first).digest('base64'));
    expect(stored.endDateTime).toBe('2027-01-01T00:00:00.000Z');
    expect(new X509Certificate(stored._certificatePem).raw.equals(first)).toBe(true);

    await graph.request('PATCH', `/v1.0/applications/${appId}`, {
      body: {
        keyCredentials: [
          { keyId: stored.keyId },
          { type: 'AsymmetricX509Cert', usage: 'Verify', key: second.toString('base64') },
        ],
      },
    });
    const afterRoll = await graph.request('GET', `/v1.0/applications/${appId}`);
    expect(afterRoll.body.keyCredentials).toHaveLength(2);
    expect(afterRoll.body.keyCredentials.every((c: any) => c.key === null)).toBe(true);

    const keep = afterRoll.body.keyCredentials.find((c: any) => c.keyId !== stored.keyId);
    await graph.request('PATCH', `/v1.0/applications/${appId}`, {
      body: { keyCredentials: [{ keyId: keep.keyId }] },
    });
    expect(graph.tenant.applications.get(appId)!.keyCredentials.map((c) => c.keyId)).toEqual([
      keep.keyId,
    ]);
  });

  it('rejects a key that is not a certificate', async () => {
    const response = await graph.request('PATCH', `/v1.0/applications/${appId}`, {
      body: { keyCredentials: [{ key: Buffer.from('nope').toString('base64') }] },
    });
    expect(response.status).toBe(400);
  });
});

describe('federated identity credentials', () => {
  const fic = (n: number) => ({
    name: `github-${n}`,
    issuer: 'https://token.actions.githubusercontent.com',
    subject: `repo:o/r:environment:e${n}`,
    audiences: ['api://AzureADTokenExchange'],
  });

  it('allows 20 per application, with unique names, and addresses them by name', async () => {
    for (let i = 0; i < 20; i += 1) {
      expect(
        (
          await graph.request('POST', `/v1.0/applications/${appId}/federatedIdentityCredentials`, {
            body: fic(i),
          })
        ).status,
      ).toBe(201);
    }
    const over = await graph.request(
      'POST',
      `/v1.0/applications/${appId}/federatedIdentityCredentials`,
      { body: fic(20) },
    );
    expect(over.status).toBe(400);
    const byName = await graph.request(
      'GET',
      `/v1.0/applications/${appId}/federatedIdentityCredentials(name='github-3')`,
    );
    expect(byName.body.subject).toBe('repo:o/r:environment:e3');
    await graph.request(
      'DELETE',
      `/v1.0/applications/${appId}/federatedIdentityCredentials(name='github-3')`,
    );
    const duplicate = await graph.request(
      'POST',
      `/v1.0/applications/${appId}/federatedIdentityCredentials`,
      { body: { ...fic(4), subject: 'other' } },
    );
    expect(duplicate.status).toBe(400);
  });
});
