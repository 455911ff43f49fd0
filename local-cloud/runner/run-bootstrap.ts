// Runs the bundled bootstrap (node dist/bootstrap.js) as an administrator would, signed in with
// the local cloud's administrator app through the environment credential variables.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { LocalCloud } from '../index.js';
import { REPO_ROOT } from './action-runner.js';
import { spawnAction } from './run-action.js';

/** What a bootstrap run left behind. */
export interface BootstrapResult {
  code: number;
  stdout: string;
  stderr: string;
  log: string;
}

/**
 * The environment the bootstrap signs in with as the local cloud's administrator app (environment
 * credential variables), trusting the cloud's CA and talking to its GitHub.
 */
export function toBootstrapEnv(cloud: LocalCloud): Record<string, string> {
  const administrator = cloud.administrator;
  if (!administrator) throw new Error('Start the local cloud with { administrator: true }.');
  return {
    NODE_EXTRA_CA_CERTS: cloud.caCertPath,
    AZURE_CLIENT_ID: administrator.clientId,
    AZURE_TENANT_ID: cloud.tenant.tenantId,
    AZURE_CLIENT_SECRET: administrator.clientSecret,
    AZURE_AUTHORITY_HOST: cloud.urls.authorityHost,
    GITHUB_API_URL: cloud.urls.githubApi,
  };
}

/** Runs the bootstrap with `args` against `cloud`; `env` is applied last. */
export async function runBootstrap(
  cloud: LocalCloud,
  args: string[],
  env: Record<string, string> = {},
): Promise<BootstrapResult> {
  const bootstrapEnv = toBootstrapEnv(cloud);
  const cwd = mkdtempSync(join(tmpdir(), 'rea-bootstrap-'));
  return spawnAction(
    resolve(REPO_ROOT, 'dist', 'bootstrap.js'),
    {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: cwd,
      ...bootstrapEnv,
      ...env,
    },
    cwd,
    120_000,
    { extraArgs: args },
  );
}

/**
 * Starts the bootstrap with no environment credentials and no Azure CLI on PATH, so it signs in
 * with a device code; resolves with its output once `until` matches it, then stops it.
 */
export function watchDeviceCodeSignIn(
  cloud: LocalCloud,
  args: string[],
  until: RegExp,
  timeoutMs = 60_000,
): Promise<string> {
  const cwd = mkdtempSync(join(tmpdir(), 'rea-bootstrap-'));
  const env = {
    PATH: cwd,
    HOME: cwd,
    NODE_EXTRA_CA_CERTS: cloud.caCertPath,
    AZURE_AUTHORITY_HOST: cloud.urls.authorityHost,
    GITHUB_API_URL: cloud.urls.githubApi,
  };
  const child = spawn(process.execPath, [resolve(REPO_ROOT, 'dist', 'bootstrap.js'), ...args], {
    env,
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((done, fail) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`No match for ${String(until)} within ${timeoutMs} ms; output:\n${output}`));
    }, timeoutMs);
    const read = (chunk: Buffer): void => {
      output += chunk.toString();
      if (!until.test(output)) return;
      clearTimeout(timer);
      child.kill('SIGKILL');
      done(output);
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.on('close', () => {
      clearTimeout(timer);
      if (until.test(output)) done(output);
      else
        fail(new Error(`The bootstrap exited before ${String(until)} matched; output:\n${output}`));
    });
  });
}
