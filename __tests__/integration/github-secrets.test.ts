import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { useLocalCloud } from '@register-entra-app/local-cloud/testing';
import type { SecretTarget } from '../../src/github/secret-target.js';

// The client runs in a child process, as the action does on a runner: NODE_EXTRA_CA_CERTS is read
// only at start-up, and that is how it trusts the local cloud's HTTPS servers.
const clientModule = fileURLToPath(new URL('../../src/github/secrets-client.ts', import.meta.url));
const tsx = fileURLToPath(new URL('../../node_modules/tsx/dist/esm/index.mjs', import.meta.url));
const program = `
import { SecretsClient } from ${JSON.stringify(clientModule)};
const { baseUrl, token, target, calls } = JSON.parse(process.env.SECRETS_CALLS);
const client = new SecretsClient({ token, baseUrl, target, sleep: async () => {}, log: (l) => console.error(l) });
const results = [];
for (const [method, ...args] of calls) {
  try { results.push({ ok: true, value: await client[method](...args) }); }
  catch (e) { results.push({ ok: false, status: e.status, message: e.message }); }
}
process.stdout.write(JSON.stringify(results));
`;
interface CallResult {
  ok: boolean;
  value?: unknown;
  status?: number;
  message?: string;
}

const handle = useLocalCloud();
let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'secrets-client-'));
  writeFileSync(join(dir, 'client.mts'), program);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function runClient(
  target: SecretTarget,
  calls: unknown[][],
  token = handle.cloud.githubToken,
): Promise<CallResult[]> {
  const { cloud } = handle;
  const env = {
    ...process.env,
    NODE_EXTRA_CA_CERTS: cloud.caCertPath,
    SECRETS_CALLS: JSON.stringify({ baseUrl: cloud.urls.githubApi, token, target, calls }),
  };
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--import', tsx, join(dir, 'client.mts')],
      { env, timeout: 60_000 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`client failed: ${stderr}`, { cause: error }));
        else resolve(JSON.parse(stdout) as CallResult[]);
      },
    );
  });
}

const repository = { scope: 'repository', owner: 'octo-org', repo: 'octo-repo' } as const;
const production = {
  scope: 'environment',
  owner: 'octo-org',
  repo: 'octo-repo',
  environment: 'production',
} as const;

describe('SecretsClient against the local GitHub', () => {
  it('stores repository and environment secrets that decrypt to the values, and reads their metadata', async () => {
    const results = await runClient(repository, [
      ['readSecretMetadata', 'APP_SECRET'],
      ['writeSecret', 'APP_SECRET', 'repo-value ✓'],
      ['writeSecret', 'APP_SECRET', 'repo-value-2'],
      ['readSecretMetadata', 'APP_SECRET'],
    ]);
    expect(results.map((r) => r.ok)).toEqual([true, true, true, true]);
    expect(results[0].value).toMatchObject({ exists: false });
    expect(results.slice(1, 3).map((r) => r.value)).toEqual(['created', 'updated']);
    expect(results[3].value).toMatchObject({ name: 'APP_SECRET', exists: true });
    await expect(
      runClient(production, [['writeSecret', 'APP_SECRET', 'env-value']]),
    ).resolves.toEqual([{ ok: true, value: 'created' }]);
    expect(handle.cloud.github.secretValue(repository, 'APP_SECRET')).toBe('repo-value-2');
    expect(handle.cloud.github.secretValue(production, 'APP_SECRET')).toBe('env-value');
  });

  it('writes variables, creating then updating them', async () => {
    const results = await runClient(production, [
      ['writeVariable', 'APP_CLIENT_ID', 'id-1'],
      ['writeVariable', 'APP_CLIENT_ID', 'id-2'],
    ]);
    expect(results.map((r) => r.value)).toEqual(['created', 'updated']);
    expect(handle.cloud.github.variableValue(production, 'APP_CLIENT_ID')).toBe('id-2');
  });

  it('stores an organization secret for selected repositories', async () => {
    const target: SecretTarget = {
      scope: 'organization',
      org: 'octo-org',
      visibility: 'selected',
      selectedRepositories: ['octo-repo', 'octo-org/other-repo'],
    };
    await expect(runClient(target, [['writeSecret', 'ORG_SECRET', 'org-value']])).resolves.toEqual([
      { ok: true, value: 'created' },
    ]);
    const ids = ['octo-org/octo-repo', 'octo-org/other-repo'].map(
      (name) => handle.cloud.github.state.repository(name)?.id,
    );
    expect(
      handle.cloud.github.secretValue({ scope: 'organization', org: 'octo-org' }, 'ORG_SECRET'),
    ).toBe('org-value');
    expect(
      handle.cloud.github.secret({ scope: 'organization', org: 'octo-org' }, 'ORG_SECRET'),
    ).toMatchObject({ visibility: 'selected', selectedRepositoryIds: ids });
  });

  it('explains that GITHUB_TOKEN cannot write secrets', async () => {
    const [result] = await runClient(
      repository,
      [['writeSecret', 'APP_SECRET', 'x']],
      handle.cloud.workflowToken,
    );
    expect(result).toMatchObject({ ok: false, status: 403 });
    expect(result.message).toMatch(/GITHUB_TOKEN cannot write secrets.*"Secrets: read and write"/);
  });

  it('says that a missing environment may not exist', async () => {
    const [result] = await runClient({ ...production, environment: 'nope' }, [
      ['writeSecret', 'APP_SECRET', 'x'],
    ]);
    expect(result).toMatchObject({ ok: false, status: 404 });
    expect(result.message).toMatch(/the environment "nope" does not exist in octo-org\/octo-repo/);
  });

  it('retries a 503 and a 429 and then stores the secret', async () => {
    handle.cloud.faults.add({ service: 'github', method: 'PUT', path: /RETRIED$/, status: 503 });
    handle.cloud.faults.add({
      service: 'github',
      method: 'PUT',
      path: /RETRIED$/,
      status: 429,
      retryAfter: 1,
    });
    await expect(runClient(repository, [['writeSecret', 'RETRIED', 'v']])).resolves.toEqual([
      { ok: true, value: 'created' },
    ]);
    expect(handle.cloud.github.secretValue(repository, 'RETRIED')).toBe('v');
  });
});
