import { describe, expect, it } from '@jest/globals';
import sodium from 'libsodium-wrappers';
import type { LocalCloud } from '../index.js';
import { requestCloud } from '../testing/cloud-client.js';
import { useLocalCloud } from '../testing/use-local-cloud.js';

const handle = useLocalCloud();
const REPO = '/repos/octo-org/octo-repo';

function api(path: string, init: { method?: string; body?: unknown; token?: string | null } = {}) {
  const { cloud } = handle;
  const token = init.token === undefined ? cloud.githubToken : init.token;
  return requestCloud(cloud, `${cloud.urls.githubApi}${path}`, {
    method: init.method,
    body: init.body,
    headers: token === null ? {} : { authorization: `Bearer ${token}` },
  });
}

async function seal(
  cloud: LocalCloud,
  publicKeyPath: string,
  value: string,
): Promise<{ encrypted_value: string; key_id: string }> {
  await sodium.ready;
  const key = (await api(publicKeyPath)).json<{ key: string; key_id: string }>();
  const sealed = sodium.crypto_box_seal(value, Buffer.from(key.key, 'base64'));
  return { encrypted_value: Buffer.from(sealed).toString('base64'), key_id: key.key_id };
}

describe('GitHub repository secrets', () => {
  it('creates a secret with 201 {}, updates it with 204, and stores the decrypted value', async () => {
    const { cloud } = handle;
    const created = await api(`${REPO}/actions/secrets/APP_SECRET`, {
      method: 'PUT',
      body: await seal(cloud, `${REPO}/actions/secrets/public-key`, 'first'),
    });
    expect([created.status, created.json()]).toEqual([201, {}]);
    const updated = await api(`${REPO}/actions/secrets/app_secret`, {
      method: 'PUT',
      body: await seal(cloud, `${REPO}/actions/secrets/public-key`, 'second'),
    });
    expect([updated.status, updated.text]).toEqual([204, '']);
    expect(
      cloud.github.secretValue(
        { scope: 'repository', owner: 'octo-org', repo: 'octo-repo' },
        'APP_SECRET',
      ),
    ).toBe('second');
    const got = (await api(`${REPO}/actions/secrets/APP_SECRET`)).json();
    expect(Object.keys(got).sort()).toEqual(['created_at', 'name', 'updated_at']);
    expect(got.name).toBe('APP_SECRET');
  });

  it('pages the secret list with a Link header', async () => {
    const { cloud } = handle;
    for (const name of ['PAGE_A', 'PAGE_B', 'PAGE_C']) {
      await api(`${REPO}/actions/secrets/${name}`, {
        method: 'PUT',
        body: await seal(cloud, `${REPO}/actions/secrets/public-key`, name),
      });
    }
    const res = await api(`${REPO}/actions/secrets?per_page=2`);
    expect(res.json().secrets).toHaveLength(2);
    expect(res.json().total_count).toBeGreaterThanOrEqual(3);
    expect(String(res.headers.link)).toContain('rel="next"');
  });

  it('refuses a value sealed with a stale key_id as an improperly encrypted secret (422)', async () => {
    const { cloud } = handle;
    const body = await seal(cloud, `${REPO}/actions/secrets/public-key`, 'value');
    cloud.github.state.rotateKey({ scope: 'repository', owner: 'octo-org', repo: 'octo-repo' });
    const res = await api(`${REPO}/actions/secrets/STALE`, { method: 'PUT', body });
    expect(res.status).toBe(422);
    expect(res.json()).toMatchObject({
      message: 'Bad request - validation failed due to an improperly encrypted secret',
      status: '422',
    });
  });

  it.each([
    {
      name: 'a value that is not base64',
      body: { encrypted_value: 'not base64!', key_id: '1' },
      message: /^Invalid request\.\n\nnot base64! does not match/,
    },
    {
      name: 'a missing key_id',
      body: { encrypted_value: 'c2VjcmV0' },
      message: /^Invalid request\.\n\n"key_id" wasn't supplied\.$/,
    },
  ])('answers 422 to $name', async ({ body, message }) => {
    const res = await api(`${REPO}/actions/secrets/BAD`, { method: 'PUT', body });
    expect(res.status).toBe(422);
    expect(res.json().message).toMatch(message);
  });

  it('deletes a secret with 204 and then answers 404', async () => {
    const { cloud } = handle;
    await api(`${REPO}/actions/secrets/GONE`, {
      method: 'PUT',
      body: await seal(cloud, `${REPO}/actions/secrets/public-key`, 'x'),
    });
    expect((await api(`${REPO}/actions/secrets/GONE`, { method: 'DELETE' })).status).toBe(204);
    expect((await api(`${REPO}/actions/secrets/GONE`)).status).toBe(404);
  });
});

describe('GitHub environment secrets', () => {
  it('gives each environment its own key pair and store', async () => {
    const { cloud } = handle;
    const repoKey = (await api(`${REPO}/actions/secrets/public-key`)).json();
    const envKey = (await api(`${REPO}/environments/production/secrets/public-key`)).json();
    expect(envKey.key).not.toBe(repoKey.key);
    expect(envKey.key_id).not.toBe(repoKey.key_id);
    const res = await api(`${REPO}/environments/production/secrets/ENV_ONLY`, {
      method: 'PUT',
      body: await seal(cloud, `${REPO}/environments/production/secrets/public-key`, 'env'),
    });
    expect(res.status).toBe(201);
    expect(
      cloud.github.secretValue(
        { scope: 'environment', owner: 'octo-org', repo: 'octo-repo', environment: 'production' },
        'ENV_ONLY',
      ),
    ).toBe('env');
    expect(
      cloud.github.secretValue(
        { scope: 'repository', owner: 'octo-org', repo: 'octo-repo' },
        'ENV_ONLY',
      ),
    ).toBeUndefined();
  });

  it('takes a URL-encoded environment name and 404s an unknown environment', async () => {
    const { cloud } = handle;
    cloud.github.state.addEnvironment('octo-org/octo-repo', 'prod/eu');
    expect((await api(`${REPO}/environments/prod%2Feu/secrets/public-key`)).status).toBe(200);
    expect((await api(`${REPO}/environments/nowhere/secrets/public-key`)).status).toBe(404);
  });
});

describe('GitHub authentication and authorization', () => {
  it('answers 403 "Resource not accessible by integration" to a GITHUB_TOKEN-like token', async () => {
    const res = await api(`${REPO}/actions/secrets/public-key`, {
      token: handle.cloud.workflowToken,
    });
    expect(res.status).toBe(403);
    expect(res.json()).toMatchObject({
      message: 'Resource not accessible by integration',
      status: '403',
    });
    expect(res.json().documentation_url).toMatch(
      /^https:\/\/docs\.github\.com\/rest\/actions\/secrets#/,
    );
  });

  it('answers 403 to a read-only token writing a secret', async () => {
    const { cloud } = handle;
    cloud.github.addToken('read-only', { secrets: 'read', variables: 'read' });
    const body = await seal(cloud, `${REPO}/actions/secrets/public-key`, 'x');
    expect(
      (await api(`${REPO}/actions/secrets/X`, { method: 'PUT', body, token: 'read-only' })).status,
    ).toBe(403);
  });

  it('answers 401 "Bad credentials" to an unknown token and "Requires authentication" without one', async () => {
    expect((await api(`${REPO}/actions/secrets`, { token: 'ghp_unknown' })).json()).toMatchObject({
      message: 'Bad credentials',
      status: '401',
    });
    expect((await api(`${REPO}/actions/secrets`, { token: null })).json().message).toBe(
      'Requires authentication',
    );
  });

  it('hides repositories a fine-grained token was not given (404)', async () => {
    const { cloud } = handle;
    cloud.github.addToken('other-only', {
      secrets: 'write',
      variables: 'write',
      repositories: ['octo-org/other-repo'],
    });
    expect((await api(REPO, { token: 'other-only' })).status).toBe(404);
    expect((await api('/repos/octo-org/other-repo', { token: 'other-only' })).json()).toMatchObject(
      { name: 'other-repo', full_name: 'octo-org/other-repo' },
    );
  });

  it('sends GitHub request-id and rate-limit headers and logs every request', async () => {
    const res = await api(REPO);
    expect(res.headers['x-github-request-id']).toMatch(/^[0-9A-F:]+$/);
    expect(Number(res.headers['x-ratelimit-remaining'])).toBeLessThan(5000);
    expect(handle.cloud.log.entries.at(-1)).toMatchObject({
      service: 'github',
      method: 'GET',
      path: REPO,
      status: 200,
    });
  });

  it('answers injected secondary rate limits with Retry-After', async () => {
    handle.cloud.faults.add({ service: 'github', method: 'PUT', status: 403, retryAfter: 2 });
    const res = await api(`${REPO}/actions/secrets/LIMITED`, {
      method: 'PUT',
      body: { encrypted_value: 'c2VjcmV0', key_id: '1' },
    });
    expect([res.status, res.headers['retry-after']]).toEqual([403, '2']);
  });
});

describe('GitHub organization secrets and variables', () => {
  it('stores an org secret visible to selected repositories and 409s selection changes for private ones', async () => {
    const { cloud } = handle;
    const repo = (await api(REPO)).json();
    const sealed = await seal(cloud, '/orgs/octo-org/actions/secrets/public-key', 'org-value');
    const put = await api('/orgs/octo-org/actions/secrets/ORG_SECRET', {
      method: 'PUT',
      body: { ...sealed, visibility: 'selected', selected_repository_ids: [repo.id] },
    });
    expect(put.status).toBe(201);
    expect(
      (await api('/orgs/octo-org/actions/secrets/ORG_SECRET/repositories')).json().repositories[0]
        .full_name,
    ).toBe('octo-org/octo-repo');
    expect(cloud.github.secretValue({ scope: 'organization', org: 'octo-org' }, 'ORG_SECRET')).toBe(
      'org-value',
    );
    const other = (await api('/repos/octo-org/other-repo')).json();
    expect(
      (
        await api(`/orgs/octo-org/actions/secrets/ORG_SECRET/repositories/${other.id}`, {
          method: 'PUT',
        })
      ).status,
    ).toBe(204);
    const resealed = await seal(cloud, '/orgs/octo-org/actions/secrets/public-key', 'org-value');
    expect(
      (
        await api('/orgs/octo-org/actions/secrets/ORG_SECRET', {
          method: 'PUT',
          body: { ...resealed, visibility: 'private' },
        })
      ).status,
    ).toBe(204);
    expect(
      (
        await api(`/orgs/octo-org/actions/secrets/ORG_SECRET/repositories/${other.id}`, {
          method: 'PUT',
        })
      ).status,
    ).toBe(409);
  });

  it('creates, reads, updates and deletes a repository variable', async () => {
    expect(
      (
        await api(`${REPO}/actions/variables`, {
          method: 'POST',
          body: { name: 'app_client_id', value: 'abc' },
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await api(`${REPO}/actions/variables`, {
          method: 'POST',
          body: { name: 'APP_CLIENT_ID', value: 'abc' },
        })
      ).status,
    ).toBe(409);
    expect((await api(`${REPO}/actions/variables/APP_CLIENT_ID`)).json()).toMatchObject({
      name: 'APP_CLIENT_ID',
      value: 'abc',
    });
    expect(
      (
        await api(`${REPO}/actions/variables/APP_CLIENT_ID`, {
          method: 'PATCH',
          body: { value: 'def' },
        })
      ).status,
    ).toBe(204);
    expect(
      handle.cloud.github.variableValue(
        { scope: 'repository', owner: 'octo-org', repo: 'octo-repo' },
        'APP_CLIENT_ID',
      ),
    ).toBe('def');
    expect(
      (await api(`${REPO}/actions/variables/APP_CLIENT_ID`, { method: 'DELETE' })).status,
    ).toBe(204);
  });

  it('creates an organization variable with its visibility', async () => {
    const res = await api('/orgs/octo-org/actions/variables', {
      method: 'POST',
      body: { name: 'ORG_TENANT_ID', value: 't', visibility: 'private' },
    });
    expect(res.status).toBe(201);
    expect((await api('/orgs/octo-org/actions/variables/ORG_TENANT_ID')).json()).toMatchObject({
      name: 'ORG_TENANT_ID',
      value: 't',
      visibility: 'private',
    });
    expect(
      handle.cloud.github.variableValue(
        { scope: 'organization', org: 'octo-org' },
        'ORG_TENANT_ID',
      ),
    ).toBe('t');
  });

  it('keeps environment variables apart from repository variables', async () => {
    expect(
      (
        await api(`${REPO}/environments/staging/variables`, {
          method: 'POST',
          body: { name: 'TENANT', value: 't' },
        })
      ).status,
    ).toBe(201);
    expect(
      handle.cloud.github.variableValue(
        { scope: 'environment', owner: 'octo-org', repo: 'octo-repo', environment: 'staging' },
        'TENANT',
      ),
    ).toBe('t');
    expect((await api(`${REPO}/actions/variables/TENANT`)).status).toBe(404);
  });
});
