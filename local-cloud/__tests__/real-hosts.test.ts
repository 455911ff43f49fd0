// Real-hosts mode on an ephemeral port: the test process resolves every name to 127.0.0.1 through
// its agent's `lookup`, as the private hosts file does for the conformance suite's clients.
import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { Agent, request } from 'node:https';
import type { LookupFunction } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { checkRealHostsPrivilege, writeCloudDescription } from '../cloud-description.js';
import { MANAGEMENT_APP_ID } from '../seed/management-api.js';
import { parseCloudArguments } from '../start.js';
import { useLocalCloud } from '../testing/use-local-cloud.js';

const handle = useLocalCloud({ realHosts: { port: 0 } });

const toLoopback: LookupFunction = (_host, options, callback) => {
  if (options.all) callback(null, [{ address: '127.0.0.1', family: 4 }]);
  else callback(null, '127.0.0.1', 4);
};

interface Answer {
  subjectAltName: string;
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: any;
}

/** Sends a request to `https://<host>:<port><path>` over the real-hosts listener. */
function send(
  host: string,
  path: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Answer> {
  const { cloud } = handle;
  const agent = new Agent({ ca: cloud.caCertPem, lookup: toLoopback, keepAlive: false });
  const url = `https://${host}:${cloud.realHosts?.port}${path}`;
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: init.method ?? 'GET', headers: init.headers, agent, servername: host },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown = text;
          try {
            body = JSON.parse(text);
          } catch {
            // not JSON
          }
          // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment -- an https response's socket is a TLSSocket
          const socket = res.socket as TLSSocket;
          const subjectAltName = socket.getPeerCertificate().subjectaltname ?? '';
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body, subjectAltName });
        });
      },
    );
    req.on('error', reject);
    req.end(init.body);
  });
}

async function fetchToken(scope: string, secret: string): Promise<string> {
  const { cloud } = handle;
  const form = new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: cloud.deployer.clientId,
    client_secret: secret,
    scope,
  });
  const answer = await send(
    'login.microsoftonline.com',
    `/${cloud.tenant.tenantId}/oauth2/v2.0/token`,
    {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
    },
  );
  expect(answer.status).toBe(200);
  return answer.body.access_token as string;
}

describe('real-hosts mode', () => {
  it('serves each real host name over TLS that verifies against the cloud CA', async () => {
    for (const host of [
      'login.microsoftonline.com',
      'graph.microsoft.com',
      'management.azure.com',
    ]) {
      // The agent checks the certificate's names against `host`: a handshake proves it covers it.
      const answer = await send(host, '/');
      expect(answer.status).not.toBe(421);
      expect(answer.subjectAltName).toContain(`DNS:${host}`);
    }
  });

  it('names the host the client used in Entra discovery documents', async () => {
    const { cloud } = handle;
    const origin = `https://login.microsoftonline.com:${cloud.realHosts?.port}`;
    const config = await send(
      'login.microsoftonline.com',
      `/${cloud.tenant.tenantId}/v2.0/.well-known/openid-configuration`,
    );
    expect(config.status).toBe(200);
    expect(config.body.token_endpoint).toBe(`${origin}/${cloud.tenant.tenantId}/oauth2/v2.0/token`);
    expect(config.body.issuer).toBe(`${origin}/${cloud.tenant.tenantId}/v2.0`);
    expect(config.body.msgraph_host).toBe('graph.microsoft.com');
    const instance = await send(
      'login.microsoftonline.com',
      `/common/discovery/instance?api-version=1.1&authorization_endpoint=${encodeURIComponent(`${origin}/common/oauth2/v2.0/authorize`)}`,
    );
    expect(instance.body.tenant_discovery_endpoint).toBe(
      `${origin}/common/v2.0/.well-known/openid-configuration`,
    );
    expect(instance.body.metadata[0].aliases).toEqual([new URL(origin).host]);
  });

  it('names graph.microsoft.com in @odata.context, @odata.nextLink and Location', async () => {
    const { cloud } = handle;
    const token = await fetchToken(
      'https://graph.microsoft.com/.default',
      cloud.addDeployerSecret(),
    );
    const graph = `https://graph.microsoft.com:${cloud.realHosts?.port}/v1.0`;
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const list = await send('graph.microsoft.com', '/v1.0/servicePrincipals?$top=1&$select=appId', {
      headers,
    });
    expect(list.status).toBe(200);
    expect(list.body['@odata.context']).toBe(`${graph}/$metadata#servicePrincipals(appId)`);
    expect(list.body['@odata.nextLink']).toMatch(
      new RegExp(`^${graph.replace(/\./g, '\\.')}/servicePrincipals\\?`),
    );
    const created = await send('graph.microsoft.com', '/v1.0/applications', {
      method: 'POST',
      headers,
      body: JSON.stringify({ displayName: 'Real hosts' }),
    });
    expect(created.status).toBe(201);
    expect(created.headers.location).toBe(
      `${graph}/directoryObjects/${created.body.id}/Microsoft.DirectoryServices.Application`,
    );
  });

  it('answers 421 for a host it does not stand in for', async () => {
    const { cloud } = handle;
    const agentHost = 'graph.microsoft.com';
    const answer = await send(agentHost, '/v1.0/applications', {
      headers: { host: `example.com:${cloud.realHosts?.port}` },
    });
    expect(answer.status).toBe(421);
    expect(answer.body.error_description).toContain('login.microsoftonline.com');
  });

  it('seeds the Windows Azure Service Management API and issues tokens for it', async () => {
    const { cloud } = handle;
    const sp = cloud.tenant.servicePrincipalByAppId(MANAGEMENT_APP_ID);
    expect(sp?.displayName).toBe('Windows Azure Service Management API');
    const token = await fetchToken(
      'https://management.core.windows.net//.default',
      cloud.addDeployerSecret(),
    );
    const claims = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'));
    expect(claims.aud).toMatch(/^https:\/\/management\.core\.windows\.net\/?$/);
  });

  it('answers GET /subscriptions (none) and GET /tenants (one) on management.azure.com', async () => {
    const { cloud } = handle;
    const token = await fetchToken(
      'https://management.core.windows.net//.default',
      cloud.addDeployerSecret(),
    );
    const headers = { authorization: `Bearer ${token}` };
    const subscriptions = await send(
      'management.azure.com',
      '/subscriptions?api-version=2022-12-01',
      {
        headers,
      },
    );
    expect(subscriptions.status).toBe(200);
    expect(subscriptions.body.value).toEqual([]);
    const tenants = await send('management.azure.com', '/tenants?api-version=2022-12-01', {
      headers,
    });
    expect(tenants.body.value).toEqual([
      expect.objectContaining({
        tenantId: cloud.tenant.tenantId,
        defaultDomain: cloud.tenant.domain,
      }),
    ]);
  });

  it('refuses management calls without a management token', async () => {
    const { cloud } = handle;
    const graphToken = await fetchToken(
      'https://graph.microsoft.com/.default',
      cloud.addDeployerSecret(),
    );
    const answer = await send('management.azure.com', '/subscriptions?api-version=2022-12-01', {
      headers: { authorization: `Bearer ${graphToken}` },
    });
    expect(answer.status).toBe(401);
    expect(answer.body.error.code).toBe('InvalidAuthenticationToken');
  });

  it('writes cloud.json with what clients need, readable only by its owner', () => {
    const { cloud } = handle;
    const dir = mkdtempSync(join(tmpdir(), 'rea-cloud-json-'));
    const path = writeCloudDescription(cloud, dir);
    expect(statSync(path).mode & 0o077).toBe(0);
    const description = JSON.parse(readFileSync(path, 'utf8'));
    expect(description).toMatchObject({
      tenantId: cloud.tenant.tenantId,
      deployerClientId: cloud.deployer.clientId,
      githubApiUrl: cloud.urls.githubApi,
      githubToken: cloud.githubToken,
      idTokenRequestUrl: cloud.oidc.requestUrl(),
    });
    expect(description.idTokenRequestToken).toEqual(expect.any(String));
    const app = cloud.tenant.applicationByAppId(cloud.deployer.clientId);
    expect(app?.passwordCredentials.map((c) => c._secret)).toContain(
      description.deployerClientSecret,
    );
    expect(readFileSync(description.caCertPath, 'utf8')).toBe(cloud.caCertPem);
    expect(readFileSync(description.hostsFilePath, 'utf8')).toMatch(
      /^127\.0\.0\.1 .*login\.microsoftonline\.com graph\.microsoft\.com management\.azure\.com$/m,
    );
  });
});

describe('npm run cloud -- --real-hosts', () => {
  it('reads --real-hosts and --port', () => {
    expect(parseCloudArguments(['--real-hosts']).realHosts).toEqual({ port: undefined });
    expect(parseCloudArguments(['--real-hosts', '--port=8443']).realHosts).toEqual({ port: 8443 });
    expect(() => parseCloudArguments(['--port=8443'])).toThrow(/add --real-hosts/);
  });

  it('says it needs root, and why, for port 443 without root', () => {
    const message = checkRealHostsPrivilege({ realHosts: {} }, 1000);
    expect(message).toMatch(/needs root/);
    expect(message).toMatch(/443/);
    expect(message).toMatch(/never edits \/etc\/hosts/);
    expect(checkRealHostsPrivilege({ realHosts: {} }, 0)).toBeUndefined();
    expect(checkRealHostsPrivilege({ realHosts: { port: 8443 } }, 1000)).toBeUndefined();
  });
});
