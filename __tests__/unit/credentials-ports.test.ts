import { describe, it, expect } from '@jest/globals';
import { createCredentialPorts, toMaskedForms, toSecretValues, type SecretsWriter } from '../../src/credentials/ports.js';
import type { CertificateMaterial, NewCredential } from '../../src/credentials/types.js';

const material: CertificateMaterial = {
  certificatePem: '-----BEGIN CERTIFICATE-----\nQ0VSVA==\n-----END CERTIFICATE-----\n',
  privateKeyPem: '-----BEGIN PRIVATE KEY-----\nS0VZTElORTE=\nS0VZTElORTI=\n-----END PRIVATE KEY-----\n',
  pfxBase64: 'UEZYQkFTRTY0',
  pfxPassword: 'pfx-password-123',
  derBase64: 'REVS',
  thumbprintHex: 'AB',
  notBefore: '2026-11-22T00:00:00.000Z',
  notAfter: '2027-05-21T00:00:00.000Z',
};
const certificate: NewCredential = { type: 'certificate', keyId: 'k', endDateTime: material.notAfter, material };
const secret: NewCredential = { type: 'secret', keyId: 'k', endDateTime: material.notAfter, secretText: 'Zx8Q~secret' };
const ids = { clientId: 'client-1', tenantId: 'tenant-1' };

function recordingWriter(): SecretsWriter & { writes: string[] } {
  const writes: string[] = [];
  return {
    writes,
    writeSecret: async (name, value) => (writes.push(`secret ${name}=${value}`), 'created'),
    writeVariable: async (name, value) => (writes.push(`variable ${name}=${value}`), 'updated'),
  };
}

function ports(options: { format?: 'pfx' | 'pem'; storeIds?: 'none' | 'secrets' | 'variables' } = {}) {
  const github = recordingWriter();
  const masked: string[] = [];
  const logs: string[] = [];
  const p = createCredentialPorts({
    github,
    target: { scope: 'repository', owner: 'acme', repo: 'api' },
    format: options.format ?? 'pfx',
    storeIds: options.storeIds ?? 'none',
    verify: null,
    mask: (v) => masked.push(v),
    log: (l) => logs.push(l),
    now: () => new Date('2026-11-22T00:00:00Z'),
  });
  return { p, github, masked, logs };
}

describe('toSecretValues', () => {
  const cases = [
    { name: 'a client secret goes into NAME', credential: secret, format: 'pfx' as const, expected: [['APP', 'Zx8Q~secret']] },
    { name: 'a PFX goes into NAME with its password in NAME_PASSWORD first', credential: certificate, format: 'pfx' as const, expected: [['APP_PASSWORD', 'pfx-password-123'], ['APP', 'UEZYQkFTRTY0']] },
    { name: 'PEM puts the key and then the certificate into NAME', credential: certificate, format: 'pem' as const, expected: [['APP', material.privateKeyPem + material.certificatePem]] },
  ];
  it.each(cases)('$name', ({ credential, format, expected }) => {
    expect(toSecretValues('APP', credential, format)).toEqual(expected);
  });
});

describe('toMaskedForms', () => {
  it('masks each key line of a PEM but not its armour', () => {
    expect(toMaskedForms(material.privateKeyPem)).toEqual(['S0VZTElORTE=', 'S0VZTElORTI=']);
  });
  it('masks a short secret and its base64 forms', () => {
    expect(toMaskedForms('a?b>c')).toEqual(['a?b>c', 'YT9iPmM=', 'YT9iPmM']);
  });
});

describe('createCredentialPorts', () => {
  it('writes the ids as variables before the PFX password and the PFX', async () => {
    const { p, github, logs } = ports({ storeIds: 'variables' });
    await p.store('APP', certificate, ids);
    expect(github.writes).toEqual([
      'variable APP_CLIENT_ID=client-1',
      'variable APP_TENANT_ID=tenant-1',
      'secret APP_PASSWORD=pfx-password-123',
      'secret APP=UEZYQkFTRTY0',
    ]);
    expect(logs).toContain('Created repository secret APP in repository acme/api.');
  });

  it('writes the ids as secrets when asked', async () => {
    const { p, github } = ports({ storeIds: 'secrets' });
    await p.store('APP', secret, ids);
    expect(github.writes).toEqual(['secret APP_CLIENT_ID=client-1', 'secret APP_TENANT_ID=tenant-1', 'secret APP=Zx8Q~secret']);
  });

  it('masks every sensitive value before it is written, and never the ids', async () => {
    const { p, masked } = ports({ format: 'pem' });
    await p.store('APP', secret, ids);
    await p.store('APP', certificate, ids);
    expect(masked).toEqual(expect.arrayContaining(['Zx8Q~secret', Buffer.from('Zx8Q~secret').toString('base64'), 'S0VZTElORTE=', 'S0VZTElORTI=']));
    expect(masked).not.toContain('client-1');
  });

  it('reports verification as not checked when verify is off', async () => {
    const { p } = ports();
    await expect(p.verify('client-1', secret, ['User.Read.All'])).resolves.toMatchObject({ ok: true, attempts: 0 });
  });

  it('generates a certificate valid until the credential end date and masks its secrets', async () => {
    const { p, masked } = ports();
    const generated = await p.createCertificate('CodeTwo Backup', '2027-05-21T00:00:00Z');
    expect(generated.notAfter).toBe('2027-05-21T00:00:00.000Z');
    expect(masked).toEqual(expect.arrayContaining([generated.pfxPassword, generated.pfxBase64]));
  });
});
