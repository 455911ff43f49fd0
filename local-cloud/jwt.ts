// Compact JWS (RFC 7515) signing and checking for the local cloud's token issuers, on node:crypto.
import {
  constants,
  createPublicKey,
  generateKeyPair,
  generateKeyPairSync,
  randomUUID,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';
import { promisify } from 'node:util';

/** A decoded JWT: its header, claims and the parts needed to check its signature. */
export interface DecodedJwt {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  signingInput: string;
  signature: Buffer;
}

/** An RSA key an issuer signs with, named by `kid`. */
export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
}

/** A JSON Web Key as served in a JWKS. */
export type PublicJwk = Record<string, unknown> & {
  kid: string;
  kty: string;
  n: string;
  e: string;
};

/** Returns a new RSA 2048 signing key with a random kid. */
export function createSigningKey(): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { kid: randomUUID().replace(/-/g, ''), privateKey, publicKey };
}

/** Resolves to a new RSA 2048 signing key, generated off the main thread (several can be made in parallel). */
export async function generateSigningKey(): Promise<SigningKey> {
  const { privateKey, publicKey } = await promisify(generateKeyPair)('rsa', {
    modulusLength: 2048,
  });
  return { kid: randomUUID().replace(/-/g, ''), privateKey, publicKey };
}

/** Returns the public JWK of `key`, as a JWKS lists it. */
export function toPublicJwk(key: SigningKey): PublicJwk {
  const jwk = key.publicKey.export({ format: 'jwk' }) as { kty: string; n: string; e: string };
  return { kty: jwk.kty, use: 'sig', alg: 'RS256', kid: key.kid, n: jwk.n, e: jwk.e };
}

/** Returns a compact RS256 JWT of `payload` signed with `key` (header carries typ, alg and kid). */
export function signJwt(
  key: SigningKey,
  payload: Record<string, unknown>,
  extraHeader: Record<string, unknown> = {},
): string {
  const header = { typ: 'JWT', alg: 'RS256', kid: key.kid, ...extraHeader };
  const signingInput = `${toBase64Url(JSON.stringify(header))}.${toBase64Url(JSON.stringify(payload))}`;
  const signature = sign('sha256', Buffer.from(signingInput), key.privateKey);
  return `${signingInput}.${signature.toString('base64url')}`;
}

/** Returns the decoded parts of a compact JWT, or null when it is not one. */
export function decodeJwt(token: string): DecodedJwt | null {
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  try {
    const header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8')) as unknown;
    const payload = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as unknown;
    if (!isObject(header) || !isObject(payload)) return null;
    return {
      header,
      payload,
      signingInput: `${parts[0]}.${parts[1]}`,
      signature: Buffer.from(parts[2], 'base64url'),
    };
  } catch {
    return null;
  }
}

/** True when the JWT's signature verifies with `publicKey` under its header's alg (RS256 or PS256). */
export function verifyJwtSignature(jwt: DecodedJwt, publicKey: KeyObject | string): boolean {
  const key = typeof publicKey === 'string' ? createPublicKey(publicKey) : publicKey;
  const data = Buffer.from(jwt.signingInput);
  try {
    // MSAL Node signs certificate assertions with PS256 when it has a SHA-256 thumbprint.
    if (jwt.header.alg === 'RS256') return verify('sha256', data, key, jwt.signature);
    if (jwt.header.alg === 'PS256') {
      return verify(
        'sha256',
        data,
        { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 },
        jwt.signature,
      );
    }
  } catch {
    return false;
  }
  return false;
}

/** Seconds since the epoch for a millisecond clock reading. */
export function toEpochSeconds(ms: number): number {
  return Math.floor(ms / 1000);
}

function toBase64Url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
