// How the local token endpoint authenticates a confidential client: a client secret, a certificate
// assertion (https://learn.microsoft.com/entra/identity-platform/certificate-credentials) or a
// federated assertion (https://learn.microsoft.com/entra/workload-id/workload-identity-federation).
import { createHash, X509Certificate } from 'node:crypto';
import { aadsts, type EntraError } from './entra-errors.js';
import { decodeJwt, verifyJwtSignature, type DecodedJwt } from './jwt.js';
import type { ReplicatedKind } from './faults.js';
import type { OidcIssuer } from './oidc.js';
import type { StoredApplication, StoredKeyCredential } from './tenant.js';

/** What the checks need besides the request. */
export interface ClientAuthContext {
  oidc: OidcIssuer;
  now: number;
  /** Token endpoint URLs a certificate assertion's aud may name. */
  tokenEndpoints: string[];
  /** False while a new credential has not replicated to the token endpoint yet (Entra answers as if it did not exist). */
  isReplicated(kind: ReplicatedKind, createdAt: number | undefined): boolean;
}

/** How the client proved itself, or the AADSTS error to answer. */
export type ClientAuthResult =
  { ok: true; method: 'secret' | 'certificate' | 'federated' } | { ok: false; error: EntraError };

const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/** Checks the client credential of a token request against the application's credentials. */
export function authenticateClient(
  app: StoredApplication,
  form: URLSearchParams,
  ctx: ClientAuthContext,
): ClientAuthResult {
  const assertion = form.get('client_assertion');
  const secret = form.get('client_secret');
  if (assertion) {
    if (form.get('client_assertion_type') !== JWT_BEARER)
      return fail(aadsts.unsupportedAssertionType());
    const jwt = decodeJwt(assertion);
    if (!jwt) return fail(aadsts.malformedAssertion());
    // A certificate assertion is issued by the client itself; anything else is a federated token.
    if (jwt.payload.iss === app.appId) return checkCertificateAssertion(app, jwt, ctx);
    return checkFederatedAssertion(app, jwt, assertion, ctx);
  }
  if (secret) return checkSecret(app, secret, ctx);
  return fail(aadsts.missingCredential());
}

function checkSecret(
  app: StoredApplication,
  secret: string,
  ctx: ClientAuthContext,
): ClientAuthResult {
  const credential = app.passwordCredentials.find((c) => c._secret === secret);
  if (!credential || !ctx.isReplicated('passwordCredential', credential._createdAt)) {
    return fail(aadsts.invalidSecret(app.appId));
  }
  if (Date.parse(credential.endDateTime) <= ctx.now) return fail(aadsts.expiredSecret(app.appId));
  if (Date.parse(credential.startDateTime) > ctx.now) return fail(aadsts.invalidSecret(app.appId));
  return { ok: true, method: 'secret' };
}

function checkFederatedAssertion(
  app: StoredApplication,
  jwt: DecodedJwt,
  assertion: string,
  ctx: ClientAuthContext,
): ClientAuthResult {
  const { iss, sub, aud } = {
    iss: String(jwt.payload.iss ?? ''),
    sub: String(jwt.payload.sub ?? ''),
    aud: audienceOf(jwt),
  };
  const fromLocalIssuer = iss === ctx.oidc.url;
  if (fromLocalIssuer && !ctx.oidc.verify(assertion).ok)
    return fail(aadsts.assertionSignature(String(jwt.header.kid ?? '')));
  const timeError = checkAssertionTimes(jwt, ctx.now);
  if (timeError) return fail(timeError);
  const credentials = app.federatedIdentityCredentials.filter((c) =>
    ctx.isReplicated('federatedCredential', c._createdAt),
  );
  if (credentials.length === 0) return fail(aadsts.noFederatedCredentials(iss, sub, aud));
  // Matching is exact and case-sensitive since 2024 (reference-breaking-changes#august-2024).
  const byIssuer = credentials.filter((c) => c.issuer === iss);
  if (byIssuer.length === 0) return fail(aadsts.federatedIssuerMismatch(iss));
  const bySubject = byIssuer.filter((c) => c.subject === sub);
  if (bySubject.length === 0) {
    const caseOnly = byIssuer.some((c) => c.subject.toLowerCase() === sub.toLowerCase());
    return fail(
      caseOnly ? aadsts.federatedSubjectCaseMismatch(sub) : aadsts.federatedSubjectMismatch(sub),
    );
  }
  if (!bySubject.some((c) => c.audiences.includes(aud)))
    return fail(aadsts.federatedAudienceMismatch(aud));
  // The token endpoint would fetch a foreign issuer's keys over the network, which this cloud cannot reach.
  if (!fromLocalIssuer) return fail(aadsts.externalIssuerUnreachable());
  return { ok: true, method: 'federated' };
}

function checkCertificateAssertion(
  app: StoredApplication,
  jwt: DecodedJwt,
  ctx: ClientAuthContext,
): ClientAuthResult {
  const sha256 = typeof jwt.header['x5t#S256'] === 'string' ? jwt.header['x5t#S256'] : undefined;
  const sha1 = typeof jwt.header.x5t === 'string' ? jwt.header.x5t : undefined;
  const thumbprintHex = Buffer.from(sha256 ?? sha1 ?? '', 'base64url')
    .toString('hex')
    .toUpperCase();
  const credential = app.keyCredentials.find((c) => {
    const der = new X509Certificate(c._certificatePem).raw;
    return (
      (sha256 && thumbprintOf(der, 'sha256') === sha256) ||
      (sha1 && thumbprintOf(der, 'sha1') === sha1)
    );
  });
  if (!credential || !ctx.isReplicated('keyCredential', credential._createdAt)) {
    return fail(aadsts.certificateNotRegistered(thumbprintHex, app.appId));
  }
  const validityError = checkCertificateValidity(credential, ctx.now);
  if (validityError)
    return fail(aadsts.certificateNotRegistered(thumbprintHex, app.appId, validityError));
  if (!verifyJwtSignature(jwt, new X509Certificate(credential._certificatePem).publicKey)) {
    return fail(aadsts.assertionSignature(thumbprintHex));
  }
  if (jwt.payload.sub !== app.appId) return fail(aadsts.assertionClientMismatch());
  if (!ctx.tokenEndpoints.includes(audienceOf(jwt))) return fail(aadsts.assertionAudience());
  const timeError = checkAssertionTimes(jwt, ctx.now);
  return timeError ? fail(timeError) : { ok: true, method: 'certificate' };
}

function checkCertificateValidity(
  credential: StoredKeyCredential,
  now: number,
): string | undefined {
  const cert = new X509Certificate(credential._certificatePem);
  if (Date.parse(credential.endDateTime) <= now || Date.parse(cert.validTo) <= now)
    return 'The key used is expired.';
  if (Date.parse(credential.startDateTime) > now || Date.parse(cert.validFrom) > now)
    return 'The key is not yet valid.';
  return undefined;
}

// Entra tolerates a few minutes of clock skew on nbf, none on exp.
function checkAssertionTimes(jwt: DecodedJwt, now: number): EntraError | undefined {
  const exp = typeof jwt.payload.exp === 'number' ? jwt.payload.exp : undefined;
  const nbf = typeof jwt.payload.nbf === 'number' ? jwt.payload.nbf : undefined;
  const expired = exp === undefined || exp * 1000 <= now;
  const early = nbf !== undefined && nbf * 1000 > now + 5 * 60 * 1000;
  return expired || early ? aadsts.assertionTimeRange(now, nbf, exp) : undefined;
}

function thumbprintOf(der: Buffer, algorithm: 'sha1' | 'sha256'): string {
  return createHash(algorithm).update(der).digest('base64url');
}

function audienceOf(jwt: DecodedJwt): string {
  const aud = jwt.payload.aud;
  return Array.isArray(aud) ? String(aud[0] ?? '') : String(aud ?? '');
}

function fail(error: EntraError): ClientAuthResult {
  return { ok: false, error };
}
