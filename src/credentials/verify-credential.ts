// Proves a new credential works: a client-credentials token request with it, whose token must carry
// the granted application permissions in its roles claim. Entra needs a while to replicate a new
// credential and new role assignments, so failures of that kind are retried until a deadline.
// https://learn.microsoft.com/entra/identity-platform/v2-oauth2-client-creds-grant-flow
// https://learn.microsoft.com/entra/identity-platform/certificate-credentials
import { createHash, randomUUID, sign } from 'node:crypto';
import { decodeJwtPayload } from '../auth/jwt.js';
import { createOutboundFetch, type FetchLike } from '../net/outbound-fetch.js';
import { retry, type Backoff, type Sleep } from '../net/retry.js';
import type { NewCredential, VerifyResult } from './types.js';

export interface VerifyOptions {
  /** https://{authority-host}/{tenant}/oauth2/v2.0/token */
  tokenEndpoint: string;
  clientId: string;
  /** The resource's /.default scope, e.g. https://graph.microsoft.com/.default */
  scope: string;
  credential: NewCredential;
  /** Application permission values (appRole values) the token's roles claim must hold. */
  expectedRoles: string[];
  timeoutMs?: number;
  sleep?: Sleep;
  now?: () => Date;
  /** The run's outbound fetch; a new one from the environment's proxy settings when absent. */
  fetch?: FetchLike;
  log?: (line: string) => void;
}

type Attempt = { kind: 'token'; roles: string[] } | { kind: 'retry' | 'fail'; reason: string };

// Codes Entra answers while a new credential or app has not reached every replica yet:
// AADSTS7000215 invalid client secret, AADSTS700027 assertion signature/key not found,
// AADSTS700016 application not found in the directory.
const REPLICATION_CODES = new Set([7000215, 700027, 700016]);
const ASSERTION_LIFETIME_S = 600;
const REQUEST_TIMEOUT_MS = 30_000;
// Waits of 2, 4, 8, 15, 15, … s: exact, so the log says when the next attempt comes.
const VERIFY_BACKOFF: Backoff = { backoffBaseMs: 2000, backoffCapMs: 15_000, jitter: 'none' };

/** Requests tokens with the new credential (I/O) until one carries expectedRoles or timeoutMs passes. */
export async function verifyCredential(options: VerifyOptions): Promise<VerifyResult> {
  const now = options.now ?? (() => new Date());
  const started = now().getTime();
  let roles: string[] = [];
  return retry(
    async (attempts): Promise<VerifyResult> => {
      const attempt = await requestToken(options, now());
      if (attempt.kind !== 'token') {
        if (attempt.kind === 'fail') return toFailure(options, roles, attempts, attempt.reason);
        throw new NotYet(attempt.reason);
      }
      roles = attempt.roles;
      const missing = options.expectedRoles.filter((role) => !roles.includes(role));
      if (missing.length === 0) return { ok: true, roles, missing, attempts };
      throw new NotYet(`the token's roles claim lacks ${missing.join(', ')}`);
    },
    {
      isRetryable: (error) => error instanceof NotYet,
      backoff: VERIFY_BACKOFF,
      deadlineMs: started + (options.timeoutMs ?? 120_000),
      now: () => now().getTime(),
      log: (error, delayMs) =>
        options.log?.(
          `Verifying the new credential: ${(error as NotYet).message}; Entra may still be replicating, retrying in ${delayMs / 1000} s.`,
        ),
      sleep: options.sleep,
      giveUp: (error, attempts) => {
        if (!(error instanceof NotYet)) throw error;
        const waited = Math.round((now().getTime() - started) / 1000);
        return toFailure(
          options,
          roles,
          attempts,
          `${error.message} (still so after ${attempts} attempts in ${waited} s)`,
        );
      },
    },
  );
}

/** A token request that may succeed later (Entra still replicating); the message is the reason. */
class NotYet extends Error {}

function toFailure(
  options: VerifyOptions,
  roles: string[],
  attempts: number,
  reason: string,
): VerifyResult {
  const missing = options.expectedRoles.filter((role) => !roles.includes(role));
  return { ok: false, roles, missing, attempts, reason };
}

async function requestToken(options: VerifyOptions, now: Date): Promise<Attempt> {
  const body = new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: options.clientId,
    scope: options.scope,
  });
  const { credential } = options;
  if (credential.type === 'secret') {
    body.set('client_secret', credential.secretText);
  } else {
    body.set('client_assertion_type', 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
    body.set(
      'client_assertion',
      createClientAssertion({
        tokenEndpoint: options.tokenEndpoint,
        clientId: options.clientId,
        material: credential.material,
        now,
      }),
    );
  }
  let response: Response;
  try {
    response = await (options.fetch ?? createOutboundFetch())(options.tokenEndpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body,
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch (error) {
    // fetch errors name the URL and the network cause, never the request body.
    return { kind: 'retry', reason: `the token request failed: ${(error as Error).message}` };
  }
  const data = (await response.json().catch(() => ({}))) as {
    access_token?: string;
    error?: string;
    error_description?: string;
    error_codes?: number[];
  };
  if (response.ok && data.access_token) return { kind: 'token', roles: toRoles(data.access_token) };
  const reason = scrub(describeTokenError(response.status, data), options.credential);
  const replicating = (data.error_codes ?? []).some((code) => REPLICATION_CODES.has(code));
  return replicating || response.status === 429 || response.status >= 500
    ? { kind: 'retry', reason }
    : { kind: 'fail', reason };
}

/** Returns a client assertion JWT (RS256) for the certificate, as Entra's certificate credential flow wants it. */
export function createClientAssertion(options: {
  tokenEndpoint: string;
  clientId: string;
  material: { derBase64: string; privateKeyPem: string };
  now: Date;
}): string {
  const der = Buffer.from(options.material.derBase64, 'base64');
  const header = {
    alg: 'RS256',
    typ: 'JWT',
    // Entra accepts the SHA-256 thumbprint (x5t#S256) and, for older endpoints, the SHA-1 one (x5t).
    'x5t#S256': createHash('sha256').update(der).digest('base64url'),
    x5t: createHash('sha1').update(der).digest('base64url'),
  };
  const issuedAt = Math.floor(options.now.getTime() / 1000);
  const claims = {
    aud: options.tokenEndpoint,
    iss: options.clientId,
    sub: options.clientId,
    jti: randomUUID(),
    nbf: issuedAt,
    iat: issuedAt,
    exp: issuedAt + ASSERTION_LIFETIME_S,
  };
  const signingInput = `${toBase64Url(header)}.${toBase64Url(claims)}`;
  const signature = sign(
    'sha256',
    Buffer.from(signingInput),
    options.material.privateKeyPem,
  ).toString('base64url');
  return `${signingInput}.${signature}`;
}

function toRoles(accessToken: string): string[] {
  const roles = decodeJwtPayload(accessToken).roles;
  return Array.isArray(roles)
    ? roles.filter((role): role is string => typeof role === 'string')
    : [];
}

function describeTokenError(
  status: number,
  data: { error?: string; error_description?: string },
): string {
  // The description's first line holds the AADSTS code and message; later lines are trace and correlation ids.
  const description = (data.error_description ?? '')
    .split(/\r?\n/)[0]
    .replace(/\s*Trace ID:.*$/, '');
  return `the token endpoint answered ${status} ${data.error ?? ''}${description ? `: ${description}` : ''}`.replace(
    /\s+:/,
    ':',
  );
}

function scrub(text: string, credential: NewCredential): string {
  const secret =
    credential.type === 'secret' ? credential.secretText : credential.material.privateKeyPem;
  return secret && text.includes(secret) ? text.split(secret).join('***') : text;
}

function toBase64Url(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}
