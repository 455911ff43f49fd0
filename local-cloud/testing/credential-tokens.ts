// What a consumer of the delivered credential does with it: read it back from the local GitHub,
// unpack a PFX or PEM, and request a Microsoft Graph token with it at the local token endpoint.
// Written independently of src/credentials so the tests do not check the action against itself.
import { X509Certificate, createHash, randomUUID, sign } from 'node:crypto';
import forge from 'node-forge';
import type { LocalCloud } from '../index.js';
import { requestCloud } from './cloud-client.js';

/** The workflow's repository in the local GitHub. */
export const REPOSITORY = { scope: 'repository', owner: 'octo-org', repo: 'octo-repo' } as const;

/** A private key and its certificate, both PEM. */
export interface KeyPair {
  privateKeyPem: string;
  certificatePem: string;
}

/** What the token endpoint answered: the token's roles claim, or the error. */
export type TokenAnswer =
  | { ok: true; roles: string[]; claims: Record<string, unknown> }
  | { ok: false; status: number; error: string };

/** Requests a client-credentials token for Microsoft Graph with a client secret. */
export function requestTokenWithSecret(
  cloud: LocalCloud,
  clientId: string,
  secret: string,
): Promise<TokenAnswer> {
  return requestToken(cloud, { client_id: clientId, client_secret: secret });
}

/** Requests a client-credentials token for Microsoft Graph with a client assertion signed by the certificate's key. */
export function requestTokenWithCertificate(
  cloud: LocalCloud,
  clientId: string,
  pair: KeyPair,
): Promise<TokenAnswer> {
  const der = new X509Certificate(pair.certificatePem).raw;
  const header = {
    alg: 'RS256',
    typ: 'JWT',
    'x5t#S256': createHash('sha256').update(der).digest('base64url'),
  };
  const now = Math.floor(Date.now() / 1000);
  const claims = {
    aud: tokenEndpoint(cloud),
    iss: clientId,
    sub: clientId,
    jti: randomUUID(),
    nbf: now - 60,
    iat: now - 60,
    exp: now + 600,
  };
  const encode = (value: object): string =>
    Buffer.from(JSON.stringify(value)).toString('base64url');
  const input = `${encode(header)}.${encode(claims)}`;
  const assertion = `${input}.${sign('sha256', Buffer.from(input), pair.privateKeyPem).toString('base64url')}`;
  return requestToken(cloud, {
    client_id: clientId,
    client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
    client_assertion: assertion,
  });
}

/** Opens a base64 PKCS#12 with its password; returns its key and (first) certificate as PEM. */
export function readPfx(pfxBase64: string, password: string): KeyPair {
  const asn1 = forge.asn1.fromDer(forge.util.decode64(pfxBase64));
  const p12 = forge.pkcs12.pkcs12FromAsn1(asn1, password);
  const keyBag = p12.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag })[
    forge.pki.oids.pkcs8ShroudedKeyBag
  ]?.[0];
  const certBag = p12.getBags({ bagType: forge.pki.oids.certBag })[forge.pki.oids.certBag]?.[0];
  if (!keyBag?.key || !certBag?.cert) throw new Error('The PFX holds no key or no certificate.');
  return {
    privateKeyPem: forge.pki.privateKeyToPem(keyBag.key),
    certificatePem: forge.pki.certificateToPem(certBag.cert),
  };
}

/** Splits the PEM secret (private key followed by the certificate) into its parts. */
export function readPemSecret(value: string): KeyPair {
  const key = /-----BEGIN (?:RSA )?PRIVATE KEY-----[\s\S]+?-----END (?:RSA )?PRIVATE KEY-----/.exec(
    value,
  )?.[0];
  const certificate = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(
    value,
  )?.[0];
  if (!key || !certificate) throw new Error('The PEM secret lacks a private key or a certificate.');
  return { privateKeyPem: `${key}\n`, certificatePem: `${certificate}\n` };
}

/** Returns the SHA-1 thumbprint (upper-case hex) of a PEM certificate. */
export function thumbprintOf(certificatePem: string): string {
  return createHash('sha1')
    .update(new X509Certificate(certificatePem).raw)
    .digest('hex')
    .toUpperCase();
}

function tokenEndpoint(cloud: LocalCloud): string {
  return `${cloud.urls.authorityHost}/${cloud.tenant.tenantId}/oauth2/v2.0/token`;
}

async function requestToken(
  cloud: LocalCloud,
  fields: Record<string, string>,
): Promise<TokenAnswer> {
  const form = new URLSearchParams({
    grant_type: 'client_credentials',
    scope: `${cloud.urls.graphEndpoint}/.default`,
    ...fields,
  });
  const res = await requestCloud(cloud, tokenEndpoint(cloud), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form.toString(),
  });
  if (res.status !== 200) return { ok: false, status: res.status, error: res.text };
  const token = res.json<{ access_token: string }>().access_token;
  const claims = JSON.parse(
    Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'),
  ) as Record<string, unknown>;
  return {
    ok: true,
    roles: Array.isArray(claims.roles) ? (claims.roles as string[]).slice().sort() : [],
    claims,
  };
}
