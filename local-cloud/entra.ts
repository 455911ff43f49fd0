// Entra ID's v2 endpoints as MSAL uses them for the client-credentials grant: tenant discovery
// (https://learn.microsoft.com/entra/identity-platform/v2-protocols-oidc), instance discovery,
// the signing keys, and the token endpoint
// (https://learn.microsoft.com/entra/identity-platform/v2-oauth2-client-creds-grant-flow).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { authenticateClient } from './entra-client-auth.js';
import {
  grantedRoleValues,
  issueAccessToken,
  resolveScope,
  verifyGraphAccessToken,
  type VerifiedAccessToken,
} from './entra-access-token.js';
import { DEVICE_CODE_GRANT, DeviceCodes } from './entra-device-code.js';
import { aadsts, sendEntraError, type EntraError } from './entra-errors.js';
import type { Faults, ReplicatedKind } from './faults.js';
import { sendJson } from './https-service.js';
import { createSigningKey, toPublicJwk, type SigningKey } from './jwt.js';
import type { OidcIssuer } from './oidc.js';
import { isRealHost, REAL_HOSTS } from './real-hosts.js';
import type { Tenant } from './tenant.js';

/** What the Entra fake works with. */
export interface EntraOptions {
  tenant: Tenant;
  oidc: OidcIssuer;
  faults: Faults;
  now: () => number;
  /** The Graph fake's root URL, accepted as a resource alias of Microsoft Graph. */
  graphEndpoint: () => string;
  /** The token signing key; a new one by default. */
  key?: SigningKey;
}

const MULTI_TENANT = new Set(['common', 'organizations', 'consumers']);

/** The local Entra ID: issues RS256 access tokens for one tenant's applications. */
export class EntraService {
  /** Root URL (the authority host), set once the server listens. */
  url = '';
  readonly key: SigningKey;
  private readonly deviceCodes = new DeviceCodes();

  constructor(private readonly options: EntraOptions) {
    this.key = options.key ?? createSigningKey();
  }

  /** Verifies an access token this service issued for Graph (or one of `audiences`); null when invalid, expired or for another audience. */
  authenticate(
    authorization: string | undefined,
    audiences?: readonly string[],
  ): VerifiedAccessToken | null {
    return verifyGraphAccessToken(authorization, this.key, this.options.now(), audiences);
  }

  /** HTTP handler: discovery documents, keys and the token endpoint. */
  readonly handle = (req: IncomingMessage, res: ServerResponse, body: Buffer): void => {
    // Every URL this service writes names the host the client used (its own port, or
    // login.microsoftonline.com in real-hosts mode).
    const origin = requestOrigin(req, this.url);
    const url = new URL(req.url ?? '/', origin);
    const [tenantSegment, ...rest] = url.pathname.split('/').filter(Boolean);
    const route = `${req.method} /${rest.join('/')}`;
    if (route === 'GET /discovery/instance') return this.answerInstanceDiscovery(res, url, origin);
    const tenantId = this.resolveTenant(tenantSegment ?? '');
    const isKnownRoute = [
      'GET /v2.0/.well-known/openid-configuration',
      'GET /discovery/v2.0/keys',
      'GET /discovery/keys',
      'POST /oauth2/v2.0/token',
      'POST /oauth2/v2.0/devicecode',
    ].includes(route);
    if (!isKnownRoute)
      return sendJson(res, 404, {
        error: 'not_found',
        error_description: `No such endpoint: ${route}`,
      });
    if (!tenantId) return this.fail(req, res, aadsts.tenantNotFound(tenantSegment ?? ''));
    if (route === 'POST /oauth2/v2.0/token')
      return this.answerTokenRequest(req, res, body, tenantId);
    if (route === 'POST /oauth2/v2.0/devicecode') {
      const issued = this.deviceCodes.issue(readForm(req, body), this.options.now());
      return 'body' in issued ? sendJson(res, 200, issued.body) : this.fail(req, res, issued);
    }
    if (route.includes('/keys')) return sendJson(res, 200, { keys: [toPublicJwk(this.key)] });
    sendJson(res, 200, this.tenantDiscovery(tenantId, origin));
  };

  /** The directory's tenant id for a path segment (GUID or verified domain, case-insensitive); 'common' and friends pass. */
  private resolveTenant(segment: string): string | undefined {
    const { tenant } = this.options;
    const lower = segment.toLowerCase();
    if (lower === tenant.tenantId.toLowerCase() || lower === tenant.domain.toLowerCase())
      return tenant.tenantId;
    return MULTI_TENANT.has(lower) ? lower : undefined;
  }

  private answerTokenRequest(
    req: IncomingMessage,
    res: ServerResponse,
    body: Buffer,
    tenantId: string,
  ): void {
    const { tenant, now } = this.options;
    const form = readForm(req, body);
    const grantType = form.get('grant_type');
    // A user signs in with a device code (any tenant of theirs); the local cloud has no users.
    if (grantType === DEVICE_CODE_GRANT)
      return this.fail(req, res, this.deviceCodes.poll(form.get('device_code'), now()));
    if (MULTI_TENANT.has(tenantId)) {
      return this.fail(req, res, aadsts.noTenantInformation());
    }
    if (!grantType) return this.fail(req, res, aadsts.missingParameter('grant_type'));
    if (grantType !== 'client_credentials')
      return this.fail(req, res, aadsts.unsupportedGrantType(grantType));
    const clientId = form.get('client_id');
    if (!clientId) return this.fail(req, res, aadsts.missingParameter('client_id'));
    const scope = form.get('scope');
    if (!scope) return this.fail(req, res, aadsts.missingParameter('scope'));
    const resource = resolveScope(scope, tenant, this.options.graphEndpoint());
    if ('code' in resource) return this.fail(req, res, resource);
    const app = tenant.applicationByAppId(clientId);
    if (!app || !this.isReplicated('application', app._createdAt))
      return this.fail(req, res, aadsts.applicationNotFound(clientId, tenantId));
    const auth = authenticateClient(app, form, {
      oidc: this.options.oidc,
      now: now(),
      tokenEndpoints: [...new Set([this.url, requestOrigin(req, this.url)])].flatMap((origin) =>
        [tenant.tenantId, tenant.domain].map((t) => `${origin}/${t}/oauth2/v2.0/token`),
      ),
      isReplicated: (kind, createdAt) => this.isReplicated(kind, createdAt),
    });
    if (!auth.ok) return this.fail(req, res, auth.error);
    const sp = tenant.servicePrincipalByAppId(clientId);
    if (!sp || !this.isReplicated('servicePrincipal', sp._createdAt)) {
      return this.fail(req, res, aadsts.servicePrincipalMissing(clientId, tenantId));
    }
    if (!sp.accountEnabled) {
      return this.fail(req, res, aadsts.applicationDisabled(clientId, app.displayName));
    }
    const roles = grantedRoleValues(tenant, sp.id, resource.appId, (a) =>
      this.isReplicated('appRoleAssignment', a._createdAt),
    );
    const response = issueAccessToken({
      key: this.key,
      tenant,
      app,
      sp,
      resource,
      roles,
      secretUsed: auth.method === 'secret',
      now: now(),
    });
    sendJson(res, 200, response, {
      'cache-control': 'no-store, no-cache',
      ...this.requestIdHeaders(req),
    });
  }

  private isReplicated(kind: ReplicatedKind, createdAt: number | undefined): boolean {
    return this.options.faults.isReplicated(kind, createdAt, this.options.now());
  }

  private answerInstanceDiscovery(res: ServerResponse, url: URL, origin: string): void {
    const host = new URL(origin).host;
    const authorize =
      url.searchParams.get('authorization_endpoint') ?? `${origin}/common/oauth2/v2.0/authorize`;
    const tenantSegment = new URL(authorize, origin).pathname.split('/').find(Boolean) ?? 'common';
    sendJson(res, 200, {
      tenant_discovery_endpoint: `${origin}/${tenantSegment}/v2.0/.well-known/openid-configuration`,
      'api-version': '1.1',
      metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
    });
  }

  private tenantDiscovery(tenantId: string, origin: string): Record<string, unknown> {
    const base = `${origin}/${tenantId}`;
    // Reached under its real name, Entra names Graph's real name too.
    const graphOrigin = isRealHost(origin)
      ? `https://${REAL_HOSTS.graph}`
      : this.options.graphEndpoint() || `https://${REAL_HOSTS.graph}`;
    const issuerTenant = MULTI_TENANT.has(tenantId) ? '{tenantid}' : tenantId;
    return {
      token_endpoint: `${base}/oauth2/v2.0/token`,
      token_endpoint_auth_methods_supported: [
        'client_secret_post',
        'private_key_jwt',
        'client_secret_basic',
      ],
      jwks_uri: `${base}/discovery/v2.0/keys`,
      response_modes_supported: ['query', 'fragment', 'form_post'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
      response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
      scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
      issuer: `${origin}/${issuerTenant}/v2.0`,
      request_uri_parameter_supported: false,
      userinfo_endpoint: `${graphOrigin}/oidc/userinfo`,
      authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
      device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
      http_logout_supported: true,
      frontchannel_logout_supported: true,
      end_session_endpoint: `${base}/oauth2/v2.0/logout`,
      claims_supported: [
        'sub',
        'iss',
        'cloud_instance_name',
        'cloud_instance_host_name',
        'cloud_graph_host_name',
        'msgraph_host',
        'aud',
        'exp',
        'iat',
        'auth_time',
        'acr',
        'nonce',
        'preferred_username',
        'name',
        'tid',
        'ver',
        'at_hash',
        'c_hash',
        'email',
      ],
      kerberos_endpoint: `${base}/kerberos`,
      tenant_region_scope: 'NA',
      cloud_instance_name: 'microsoftonline.com',
      cloud_graph_host_name: 'graph.windows.net',
      msgraph_host: new URL(graphOrigin).host,
      rbac_url: 'https://pas.windows.net',
    };
  }

  private requestIdHeaders(req: IncomingMessage): Record<string, string> {
    const correlation = req.headers['client-request-id'];
    return typeof correlation === 'string' ? { 'client-request-id': correlation } : {};
  }

  private fail(req: IncomingMessage, res: ServerResponse, error: EntraError): void {
    sendEntraError(req, res, error, this.options.now(), requestOrigin(req, this.url));
  }
}

/** `https://<Host header>`: the origin the client addressed, or `fallback` without a Host header. */
export function requestOrigin(req: IncomingMessage, fallback: string): string {
  const host = req.headers.host;
  return host && /^[A-Za-z0-9.:[\]-]+$/.test(host) ? `https://${host}` : fallback;
}

// client_secret_basic: the client id and secret may come in the Authorization header (RFC 6749 §2.3.1).
function readForm(req: IncomingMessage, body: Buffer): URLSearchParams {
  const form = new URLSearchParams(body.toString('utf8'));
  const basic = /^Basic\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  if (basic) {
    const [id, secret] = Buffer.from(basic[1], 'base64')
      .toString('utf8')
      .split(':')
      .map(decodeURIComponent);
    if (id && !form.has('client_id')) form.set('client_id', id);
    if (secret && !form.has('client_secret')) form.set('client_secret', secret);
  }
  return form;
}
