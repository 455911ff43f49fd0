// Password and certificate credentials of applications and service principals: addPassword,
// removePassword, the keyCredentials list of a PATCH, and how Graph returns them (no secrets).
import { X509Certificate, createHash, randomInt, randomUUID } from 'node:crypto';
import type {
  StoredApplication,
  StoredKeyCredential,
  StoredPasswordCredential,
} from '../tenant.js';
import { assertAppModelRules } from './app-model.js';
import { GraphFailure, badRequest, notFound } from './errors.js';
import { isVisible, type OperationContext, type OperationResult } from './operation.js';

/** Anything that holds credentials (application or service principal). */
export interface CredentialHolder {
  passwordCredentials: StoredPasswordCredential[];
  keyCredentials: StoredKeyCredential[];
}

const DAY_MS = 24 * 60 * 60 * 1000;
const DEFAULT_PASSWORD_LIFETIME_MS = 2 * 365 * DAY_MS;
const SECRET_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.~-';

/** A secret shaped like Entra's: 40 characters, the 4th a digit, then "Q~". */
export function generateSecret(): string {
  const pick = (n: number) =>
    Array.from({ length: n }, () => SECRET_ALPHABET[randomInt(SECRET_ALPHABET.length)]).join('');
  return `${pick(3)}${randomInt(10)}Q~${pick(34)}`;
}

/** POST …/addPassword: stores a new secret and returns it once, with secretText. */
export function addPassword(ctx: OperationContext, holder: CredentialHolder): OperationResult {
  const requested = (ctx.body.passwordCredential ?? {}) as Record<string, unknown>;
  const start = parseDate(requested.startDateTime, 'startDateTime') ?? ctx.now;
  const end =
    parseDate(requested.endDateTime, 'endDateTime') ?? start + DEFAULT_PASSWORD_LIFETIME_MS;
  if (end <= start) throw invalidCredentialValue('endDateTime', 'PasswordCredential');
  assertPasswordPolicy(ctx, start, end);
  const secret = generateSecret();
  const credential: StoredPasswordCredential = {
    keyId: randomUUID(),
    displayName: typeof requested.displayName === 'string' ? requested.displayName : null,
    startDateTime: new Date(start).toISOString(),
    endDateTime: new Date(end).toISOString(),
    hint: secret.slice(0, 3),
    customKeyIdentifier: null,
    secretText: null,
    _secret: secret,
    _createdAt: ctx.now,
  };
  if (isApplication(holder))
    assertAppModelRules(
      ctx,
      { ...holder, passwordCredentials: [...holder.passwordCredentials, credential] },
      holder,
      ['passwordCredentials'],
    );
  holder.passwordCredentials.push(credential);
  const body = {
    '@odata.context': `${ctx.baseUrl}/$metadata#microsoft.graph.passwordCredential`,
    ...toPasswordCredentialResource(credential),
    secretText: secret,
  };
  return { status: 200, body };
}

function isApplication(holder: CredentialHolder): holder is StoredApplication {
  return 'signInAudience' in holder;
}

/** POST …/removePassword: 204, or 404 when no visible secret has that keyId. */
export function removePassword(ctx: OperationContext, holder: CredentialHolder): OperationResult {
  const keyId = ctx.body.keyId;
  if (typeof keyId !== 'string')
    throw badRequest(
      "Invalid value specified for property 'keyId' of resource 'PasswordCredential'.",
    );
  const index = holder.passwordCredentials.findIndex(
    (c) => c.keyId.toLowerCase() === keyId.toLowerCase(),
  );
  // Graph's wording for an unknown keyId is not documented; the directory's generic 404 is assumed.
  if (
    index < 0 ||
    !isVisible(ctx, 'passwordCredential', holder.passwordCredentials[index]._createdAt)
  )
    throw notFound(keyId);
  holder.passwordCredentials.splice(index, 1);
  return { status: 204 };
}

function assertPasswordPolicy(ctx: OperationContext, start: number, end: number): void {
  const policy = ctx.tenant.policy;
  const policyId = policy.id ?? '00000000-0000-0000-0000-000000000000';
  if (policy.passwordsAllowed === false) {
    // Wording assumed: Graph's message for this code varies and is not documented verbatim.
    throw new GraphFailure(
      400,
      'CredentialTypeNotAllowedAsPerAppPolicy',
      `Password credentials are not allowed as per assigned policy '${policyId}'.`,
    );
  }
  if (
    policy.maxPasswordLifetimeDays !== undefined &&
    end - start > policy.maxPasswordLifetimeDays * DAY_MS
  ) {
    throw new GraphFailure(
      400,
      'CredentialInvalidLifetimeAsPerAppPolicy',
      `Credential lifetime exceeds the max value allowed as per assigned policy '${policyId}'.`,
    );
  }
}

/**
 * The keyCredentials after a PATCH: items with `key` are new certificates, items with only the
 * keyId of an existing credential keep it, and existing credentials left out are removed.
 */
export function toKeyCredentials(
  ctx: OperationContext,
  existing: StoredKeyCredential[],
  requested: unknown,
): StoredKeyCredential[] {
  if (!Array.isArray(requested)) throw invalidCredentialValue('keyCredentials', 'Application');
  return requested.map((item: Record<string, unknown>) => {
    if (typeof item?.key === 'string' && item.key.length > 0) return toNewKeyCredential(ctx, item);
    const kept = existing.find(
      (c) => typeof item?.keyId === 'string' && c.keyId.toLowerCase() === item.keyId.toLowerCase(),
    );
    if (!kept) throw invalidCredentialValue('keyCredentials', 'Application');
    return typeof item.displayName === 'string' ? { ...kept, displayName: item.displayName } : kept;
  });
}

function toNewKeyCredential(
  ctx: OperationContext,
  item: Record<string, unknown>,
): StoredKeyCredential {
  const certificate = parseCertificate(item.key as string);
  if (item.type !== undefined && item.type !== 'AsymmetricX509Cert')
    throw invalidCredentialValue('keyCredentials', 'Application');
  const thumbprint = createHash('sha1').update(certificate.raw).digest('base64');
  return {
    keyId: typeof item.keyId === 'string' ? item.keyId : randomUUID(),
    displayName: typeof item.displayName === 'string' ? item.displayName : null,
    type: 'AsymmetricX509Cert',
    usage: 'Verify',
    startDateTime: new Date(
      parseDate(item.startDateTime, 'startDateTime') ?? Date.parse(certificate.validFrom),
    ).toISOString(),
    endDateTime: new Date(
      parseDate(item.endDateTime, 'endDateTime') ?? Date.parse(certificate.validTo),
    ).toISOString(),
    customKeyIdentifier:
      typeof item.customKeyIdentifier === 'string' ? item.customKeyIdentifier : thumbprint,
    key: null,
    _certificatePem: certificate.toString(),
    _createdAt: ctx.now,
  };
}

function parseCertificate(base64: string): X509Certificate {
  try {
    const bytes = Buffer.from(base64, 'base64');
    // Clients send base64 of the DER certificate; some send base64 of the PEM text instead.
    const text = bytes.subarray(0, 32).toString('latin1');
    return new X509Certificate(text.startsWith('-----BEGIN') ? bytes.toString('utf8') : bytes);
  } catch {
    throw invalidCredentialValue('keyCredentials', 'Application');
  }
}

/** A password credential as Graph returns it on reads. */
export function toPasswordCredentialResource(c: StoredPasswordCredential): Record<string, unknown> {
  const { customKeyIdentifier, displayName, endDateTime, hint, keyId, startDateTime } = c;
  return {
    customKeyIdentifier,
    displayName,
    endDateTime,
    hint,
    keyId,
    secretText: null,
    startDateTime,
  };
}

/** A key credential as Graph returns it on reads (key is null). */
export function toKeyCredentialResource(c: StoredKeyCredential): Record<string, unknown> {
  const { customKeyIdentifier, displayName, endDateTime, keyId, startDateTime, type, usage } = c;
  return {
    customKeyIdentifier,
    displayName,
    endDateTime,
    key: null,
    keyId,
    startDateTime,
    type,
    usage,
  };
}

/** The holder's credentials as a read at this moment returns them (replication delay applied). */
export function toCredentialResources(
  ctx: OperationContext,
  holder: CredentialHolder,
): { passwordCredentials: unknown[]; keyCredentials: unknown[] } {
  return {
    passwordCredentials: holder.passwordCredentials
      .filter((c) => isVisible(ctx, 'passwordCredential', c._createdAt))
      .map(toPasswordCredentialResource),
    keyCredentials: holder.keyCredentials
      .filter((c) => isVisible(ctx, 'keyCredential', c._createdAt))
      .map(toKeyCredentialResource),
  };
}

function parseDate(value: unknown, property: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  const ms = typeof value === 'string' ? Date.parse(value) : NaN;
  if (Number.isNaN(ms)) throw invalidCredentialValue(property, 'PasswordCredential');
  return ms;
}

function invalidCredentialValue(property: string, resource: string): GraphFailure {
  return badRequest(
    `Invalid value specified for property '${property}' of resource '${resource}'.`,
  );
}
