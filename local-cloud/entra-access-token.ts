// App-only access tokens as Entra issues them for a `<resource>/.default` scope, and their check
// on the resource side (the Graph fake accepts only tokens this cloud's Entra signed).
import { randomBytes, randomUUID } from 'node:crypto';
import { aadsts, type EntraError } from './entra-errors.js';
import { decodeJwt, signJwt, toEpochSeconds, verifyJwtSignature, type SigningKey } from './jwt.js';
import type {
  StoredApplication,
  StoredAppRoleAssignment,
  StoredServicePrincipal,
  Tenant,
} from './tenant.js';

/** Microsoft Graph's application id. */
export const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';
/** The aud of Graph access tokens. */
export const GRAPH_AUDIENCE = 'https://graph.microsoft.com';

const TOKEN_LIFETIME_S = 3599;

/** The resource a token is requested for. */
export interface TokenResource {
  appId: string;
  audience: string;
}

/** Claims a resource reads from a verified access token. */
export interface VerifiedAccessToken {
  appid: string;
  oid: string;
  tid: string;
  roles: string[];
  aud: string;
}

/** Resolves a client-credentials `scope` (`<resource>/.default`) to its resource, or the AADSTS error. */
export function resolveScope(
  scope: string,
  tenant: Tenant,
  graphEndpoint: string,
): TokenResource | EntraError {
  const scopes = scope
    .split(' ')
    .filter((s) => s && !['openid', 'profile', 'offline_access'].includes(s));
  if (scopes.length !== 1 || !scopes[0].endsWith('/.default')) return aadsts.invalidScope();
  const resource = scopes[0].slice(0, -'/.default'.length).replace(/\/$/, '');
  const graphAliases = [GRAPH_AUDIENCE, GRAPH_APP_ID, graphEndpoint.replace(/\/$/, '')];
  if (graphAliases.includes(resource)) return { appId: GRAPH_APP_ID, audience: GRAPH_AUDIENCE };
  for (const sp of tenant.servicePrincipals.values()) {
    const names = sp.servicePrincipalNames.map((n) => n.replace(/\/$/, ''));
    if (sp.appId !== resource && !names.includes(resource)) continue;
    const audience =
      sp.appId === resource ? (names.find((n) => n.startsWith('https://')) ?? sp.appId) : resource;
    return { appId: sp.appId, audience };
  }
  return aadsts.resourceNotFound(resource, tenant.tenantId);
}

/** Values of `resourceAppId`'s app roles granted to `principalId`, counting only assignments `isVisible` accepts. */
export function grantedRoleValues(
  tenant: Tenant,
  principalId: string,
  resourceAppId: string,
  isVisible: (a: StoredAppRoleAssignment) => boolean,
): string[] {
  const resource = tenant.servicePrincipalByAppId(resourceAppId);
  if (!resource) return [];
  const values = new Set<string>();
  for (const assignment of tenant.appRoleAssignments.values()) {
    if (
      assignment.principalId !== principalId ||
      assignment.resourceId !== resource.id ||
      !isVisible(assignment)
    )
      continue;
    const role = resource.appRoles.find((r) => r.id === assignment.appRoleId);
    if (role) values.add(role.value);
  }
  return [...values].sort();
}

/** Returns the token response body for a client `sp` of `app`, with the roles granted on `resource`. */
export function issueAccessToken(input: {
  key: SigningKey;
  tenant: Tenant;
  app: StoredApplication;
  sp: StoredServicePrincipal;
  resource: TokenResource;
  /** Values of the resource's app roles granted to `sp` (the roles claim). */
  roles: string[];
  secretUsed: boolean;
  now: number;
}): Record<string, unknown> {
  const { tenant, app, sp, resource, roles } = input;
  const iat = toEpochSeconds(input.now);
  const iss = `https://sts.windows.net/${tenant.tenantId}/`;
  // appidacr: 1 = client secret, 2 = certificate or federated assertion.
  const acr = input.secretUsed ? '1' : '2';
  const claims: Record<string, unknown> = {
    aud: resource.audience,
    iss,
    iat,
    nbf: iat,
    exp: iat + TOKEN_LIFETIME_S,
    aio: randomBytes(24).toString('base64'),
    app_displayname: app.displayName,
    appid: app.appId,
    appidacr: acr,
    azp: app.appId,
    azpacr: acr,
    idp: iss,
    idtyp: 'app',
    oid: sp.id,
    sub: sp.id,
    tid: tenant.tenantId,
    rh: `0.${randomBytes(12).toString('base64url')}.`,
    uti: randomBytes(16).toString('base64url'),
    ver: '1.0',
  };
  // Entra omits the roles claim when nothing is granted.
  if (roles.length > 0) claims.roles = roles;
  return {
    token_type: 'Bearer',
    expires_in: TOKEN_LIFETIME_S,
    ext_expires_in: TOKEN_LIFETIME_S,
    access_token: signJwt(input.key, claims, { nonce: randomUUID() }),
  };
}

/** Checks a Bearer Authorization header: signature by `key`, not expired at `now`, aud one of `audiences` (default Graph's). */
export function verifyGraphAccessToken(
  authorization: string | undefined,
  key: SigningKey,
  now: number,
  audiences: readonly string[] = [GRAPH_AUDIENCE, GRAPH_APP_ID],
): VerifiedAccessToken | null {
  return verifyAccessToken(authorization, key, now, audiences);
}

/** Checks a Bearer Authorization header: signature by `key`, not expired at `now`, aud one of `audiences`. */
export function verifyAccessToken(
  authorization: string | undefined,
  key: SigningKey,
  now: number,
  audiences: readonly string[],
): VerifiedAccessToken | null {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
  const jwt = match ? decodeJwt(match[1]) : null;
  if (jwt?.header.kid !== key.kid || !verifyJwtSignature(jwt, key.publicKey)) return null;
  const { exp, aud, appid, oid, tid, roles } = jwt.payload;
  if (typeof exp !== 'number' || exp * 1000 <= now) return null;
  if (!audiences.includes(String(aud))) return null;
  return {
    appid: String(appid),
    oid: String(oid),
    tid: String(tid),
    roles: Array.isArray(roles) ? roles.map(String) : [],
    aud: String(aud),
  };
}
