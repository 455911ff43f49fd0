// The Key Vault secrets data plane (set, get, list versions, update attributes) for the vaults of
// the local cloud. The vault is named by the Host header (<name>.vault.azure.net), as in Azure; the
// CONNECT proxy in proxy.ts brings the real host names to this server.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { decodeJwt } from '../jwt.js';
import type { VerifiedAccessToken } from '../entra-access-token.js';
import { toFaultResponse, type Faults } from '../faults.js';
import {
  badParameter,
  forbiddenByPolicy,
  forbiddenByRbac,
  secretDisabled,
  secretNotFound,
  unauthorized,
  vaultNotFound,
  type VaultReply,
} from './errors.js';
import { Vault, type SecretPermission, type StoredSecretVersion } from './state.js';

/** The token audience of each cloud's Key Vault, by DNS suffix of its vaults. */
export const VAULT_SUFFIXES: Record<string, string> = {
  'vault.azure.net': 'https://vault.azure.net',
  'vault.usgovcloudapi.net': 'https://vault.usgovcloudapi.net',
  'vault.azure.cn': 'https://vault.azure.cn',
};

const NAME = /^[0-9a-zA-Z-]{1,127}$/;

export interface KeyVaultOptions {
  tenantId: string;
  authenticate(authorization: string | undefined, audiences: string[]): VerifiedAccessToken | null;
  now(): number;
  /** For afterApply faults: the write is done, then the fault answers. */
  faults?: Faults;
}

/** The vaults and their HTTP handler. */
export class KeyVaultService {
  readonly vaults = new Map<string, Vault>();

  constructor(private readonly options: KeyVaultOptions) {}

  /** Creates (or returns) the vault `name`; RBAC unless said otherwise. */
  addVault(name: string, authorization: 'rbac' | 'access-policy' = 'rbac'): Vault {
    const existing = this.vaults.get(name.toLowerCase());
    if (existing) return existing;
    const vault = new Vault(name.toLowerCase(), authorization);
    this.vaults.set(vault.name, vault);
    return vault;
  }

  /** Whether a host name is one of this cloud's vaults, for the proxy. */
  servesHost(host: string): boolean {
    const parsed = parseHost(host);
    return parsed !== null && this.vaults.has(parsed.vault);
  }

  readonly handle = (req: IncomingMessage, res: ServerResponse, body: Buffer): void => {
    let reply = this.answer(req, body);
    const fault = this.options.faults?.takeAfterApply(req);
    if (fault?.resetConnection) {
      req.socket.destroy();
      return;
    }
    if (fault) reply = toFaultResponse('keyvault', fault);
    const text = reply.body === undefined ? '' : JSON.stringify(reply.body);
    res.writeHead(reply.status, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(text),
      'x-ms-keyvault-service-version': '1.9.0.0',
      'x-ms-request-id': crypto.randomUUID(),
      ...reply.headers,
    });
    res.end(text);
  };

  private answer(req: IncomingMessage, body: Buffer): VaultReply {
    const host = (req.headers.host ?? '').replace(/:\d+$/, '');
    const parsed = parseHost(host);
    const vault = parsed ? this.vaults.get(parsed.vault) : undefined;
    if (!parsed || !vault) return vaultNotFound(host);
    const url = new URL(req.url ?? '/', `https://${host}`);
    const token = this.authenticate(req.headers.authorization, parsed.audience);
    if ('status' in token) return token;
    if (!url.searchParams.get('api-version'))
      return badParameter('The api-version query parameter is required.');
    const [collection, name = '', third = ''] = url.pathname.split('/').filter(Boolean);
    if (collection !== 'secrets') return badParameter(`Unsupported path ${url.pathname}`);
    if (!NAME.test(name)) return badParameter(`The request URI contains an invalid name: ${name}`);
    const ctx = { vault, host, token, name, now: this.options.now() };
    const route = `${req.method} ${third === 'versions' ? 'versions' : third ? 'version' : 'current'}`;
    switch (route) {
      case 'PUT current':
        return guard(ctx, 'set') ?? setSecret(ctx, parseBody(body));
      case 'GET current':
      case 'GET version':
        return guard(ctx, 'get') ?? getSecret(ctx, third);
      case 'GET versions':
        return guard(ctx, 'list') ?? listVersions(ctx);
      case 'PATCH version':
      case 'PATCH current':
        return guard(ctx, 'set') ?? updateSecret(ctx, third, parseBody(body));
      default:
        return { status: 405, body: { error: { code: 'MethodNotAllowed', message: route } } };
    }
  }

  private authenticate(
    authorization: string | undefined,
    audience: string,
  ): VerifiedAccessToken | VaultReply {
    const { tenantId } = this.options;
    if (!authorization)
      return unauthorized(
        tenantId,
        audience,
        'AKV10000: Request is missing a Bearer or PoP token.',
      );
    const verified = this.options.authenticate(authorization, [audience]);
    if (verified) return verified;
    const jwt = decodeJwt(authorization.replace(/^Bearer\s+/i, ''));
    const aud = jwt?.payload.aud;
    return unauthorized(
      tenantId,
      audience,
      aud && aud !== audience
        ? `AKV10022: Invalid audience. Expected ${audience}, found: ${String(aud)}.`
        : 'AKV10032: Invalid issuer, signature or lifetime of the token.',
    );
  }
}

interface Context {
  vault: Vault;
  host: string;
  token: VerifiedAccessToken;
  name: string;
  now: number;
}

function parseHost(host: string): { vault: string; audience: string } | null {
  const lower = host.toLowerCase();
  for (const [suffix, audience] of Object.entries(VAULT_SUFFIXES)) {
    if (lower.endsWith(`.${suffix}`))
      return { vault: lower.slice(0, -suffix.length - 1), audience };
  }
  return null;
}

function guard(ctx: Context, permission: SecretPermission): VaultReply | null {
  const { vault, token } = ctx;
  if (vault.allows(token.oid, permission)) return null;
  const identity = {
    name: vault.name,
    location: 'westeurope',
    resourceId: `/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-apps/providers/Microsoft.KeyVault/vaults/${vault.name}`,
  };
  return vault.authorization === 'rbac'
    ? forbiddenByRbac(identity, token, permission, ctx.name)
    : forbiddenByPolicy(identity, token, permission);
}

function parseBody(body: Buffer): Record<string, unknown> {
  try {
    const parsed = JSON.parse(body.toString('utf8') || '{}') as unknown;
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function setSecret(ctx: Context, body: Record<string, unknown>): VaultReply {
  if (typeof body.value !== 'string')
    return badParameter('Property value is required and must be a string.');
  const attributes = (body.attributes ?? {}) as Record<string, unknown>;
  const tags = (body.tags ?? {}) as Record<string, string>;
  if (Object.keys(tags).length > 15) return badParameter('A secret can have at most 15 tags.');
  const version = ctx.vault.addVersion(
    ctx.name,
    {
      value: body.value,
      contentType: typeof body.contentType === 'string' ? body.contentType : null,
      tags,
      enabled: attributes.enabled !== false,
      nbf: typeof attributes.nbf === 'number' ? attributes.nbf : null,
      exp: typeof attributes.exp === 'number' ? attributes.exp : null,
    },
    ctx.now,
  );
  return { status: 200, body: toBundle(ctx, version, true) };
}

function getSecret(ctx: Context, versionId: string): VaultReply {
  const version = ctx.vault.find(ctx.name, versionId);
  if (!version) return secretNotFound(versionId ? `${ctx.name}/${versionId}` : ctx.name);
  if (!version.enabled) return secretDisabled('get');
  return { status: 200, body: toBundle(ctx, version, true) };
}

function listVersions(ctx: Context): VaultReply {
  const versions = ctx.vault.versions(ctx.name);
  if (versions.length === 0) return secretNotFound(ctx.name);
  return {
    status: 200,
    body: { value: versions.map((v) => toBundle(ctx, v, false)), nextLink: null },
  };
}

function updateSecret(ctx: Context, versionId: string, body: Record<string, unknown>): VaultReply {
  const version = ctx.vault.find(ctx.name, versionId);
  if (!version) return secretNotFound(versionId ? `${ctx.name}/${versionId}` : ctx.name);
  const attributes = (body.attributes ?? {}) as Record<string, unknown>;
  if (typeof attributes.enabled === 'boolean') version.enabled = attributes.enabled;
  if (typeof attributes.exp === 'number') version.exp = attributes.exp;
  if (typeof attributes.nbf === 'number') version.nbf = attributes.nbf;
  if (typeof body.contentType === 'string') version.contentType = body.contentType;
  if (body.tags && typeof body.tags === 'object')
    version.tags = body.tags as Record<string, string>;
  version.updated = Math.floor(ctx.now / 1000);
  return { status: 200, body: toBundle(ctx, version, false) };
}

function toBundle(ctx: Context, v: StoredSecretVersion, withValue: boolean): unknown {
  return {
    ...(withValue ? { value: v.value } : {}),
    ...(v.contentType ? { contentType: v.contentType } : {}),
    id: `https://${ctx.host}/secrets/${ctx.name}/${v.version}`,
    attributes: {
      enabled: v.enabled,
      ...(v.nbf !== null ? { nbf: v.nbf } : {}),
      ...(v.exp !== null ? { exp: v.exp } : {}),
      created: v.created,
      updated: v.updated,
      recoveryLevel: 'Recoverable+Purgeable',
      recoverableDays: 90,
    },
    tags: v.tags,
  };
}
