// Sign-in and Graph reads in a child process that trusts the local cloud through NODE_EXTRA_CA_CERTS,
// the way the bundled action runs on a runner.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { useLocalCloud } from '@register-entra-app/local-cloud/testing';

const handle = useLocalCloud();
const CHILD = fileURLToPath(new URL('./graph-sign-in-child.ts', import.meta.url));

function runChild(
  env: Record<string, string>,
): Promise<{ ok: boolean; name?: string; message?: string; [k: string]: unknown }> {
  const inputs = handle.cloud.actionInputs();
  const args = [
    '--import',
    'tsx',
    CHILD,
    inputs['tenant-id'],
    inputs['client-id'],
    inputs['authority-host'],
    inputs['graph-endpoint'],
  ];
  const childEnv = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env };
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { env: childEnv, timeout: 60_000 }, (err, stdout, stderr) => {
      const line = stdout.trim().split('\n').pop();
      if (!line) return reject(new Error(`child printed nothing: ${stderr || err?.message}`));
      resolve(JSON.parse(line));
    });
  });
}

describe('sign-in with GitHub OIDC against the local cloud', () => {
  it('signs in and reads the tenant in one $batch when the app does not exist', async () => {
    const result = await runChild(handle.cloud.runnerEnv());
    expect(result).toMatchObject({
      ok: true,
      application: null,
      graph: 'Microsoft Graph',
      stats: { roundTrips: 1 },
    });
  });

  it('says which subject the token carried when no federated credential matches', async () => {
    const env = handle.cloud.runnerEnv({
      claims: { sub: 'repo:octo-org/octo-repo:ref:refs/heads/feature' },
    });
    const result = await runChild(env);
    expect(result.ok).toBe(false);
    expect(result.name).toBe('AuthError');
    expect(result.message).toMatch(
      /^Sign-in to Entra ID failed \(AADSTS70021\d?\): no federated credential/,
    );
    expect(result.message).toContain("subject 'repo:octo-org/octo-repo:ref:refs/heads/feature'");
    expect(result.message).toContain('case-sensitive');
    expect(result.message).not.toMatch(/eyJ[\w-]+\.eyJ/);
  });

  it('asks for id-token: write when the job has no OIDC token', async () => {
    const {
      ACTIONS_ID_TOKEN_REQUEST_URL: _u,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: _t,
      ...env
    } = handle.cloud.runnerEnv();
    const result = await runChild(env);
    expect(result).toMatchObject({ ok: false, name: 'AuthError' });
    expect(result.message).toContain('permissions: id-token: write');
  });
});
