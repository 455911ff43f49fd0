import { describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { requestCloud } from '../testing/cloud-client.js';
import { useLocalCloud } from '../testing/use-local-cloud.js';

const handle = useLocalCloud();
const REPO = '/repos/octo-org/octo-repo';

function api(path: string, init: { method?: string; body?: unknown; token?: string } = {}) {
  const { cloud } = handle;
  return requestCloud(cloud, `${cloud.urls.githubApi}${path}`, {
    method: init.method,
    body: init.body,
    headers: { authorization: `Bearer ${init.token ?? cloud.githubToken}` },
  });
}

describe('GitHub environments', () => {
  it('answers 404 for a missing environment, creates it with PUT and then returns it', async () => {
    expect((await api(`${REPO}/environments/entra%20admin`)).status).toBe(404);
    const created = await api(`${REPO}/environments/entra%20admin`, { method: 'PUT' });
    expect(created.status).toBe(200);
    expect(created.json()).toMatchObject({ name: 'entra admin', protection_rules: [] });
    const read = await api(`${REPO}/environments/entra%20admin`);
    expect(read.json<{ id: number }>().id).toBe(created.json<{ id: number }>().id);
  });

  it('refuses to create an environment with a token without administration permission', async () => {
    const { cloud } = handle;
    const answer = await api(`${REPO}/environments/prod2`, {
      method: 'PUT',
      token: cloud.workflowToken,
    });
    expect(answer.status).toBe(403);
  });
});

describe('GitHub contents', () => {
  const path = `${REPO}/contents/.github/workflows/app.yml`;
  const content = (text: string) => Buffer.from(text).toString('base64');

  it('creates a file (201), returns it with its blob sha, and updates it only with that sha', async () => {
    const created = await api(path, {
      method: 'PUT',
      body: { message: 'add', content: content('one\n') },
    });
    expect(created.status).toBe(201);
    const read = (await api(`${path}?ref=main`)).json<{ sha: string; content: string }>();
    expect(read.sha).toBe(createHash('sha1').update('blob 4\0one\n').digest('hex'));
    expect(Buffer.from(read.content, 'base64').toString()).toBe('one\n');
    const withoutSha = await api(path, {
      method: 'PUT',
      body: { message: 'x', content: content('two\n') },
    });
    expect(withoutSha.status).toBe(422);
    const stale = await api(path, {
      method: 'PUT',
      body: { message: 'x', content: content('two\n'), sha: 'f'.repeat(40) },
    });
    expect(stale.status).toBe(409);
    const updated = await api(path, {
      method: 'PUT',
      body: { message: 'x', content: content('two\n'), sha: read.sha },
    });
    expect(updated.status).toBe(200);
  });

  it('hides workflow files from a token without the workflow scope behind a 404', async () => {
    const { cloud } = handle;
    const token = 'github_pat_no_workflow_scope';
    cloud.github.addToken(token, { secrets: 'none', variables: 'none', contents: 'write' });
    const denied = await api(`${REPO}/contents/.github/workflows/other.yml`, {
      method: 'PUT',
      body: { message: 'add', content: content('x') },
      token,
    });
    expect(denied.status).toBe(404);
    const allowed = await api(`${REPO}/contents/docs/readme.md`, {
      method: 'PUT',
      body: { message: 'add', content: content('x') },
      token,
    });
    expect(allowed.status).toBe(201);
  });

  it('answers 404 for a branch that does not exist', async () => {
    const answer = await api(path, {
      method: 'PUT',
      body: { message: 'add', content: content('x'), branch: 'nope' },
    });
    expect([answer.status, answer.json<{ message: string }>().message]).toEqual([
      404,
      'Branch nope not found',
    ]);
  });
});

describe('GitHub OIDC subject customization', () => {
  it('reports the default template, and the immutable prefix once the repository opts in', async () => {
    const { cloud } = handle;
    const repo = cloud.github.state.repository('octo-org/octo-repo')!;
    expect((await api(`${REPO}/actions/oidc/customization/sub`)).json()).toEqual({
      use_default: true,
      use_immutable_subject: false,
      sub_claim_prefix: 'repo:octo-org/octo-repo',
    });
    const set = await api(`${REPO}/actions/oidc/customization/sub`, {
      method: 'PUT',
      body: { use_default: true, use_immutable_subject: true },
    });
    expect(set.status).toBe(201);
    const prefix = `repo:octo-org@${repo.owner.id}/octo-repo@${repo.id}`;
    expect((await api(`${REPO}/actions/oidc/customization/sub`)).json()).toMatchObject({
      use_immutable_subject: true,
      sub_claim_prefix: prefix,
    });
    expect(cloud.oidc.jobClaims({ environment: 'prod' }).sub).toBe(`${prefix}:environment:prod`);
  });

  it('refuses a body without use_default', async () => {
    const answer = await api(`${REPO}/actions/oidc/customization/sub`, { method: 'PUT', body: {} });
    expect(answer.status).toBe(422);
  });
});
