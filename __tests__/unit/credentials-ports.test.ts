import { describe, it, expect } from '@jest/globals';
import {
  createCredentialPorts,
  toMaskedForms,
  toSecretValues,
  type SecretsWriter,
} from '../../src/credentials/ports.js';
import { PossiblyStoredError } from '../../src/credentials/store-secrets.js';
import type { CertificateMaterial, NewCredential } from '../../src/credentials/types.js';

const material: CertificateMaterial = {
  certificatePem: '-----BEGIN CERTIFICATE-----\nQ0VSVA==\n-----END CERTIFICATE-----\n',
  privateKeyPem:
    '-----BEGIN PRIVATE KEY-----\nS0VZTElORTE=\nS0VZTElORTI=\n-----END PRIVATE KEY-----\n',
  pfxBase64: 'UEZYQkFTRTY0',
  pfxPassword: 'pfx-password-123',
  derBase64: 'REVS',
  thumbprintHex: 'AB',
  notBefore: '2026-11-22T00:00:00.000Z',
  notAfter: '2027-05-21T00:00:00.000Z',
};
const certificate: NewCredential = {
  type: 'certificate',
  keyId: 'k',
  endDateTime: material.notAfter,
  material,
};
const secret: NewCredential = {
  type: 'secret',
  keyId: 'k',
  endDateTime: material.notAfter,
  secretText: 'Zx8Q~secret',
};
const ids = { clientId: 'client-1', tenantId: 'tenant-1' };

function recordingWriter(): SecretsWriter & { writes: string[] } {
  const writes: string[] = [];
  return {
    writes,
    writeSecret: async (name, value) => (writes.push(`secret ${name}=${value}`), 'created'),
    writeVariable: async (name, value) => (writes.push(`variable ${name}=${value}`), 'updated'),
  };
}

function ports(
  options: { format?: 'pfx' | 'pem'; storeIds?: 'none' | 'secrets' | 'variables' } = {},
) {
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
    {
      name: 'a client secret goes into NAME',
      credential: secret,
      format: 'pfx' as const,
      expected: [['APP', 'Zx8Q~secret']],
    },
    {
      name: 'a PFX goes into NAME with its password in NAME_PASSWORD first',
      credential: certificate,
      format: 'pfx' as const,
      expected: [
        ['APP_PASSWORD', 'pfx-password-123'],
        ['APP', 'UEZYQkFTRTY0'],
      ],
    },
    {
      name: 'PEM puts the key and then the certificate into NAME',
      credential: certificate,
      format: 'pem' as const,
      expected: [['APP', material.privateKeyPem + material.certificatePem]],
    },
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
  it('writes the ids as variables before the PFX password and the PFX, and the record of its keyId last', async () => {
    const { p, github, logs } = ports({ storeIds: 'variables' });
    await p.store('APP', certificate, ids);
    expect(github.writes).toEqual([
      'variable APP_CLIENT_ID=client-1',
      'variable APP_TENANT_ID=tenant-1',
      'secret APP_PASSWORD=pfx-password-123',
      'secret APP=UEZYQkFTRTY0',
      'variable APP_KEY_ID=k',
    ]);
    expect(logs).toContain('Created repository secret APP in repository acme/api.');
  });

  it('marks the record pending before replacing an existing PFX pair, naming the keyId held before', async () => {
    const { p, github, logs } = ports({ storeIds: 'none' });
    await p.store('APP', certificate, ids, { keyId: 'k-old' });
    expect(github.writes).toEqual([
      'variable APP_KEY_ID=pending k (was k-old)',
      'secret APP_PASSWORD=pfx-password-123',
      'secret APP=UEZYQkFTRTY0',
      'variable APP_KEY_ID=k',
    ]);
    expect(logs).toContain('Marked repository variable APP_KEY_ID pending: APP is being replaced.');
  });

  it('leaves the record pending when another run marked it while this one wrote, and says so', async () => {
    const { p, github, logs } = ports({ storeIds: 'none' });
    const other = 'pending k-other (was k-old)';
    Object.assign(github, { readVariable: async () => ({ exists: true, value: other }) });
    const stored = await p.store('APP', certificate, ids, { keyId: 'k-old' });
    expect(github.writes).toEqual([
      'variable APP_KEY_ID=pending k (was k-old)',
      'secret APP_PASSWORD=pfx-password-123',
      'secret APP=UEZYQkFTRTY0',
      'variable APP_KEY_ID=pending k (was k)',
    ]);
    expect(stored).toMatchObject({ githubOverlapped: true });
    expect(logs.join('\n')).toMatch(/Another run marked APP_KEY_ID while this one wrote APP/);
  });

  it('writes the record when the record still holds its own mark', async () => {
    const { p, github } = ports({ storeIds: 'none' });
    Object.assign(github, {
      readVariable: async () => ({ exists: true, value: 'pending k (was k-old)' }),
    });
    const stored = await p.store('APP', secret, ids, { keyId: 'k-old' });
    expect(github.writes.at(-1)).toBe('variable APP_KEY_ID=k');
    expect(stored).not.toHaveProperty('githubOverlapped');
  });

  it('writes the ids as secrets when asked', async () => {
    const { p, github } = ports({ storeIds: 'secrets' });
    await p.store('APP', secret, ids);
    expect(github.writes).toEqual([
      'secret APP_CLIENT_ID=client-1',
      'secret APP_TENANT_ID=tenant-1',
      'secret APP=Zx8Q~secret',
      'variable APP_KEY_ID=k',
    ]);
  });

  it('masks every sensitive value before it is written, and never the ids', async () => {
    const { p, masked } = ports({ format: 'pem' });
    await p.store('APP', secret, ids);
    await p.store('APP', certificate, ids);
    expect(masked).toEqual(
      expect.arrayContaining([
        'Zx8Q~secret',
        Buffer.from('Zx8Q~secret').toString('base64'),
        'S0VZTElORTE=',
        'S0VZTElORTI=',
      ]),
    );
    expect(masked).not.toContain('client-1');
  });

  it('reports verification as not checked when verify is off', async () => {
    const { p } = ports();
    await expect(
      p.verify('client-1', secret, [
        {
          resourceAppId: '00000003-0000-0000-c000-000000000000',
          resourceDisplayName: 'Microsoft Graph',
          roles: ['User.Read.All'],
        },
      ]),
    ).resolves.toMatchObject({ ok: true, attempts: 0 });
  });

  it('generates a certificate valid until the credential end date and masks its secrets', async () => {
    const { p, masked } = ports();
    const generated = await p.createCertificate('CodeTwo Backup', '2027-05-21T00:00:00Z');
    expect(generated.notAfter).toBe('2027-05-21T00:00:00.000Z');
    expect(masked).toEqual(expect.arrayContaining([generated.pfxPassword, generated.pfxBase64]));
  });
});

describe('a GitHub write that fails half-way through a PFX pair', () => {
  function failingPorts(failOn: string, deleteFails = false) {
    const calls: string[] = [];
    const github: SecretsWriter = {
      writeSecret: async (name) => {
        if (name === failOn)
          throw new Error(`Write repository secret ${name} failed: 500 Server Error.`);
        calls.push(`write ${name}`);
        return 'updated';
      },
      writeVariable: async (name, value) => {
        calls.push(`variable ${name}=${value}`);
        return 'updated';
      },
      deleteSecret: async (name) => {
        if (deleteFails) throw new Error('Delete failed: 500 Server Error.');
        calls.push(`delete ${name}`);
        return true;
      },
    };
    const p = createCredentialPorts({
      github,
      target: { scope: 'repository', owner: 'acme', repo: 'api' },
      format: 'pfx',
      storeIds: 'none',
      verify: null,
      mask: () => undefined,
      log: () => undefined,
      now: () => new Date(),
    });
    return { p, calls };
  }

  const cases = [
    {
      name: 'deletes nothing when the first write (the password) fails',
      failOn: 'APP_PASSWORD',
      deleteFails: false,
      calls: [],
      message: /^Write repository secret APP_PASSWORD failed: 500 Server Error\.$/,
    },
    {
      name: 'deletes the PFX the new password no longer opens when the PFX write fails',
      failOn: 'APP',
      deleteFails: false,
      calls: ['write APP_PASSWORD', 'delete APP'],
      message:
        /^Write repository secret APP failed: 500 Server Error\. APP_PASSWORD had already been updated and no longer matches APP, so APP was deleted; the next run creates and stores a new certificate\.$/,
    },
    {
      name: 'says to re-run with rotate always when the PFX cannot be deleted either',
      failOn: 'APP',
      deleteFails: true,
      calls: ['write APP_PASSWORD'],
      message:
        /and deleting APP failed too \(Delete failed: 500 Server Error\.\); re-run with rotate: always\.$/,
    },
  ];
  it.each(cases)('$name', async ({ failOn, deleteFails, calls, message }) => {
    const run = failingPorts(failOn, deleteFails);
    await expect(run.p.store('APP', certificate, ids)).rejects.toThrow(message);
    expect(run.calls).toEqual(calls);
  });

  it('sets the record pending for a replacement back to the keyId held before when the first write fails', async () => {
    const run = failingPorts('APP_PASSWORD');
    await expect(run.p.store('APP', certificate, ids, { keyId: 'k-old' })).rejects.toThrow(
      /^Write repository secret APP_PASSWORD failed/,
    );
    expect(run.calls).toEqual([
      'variable APP_KEY_ID=pending k (was k-old)',
      'variable APP_KEY_ID=k-old',
    ]);
  });

  it('leaves the record pending when the PFX of a replacement fails after its password, and deletes the PFX', async () => {
    const run = failingPorts('APP');
    await expect(run.p.store('APP', certificate, ids, { keyId: 'k-old' })).rejects.toThrow(
      /so APP was deleted/,
    );
    expect(run.calls).toEqual([
      'variable APP_KEY_ID=pending k (was k-old)',
      'write APP_PASSWORD',
      'delete APP',
    ]);
  });
});

describe('a GitHub write that answers an error although it may have been stored', () => {
  /** A writer whose write of APP stores the value and then fails; `readBack` says what a later metadata read does. */
  function storingButFailing(readBack: 'works' | 'fails') {
    let updatedAt = '2026-11-01T00:00:00Z';
    const github: SecretsWriter = {
      writeSecret: async (name) => {
        if (name !== 'APP') return 'updated';
        updatedAt = '2026-11-22T00:00:00Z';
        throw new Error('Write repository secret APP failed: 502 Bad Gateway.');
      },
      writeVariable: async () => 'updated',
      readSecretMetadata: async () => {
        if (readBack === 'fails' && updatedAt !== '2026-11-01T00:00:00Z')
          throw new Error('Read failed: 502');
        return { exists: true, updatedAt };
      },
      deleteSecret: async () => {
        throw new Error('must not delete a stored secret');
      },
    };
    return createCredentialPorts({
      github,
      target: { scope: 'repository', owner: 'acme', repo: 'api' },
      format: 'pfx',
      storeIds: 'none',
      verify: null,
      mask: () => undefined,
      log: () => undefined,
      now: () => new Date(),
    });
  }

  it.each([
    {
      name: 'says GitHub stored the secret when reading it back shows the write',
      readBack: 'works' as const,
      message: /502 Bad Gateway\. GitHub stored APP anyway, so the new credential is kept/,
    },
    {
      name: 'says GitHub may have stored the secret when reading it back fails too',
      readBack: 'fails' as const,
      message: /502 Bad Gateway\. GitHub may have stored APP anyway \(reading it back failed too\)/,
    },
  ])('$name', async ({ readBack, message }) => {
    const error = await storingButFailing(readBack)
      .store('APP', certificate, ids)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PossiblyStoredError);
    expect((error as Error).message).toMatch(message);
  });
});
