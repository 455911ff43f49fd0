// Self-hosted runners behind a corporate proxy: every request of a run goes through the CONNECT
// proxy HTTPS_PROXY names, and hosts in NO_PROXY are reached directly. The local cloud records the
// source port of every connection it accepts; the proxy records the source port of every tunnel it
// opens, so "all traffic went through the proxy" is checked connection by connection.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { LocalCloud } from '@register-entra-app/local-cloud';
import {
  startConnectProxy,
  type ConnectProxy,
  useLocalCloud,
} from '@register-entra-app/local-cloud/testing';
import { userReadAllProfile } from '../fixtures/inline-profile.js';
import { runAction } from '@register-entra-app/local-cloud/runner';
import { REPOSITORY } from './checks/tenant-checks.js';

const handle = useLocalCloud();
let proxy: ConnectProxy;

beforeEach(async () => {
  proxy = await startConnectProxy({ credentials: { user: 'runner', password: 'proxy-pass' } });
});
afterEach(async () => {
  await proxy.close();
});

/** The cloud's accepted connections, split by whether a proxy tunnel opened them. */
function splitConnections(cloud: LocalCloud): {
  tunnelled: Set<string>;
  direct: Set<string>;
} {
  const tunnelPorts = new Set(proxy.tunnels.map((t) => t.upstreamPort));
  const tunnelled = new Set<string>();
  const direct = new Set<string>();
  for (const c of cloud.log.connections)
    (tunnelPorts.has(c.remotePort) ? tunnelled : direct).add(c.service);
  return { tunnelled, direct };
}

describe('a run behind a proxy', () => {
  it('sends every request of the run (OIDC token, sign-in, Graph, GitHub, credential check) through HTTPS_PROXY, trusting NODE_EXTRA_CA_CERTS inside the tunnels', async () => {
    const { cloud } = handle;
    const result = await runAction(
      cloud,
      { app: userReadAllProfile('proxy-probe', 'type: secret'), 'secret-name': 'PROXY_PROBE' },
      { env: { HTTPS_PROXY: proxy.url } },
    );
    expect(result.code).toBe(0);
    expect(result.outputs.verified).toBe('true');
    expect(cloud.github.secretValue(REPOSITORY, 'PROXY_PROBE')).toBeDefined();

    // Every connection any service accepted came out of a proxy tunnel; none came directly.
    expect(cloud.log.connections.length).toBeGreaterThan(0);
    const { tunnelled, direct } = splitConnections(cloud);
    expect([...direct]).toEqual([]);
    expect([...tunnelled].sort()).toEqual(['entra', 'github', 'graph', 'oidc']);
    // The credential check is a second token request to Entra, after the deployer's sign-in.
    expect(cloud.log.entries.filter((e) => e.service === 'entra').length).toBeGreaterThanOrEqual(2);
    // The proxy was asked only to tunnel, with the credentials from the proxy URL.
    expect(proxy.refused).toEqual([]);
    expect(proxy.tunnels.every((t) => t.proxyAuthorization?.startsWith('Basic '))).toBe(true);
    // The log names the proxy without its password.
    expect(result.stdout).toMatch(
      /Proxy: https:\/\/ through http:\/\/runner:\*\*\*@127\.0\.0\.1:\d+\./,
    );
    expect(result.log).not.toContain('proxy-pass');
  });

  it('reaches a NO_PROXY host directly and everything else through the proxy', async () => {
    const { cloud } = handle;
    // GitHub's API by a host name that no_proxy lists; Entra, Graph and the OIDC issuer by 127.0.0.1.
    const githubApi = cloud.urls.githubApi.replace('127.0.0.1', 'localhost');
    const result = await runAction(
      cloud,
      { app: userReadAllProfile('proxy-bypass', 'type: secret'), 'secret-name': 'PROXY_BYPASS' },
      {
        env: {
          https_proxy: proxy.url,
          no_proxy: 'example.com, localhost',
          GITHUB_API_URL: githubApi,
        },
      },
    );
    expect(result.code).toBe(0);
    const { tunnelled, direct } = splitConnections(cloud);
    expect([...direct]).toEqual(['github']);
    expect([...tunnelled].sort()).toEqual(['entra', 'graph', 'oidc']);
    expect(proxy.tunnels.some((t) => t.target.startsWith('localhost'))).toBe(false);
    expect(result.stdout).toContain('direct for example.com, localhost.');
  });

  it('refuses a proxy variable that is not a URL before any request', async () => {
    const { cloud } = handle;
    const result = await runAction(
      cloud,
      { app: userReadAllProfile('proxy-invalid', 'type: secret'), 'secret-name': 'PROXY_INVALID' },
      { env: { HTTPS_PROXY: 'http://runner:secret-pass@proxy host:8080' } },
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("Invalid HTTPS_PROXY 'http://runner:***@proxy host:8080'");
    expect(result.log).not.toContain('secret-pass');
    expect(cloud.log.connections).toEqual([]);
    expect(proxy.tunnels).toEqual([]);
  });
});
