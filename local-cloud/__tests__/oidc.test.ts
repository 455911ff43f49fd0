import { describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { createPublicKey, verify } from 'node:crypto';
import { decodeJwt } from '../jwt.js';
import { requestCloud } from '../testing/cloud-client.js';
import { REPO_ROOT } from '../runner/index.js';
import { useLocalCloud } from '../testing/use-local-cloud.js';

const handle = useLocalCloud();

async function fetchIdToken(
  requestToken: string,
  audience?: string,
): Promise<{ status: number; token?: string }> {
  const { cloud } = handle;
  const url = `${cloud.oidc.requestUrl()}${audience ? `&audience=${encodeURIComponent(audience)}` : ''}`;
  const res = await requestCloud(cloud, url, {
    headers: { authorization: `Bearer ${requestToken}` },
  });
  return {
    status: res.status,
    token: res.status === 200 ? res.json<{ value: string }>().value : undefined,
  };
}

describe('GitHub OIDC issuer', () => {
  it.each([
    {
      name: 'branch push',
      claims: {},
      sub: 'repo:octo-org/octo-repo:ref:refs/heads/main',
      refType: 'branch',
    },
    {
      name: 'environment',
      claims: { environment: 'production' },
      sub: 'repo:octo-org/octo-repo:environment:production',
      refType: 'branch',
    },
    {
      name: 'pull request',
      claims: { event_name: 'pull_request', ref: 'refs/pull/7/merge' },
      sub: 'repo:octo-org/octo-repo:pull_request',
      refType: 'branch',
    },
    {
      name: 'tag',
      claims: { ref: 'refs/tags/v1.2.0' },
      sub: 'repo:octo-org/octo-repo:ref:refs/tags/v1.2.0',
      refType: 'tag',
    },
    {
      name: 'explicit subject',
      claims: { sub: 'repo:octo-org/octo-repo:ref:refs/heads/feature' },
      sub: 'repo:octo-org/octo-repo:ref:refs/heads/feature',
      refType: 'branch',
    },
  ])('issues the subject GitHub uses for a $name', async ({ claims, sub, refType }) => {
    const { token } = await fetchIdToken(
      handle.cloud.oidc.issueRequestToken(claims),
      'api://AzureADTokenExchange',
    );
    const payload = decodeJwt(token!)!.payload;
    expect(payload).toMatchObject({
      sub,
      ref_type: refType,
      aud: 'api://AzureADTokenExchange',
      iss: handle.cloud.urls.oidcIssuer,
      repository: 'octo-org/octo-repo',
      repository_owner: 'octo-org',
    });
    expect(Number(payload.exp) - Number(payload.iat)).toBe(300);
  });

  it('defaults the audience to the repository owner URL', async () => {
    const { token } = await fetchIdToken(handle.cloud.oidc.issueRequestToken());
    expect(decodeJwt(token!)!.payload.aud).toBe('https://github.com/octo-org');
  });

  it('signs with a key published in its JWKS, found through its discovery document', async () => {
    const { cloud } = handle;
    const discovery = (
      await requestCloud(cloud, `${cloud.urls.oidcIssuer}/.well-known/openid-configuration`)
    ).json();
    expect(discovery.issuer).toBe(cloud.urls.oidcIssuer);
    const jwks = (await requestCloud(cloud, discovery.jwks_uri)).json<{
      keys: Array<Record<string, string>>;
    }>();
    const { token } = await fetchIdToken(
      cloud.oidc.issueRequestToken(),
      'api://AzureADTokenExchange',
    );
    const jwt = decodeJwt(token!)!;
    const jwk = jwks.keys.find((k) => k.kid === jwt.header.kid)!;
    const key = createPublicKey({ key: jwk, format: 'jwk' });
    expect(jwt.header.alg).toBe('RS256');
    expect(verify('sha256', Buffer.from(jwt.signingInput), key, jwt.signature)).toBe(true);
  });

  it('answers 401 to an unknown or missing request token', async () => {
    expect((await fetchIdToken('not-a-registered-token')).status).toBe(401);
    const res = await requestCloud(handle.cloud, handle.cloud.oidc.requestUrl());
    expect(res.status).toBe(401);
  });

  it('serves @actions/core getIDToken in a child process that trusts the CA via NODE_EXTRA_CA_CERTS', async () => {
    const env = {
      PATH: process.env.PATH ?? '',
      ...handle.cloud.runnerEnv({ claims: { environment: 'staging' } }),
    };
    const script =
      "import('@actions/core').then((core) => core.getIDToken('api://AzureADTokenExchange')).then((t) => process.stdout.write('\\nTOKEN=' + t))";
    const token = await new Promise<string>((resolve, reject) => {
      execFile(
        process.execPath,
        ['-e', script],
        { env, cwd: REPO_ROOT },
        (error, stdout, stderr) => (error ? reject(new Error(stderr)) : resolve(stdout)),
      );
    });
    // getIDToken also prints ::add-mask:: for the token, as on a runner.
    expect(token).toContain('::add-mask::');
    expect(decodeJwt(token.split('TOKEN=')[1])!.payload.sub).toBe(
      'repo:octo-org/octo-repo:environment:staging',
    );
    expect(handle.cloud.log.count('oidc')).toBe(1);
  });
});
