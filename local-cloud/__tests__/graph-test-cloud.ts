// A plain-HTTP Graph fake on 127.0.0.1 for the Graph unit tests, with tokens that are just
// lookup keys for claims (the Entra fake's real JWT checks are not under test here).
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Faults } from '../faults.js';
import { createGraphHandler, type AccessClaims } from '../graph/handler.js';
import { RequestLog } from '../request-log.js';
import { seedFirstPartyResources } from '../seed/resources.js';
import { Tenant, type StoredServicePrincipal } from '../tenant.js';

/** A response as the tests read it. */
export interface TestResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: any;
  text: string;
}

/** Options of one test request. */
export interface RequestOptions {
  token?: string | null;
  body?: unknown;
  headers?: Record<string, string>;
}

/** A running Graph fake and its state. */
export interface TestGraph {
  baseUrl: string;
  tenant: Tenant;
  faults: Faults;
  log: RequestLog;
  clock: { now: number };
  /** token of a caller with Application.ReadWrite.All, AppRoleAssignment.ReadWrite.All and DelegatedPermissionGrant.ReadWrite.All */
  adminToken: string;
  /** Registers a caller service principal holding `roles` and returns its token and object id. */
  addCaller(roles: string[]): { token: string; oid: string };
  request(method: string, path: string, options?: RequestOptions): Promise<TestResponse>;
  close(): Promise<void>;
}

/** Starts a Graph fake with the first-party resources seeded. */
export async function startTestGraph(): Promise<TestGraph> {
  const tenant = new Tenant();
  seedFirstPartyResources(tenant);
  const faults = new Faults();
  const log = new RequestLog();
  const clock = { now: Date.parse('2026-09-01T10:00:00Z') };
  const tokens = new Map<string, AccessClaims>();
  const handler = createGraphHandler({
    tenant,
    faults,
    log,
    now: () => clock.now,
    authenticate: (authorization) =>
      tokens.get(authorization?.replace(/^Bearer\s+/i, '') ?? '') ?? null,
  });
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => void handler(req, res, Buffer.concat(chunks)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const addCaller = (roles: string[]) => {
    const sp = callerServicePrincipal(tenant);
    const token = randomUUID();
    tokens.set(token, {
      appid: sp.appId,
      oid: sp.id,
      tid: tenant.tenantId,
      roles,
      aud: 'https://graph.microsoft.com',
    });
    return { token, oid: sp.id };
  };
  const adminToken = addCaller([
    'Application.ReadWrite.All',
    'AppRoleAssignment.ReadWrite.All',
    'DelegatedPermissionGrant.ReadWrite.All',
  ]).token;

  const request = async (
    method: string,
    path: string,
    options: RequestOptions = {},
  ): Promise<TestResponse> => {
    const token = options.token === undefined ? adminToken : options.token;
    const headers: Record<string, string> = { ...options.headers };
    if (token) headers.authorization = `Bearer ${token}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // text/plain answers ($count) stay text
    }
    return {
      status: response.status,
      headers: Object.fromEntries(response.headers.entries()),
      body,
      text,
    };
  };

  return {
    baseUrl,
    tenant,
    faults,
    log,
    clock,
    adminToken,
    addCaller,
    request,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function callerServicePrincipal(tenant: Tenant): StoredServicePrincipal {
  const sp: StoredServicePrincipal = {
    id: randomUUID(),
    appId: randomUUID(),
    displayName: 'deployer',
    servicePrincipalType: 'Application',
    appOwnerOrganizationId: tenant.tenantId,
    tags: [],
    accountEnabled: true,
    appRoles: [],
    oauth2PermissionScopes: [],
    servicePrincipalNames: [],
    passwordCredentials: [],
    keyCredentials: [],
    owners: [],
    _createdAt: 0,
  };
  tenant.servicePrincipals.set(sp.id, sp);
  return sp;
}
