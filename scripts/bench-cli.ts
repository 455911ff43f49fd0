// What the CLI for Microsoft 365 costs for the job the action does: `m365 login` (client secret)
// plus `m365 entra app add` with the codetwo-backup-exchange permissions, admin consent and a
// secret, against the local cloud in real-hosts mode at a given tenant size and latency. Needs
// root (port 443, a private mount namespace per CLI call); `npm run bench` prints it beside the
// action's own figures.
//   tsx scripts/bench-cli.ts [--sizes 10,10000] [--latency 25]
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  readCloudDescription,
  writeCloudDescription,
  startLocalCloud,
} from '@register-entra-app/local-cloud';
import { REPO_ROOT } from '@register-entra-app/local-cloud/runner';
import { installM365Cli, m365Env, toM365LoginArguments } from './conformance/m365-cli.js';
import { withPrivateHosts, writePrivateHostsFile } from './conformance/namespace.js';
import { runCommand } from './conformance/steps.js';

/** The codetwo-backup-exchange profile's application permissions, as the CLI names them. */
export const CODETWO_BACKUP_EXCHANGE_PERMISSIONS = [
  'https://outlook.office365.com/full_access_as_app',
  'https://graph.microsoft.com/Directory.Read.All',
  'https://graph.microsoft.com/Group.Read.All',
  'https://graph.microsoft.com/MailboxSettings.ReadWrite',
  'https://graph.microsoft.com/User.Read.All',
];

/** How to measure. */
export interface CliBenchOptions {
  /** Unrelated service principals in the tenant (e.g. 10 or 10,000). */
  servicePrincipals: number;
  /** Latency added to every request of every service, ms (e.g. 25). */
  latencyMs: number;
}

/** What the CLI took. */
export interface CliBenchResult {
  servicePrincipals: number;
  latencyMs: number;
  loginMs: number;
  appAddMs: number;
  /** login + app add */
  wallMs: number;
  /** HTTP requests to Graph during app add ($batch counts once) */
  graphRequests: number;
  /** requests inside those $batch envelopes */
  graphBatchedRequests: number;
  /** token requests and discovery documents at login.microsoftonline.com (login and app add) */
  entraRequests: number;
}

/** Runs `m365 login` and `m365 entra app add` once against a fresh cloud; needs root and a free 127.0.0.1:443. */
export async function measureM365Cli(options: CliBenchOptions): Promise<CliBenchResult> {
  const bin = await installM365Cli(REPO_ROOT);
  const cloud = await startLocalCloud({
    realHosts: true,
    latencyMs: options.latencyMs,
    bulkServicePrincipals: options.servicePrincipals,
  });
  try {
    const description = readCloudDescription(
      writeCloudDescription(cloud, mkdtempSync(join(tmpdir(), 'rea-bench-cli-'))),
    );
    const env = m365Env(description);
    const hosts = writePrivateHostsFile();
    const run = async (args: string[]): Promise<number> => {
      const started = performance.now();
      const result = await runCommand(withPrivateHosts([bin, ...args], hosts), env, 600_000);
      if (result.code !== 0)
        throw new Error(
          `m365 ${args.slice(0, 3).join(' ')} failed: ${result.stderr || result.stdout}`,
        );
      return performance.now() - started;
    };
    const loginMs = await run(toM365LoginArguments(description));
    const afterLogin = cloud.log.entries.length;
    const appAddMs = await run([
      'entra',
      'app',
      'add',
      '--name',
      'CodeTwo Backup for Exchange Online',
      '--apisApplication',
      CODETWO_BACKUP_EXCHANGE_PERMISSIONS.join(','),
      '--grantAdminConsent',
      '--withSecret',
      '--output',
      'json',
    ]);
    const graph = cloud.log.entries.slice(afterLogin).filter((e) => e.service === 'graph');
    return {
      servicePrincipals: options.servicePrincipals,
      latencyMs: options.latencyMs,
      loginMs: Math.round(loginMs),
      appAddMs: Math.round(appAddMs),
      wallMs: Math.round(loginMs + appAddMs),
      graphRequests: graph.length,
      graphBatchedRequests: graph.reduce((n, e) => n + (e.inner?.length ?? 0), 0),
      entraRequests: cloud.log.entries.filter((e) => e.service === 'entra').length,
    };
  } finally {
    await cloud.stop();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string', default: '10,10000' },
      latency: { type: 'string', default: '25' },
    },
  });
  for (const size of values.sizes.split(',').map(Number)) {
    const result = await measureM365Cli({
      servicePrincipals: size,
      latencyMs: Number(values.latency),
    });
    console.log(JSON.stringify(result));
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
