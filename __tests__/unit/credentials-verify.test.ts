import { describe, it, expect, beforeAll } from '@jest/globals';
import { X509Certificate, createHash, verify } from 'node:crypto';
import { generateSelfSignedCertificate } from '../../src/credentials/certificate.js';
import { decodeJwtPayload } from '../../src/auth/jwt.js';
import {
  createClientAssertion,
  verifyCredential,
} from '../../src/credentials/verify-credential.js';
import type { CertificateMaterial, NewCredential } from '../../src/credentials/types.js';

const tokenEndpoint = 'https://login.example.test/tenant-1/oauth2/v2.0/token';
const secret: NewCredential = {
  type: 'secret',
  keyId: 'k1',
  endDateTime: '2027-05-21T00:00:00Z',
  secretText: 'Zx8Q~very.secret_value',
};
const start = new Date('2026-11-22T10:00:00Z');

function fakeToken(claims: Record<string, unknown>): string {
  const part = (o: object): string => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${part({ alg: 'RS256' })}.${part(claims)}.c2ln`;
}
interface Reply {
  status: number;
  body: Record<string, unknown>;
}
const replicating: Reply = {
  status: 401,
  body: {
    error: 'invalid_client',
    error_description:
      'AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value. Trace ID: abc Correlation ID: def',
    error_codes: [7000215],
  },
};
const token = (roles?: string[]): Reply => ({
  status: 200,
  body: { access_token: fakeToken(roles ? { roles } : {}), token_type: 'Bearer' },
});

/** A token endpoint that answers the scripted replies in order (the last one repeats) on a clock tests move. */
function script(replies: Reply[]) {
  let clock = start.getTime();
  const bodies: URLSearchParams[] = [];
  const logs: string[] = [];
  const sleeps: number[] = [];
  const fetchFn = (async (_url: unknown, init?: RequestInit) => {
    bodies.push(new URLSearchParams(String(init?.body as string | undefined)));
    const reply = replies[Math.min(bodies.length - 1, replies.length - 1)];
    return new Response(JSON.stringify(reply.body), {
      status: reply.status,
      headers: { 'content-type': 'application/json' },
    });
  }) as typeof fetch;
  const options = {
    tokenEndpoint,
    clientId: 'client-1',
    scope: 'https://graph.example.test/.default',
    fetch: fetchFn,
    now: () => new Date(clock),
    sleep: async (ms: number) => {
      sleeps.push(ms);
      clock += ms;
    },
    log: (line: string) => logs.push(line),
  };
  return { options, bodies, logs, sleeps };
}

describe('verifyCredential', () => {
  it('retries while Entra replicates the secret and the roles, then reports success', async () => {
    const { options, bodies, sleeps, logs } = script([
      replicating,
      token(['User.Read.All']),
      token(['User.Read.All', 'Mail.Send']),
    ]);
    const result = await verifyCredential({
      ...options,
      credential: secret,
      expectedRoles: ['Mail.Send', 'User.Read.All'],
    });
    expect(result).toEqual({
      ok: true,
      roles: ['User.Read.All', 'Mail.Send'],
      missing: [],
      attempts: 3,
    });
    expect(sleeps).toEqual([2000, 4000]);
    expect(bodies[0].get('grant_type')).toBe('client_credentials');
    expect(bodies[0].get('client_secret')).toBe(secret.type === 'secret' ? secret.secretText : '');
    expect(logs.join('\n')).toMatch(/AADSTS7000215: Invalid client secret provided/);
    expect(logs.join('\n')).toMatch(/roles claim lacks Mail.Send/);
  });

  it('gives up at the deadline with the reason and the missing roles', async () => {
    const { options, logs } = script([token(['User.Read.All'])]);
    const result = await verifyCredential({
      ...options,
      credential: secret,
      expectedRoles: ['User.Read.All', 'Mail.Send'],
      timeoutMs: 30_000,
    });
    expect(result.ok).toBe(false);
    expect(result.missing).toEqual(['Mail.Send']);
    expect(result.reason).toMatch(
      /roles claim lacks Mail.Send \(still so after \d+ attempts in \d+ s\)/,
    );
    expect(logs.join('\n')).not.toContain('very.secret');
  });

  it('fails at once on an error replication does not explain, without quoting the secret', async () => {
    const { options, bodies } = script([
      {
        status: 400,
        body: {
          error: 'invalid_scope',
          error_description: `AADSTS70011: bad scope near ${secret.type === 'secret' ? secret.secretText : ''}`,
          error_codes: [70011],
        },
      },
    ]);
    const result = await verifyCredential({ ...options, credential: secret, expectedRoles: [] });
    expect(result.ok).toBe(false);
    expect(bodies).toHaveLength(1);
    expect(result.reason).toBe(
      'the token endpoint answered 400 invalid_scope: AADSTS70011: bad scope near ***',
    );
  });

  it('treats a token without a roles claim as holding no roles', async () => {
    const { options } = script([token()]);
    await expect(
      verifyCredential({ ...options, credential: secret, expectedRoles: [] }),
    ).resolves.toMatchObject({ ok: true, roles: [] });
  });
});

describe('createClientAssertion', () => {
  let material: CertificateMaterial;
  beforeAll(async () => {
    material = await generateSelfSignedCertificate({
      subject: 'Assertion',
      notAfter: new Date('2027-05-21T00:00:00Z'),
      now: start,
    });
  });

  it('builds an RS256 JWT with both thumbprints, signed by the certificate key', () => {
    const jwt = createClientAssertion({
      tokenEndpoint,
      clientId: 'client-1',
      material,
      now: start,
    });
    const [header, payload, signature] = jwt.split('.');
    const der = Buffer.from(material.derBase64, 'base64');
    expect(JSON.parse(Buffer.from(header, 'base64url').toString())).toEqual({
      alg: 'RS256',
      typ: 'JWT',
      'x5t#S256': createHash('sha256').update(der).digest('base64url'),
      x5t: Buffer.from(material.thumbprintHex, 'hex').toString('base64url'),
    });
    const claims = decodeJwtPayload(jwt);
    const t = start.getTime() / 1000;
    expect(claims).toMatchObject({
      aud: tokenEndpoint,
      iss: 'client-1',
      sub: 'client-1',
      nbf: t,
      iat: t,
      exp: t + 600,
    });
    expect(claims.jti).toMatch(/^[0-9a-f-]{36}$/);
    const publicKey = new X509Certificate(material.certificatePem).publicKey;
    expect(
      verify(
        'sha256',
        Buffer.from(`${header}.${payload}`),
        publicKey,
        Buffer.from(signature, 'base64url'),
      ),
    ).toBe(true);
  });

  it('sends a fresh assertion, not the key, for a certificate credential', async () => {
    const { options, bodies } = script([token(['User.Read.All'])]);
    const credential: NewCredential = {
      type: 'certificate',
      keyId: 'k2',
      endDateTime: material.notAfter,
      material,
    };
    await verifyCredential({ ...options, credential, expectedRoles: ['User.Read.All'] });
    expect(bodies[0].get('client_assertion_type')).toBe(
      'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
    );
    expect(decodeJwtPayload(bodies[0].get('client_assertion') ?? '')).toMatchObject({
      aud: tokenEndpoint,
    });
    expect(bodies[0].get('client_secret')).toBeNull();
  });
});
