// `npm run bench`: runs the bundled action (dist/index.js) against the full-size local cloud
// (Microsoft Graph's service principal with all of its permissions) with latency injected into
// every request, in tenants of several sizes, and prints what each scenario cost: requests,
// sequential round trips, Graph response bytes and wall time; the cold start up to the first
// request beside bare Node's; the size of dist/; the CLI for Microsoft 365 doing the same job
// (when scripts/bench-cli.ts is there and root is available); and the targets of issue 15.
// Figures only: nothing here fails a build.
//
//   npm run bench -- [--entry dist/index.js] [--latency 25] [--sizes 10,10000] [--instances 25] [--skip-cli]
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { REPO_ROOT, readActionDefaults } from '@register-entra-app/local-cloud/runner';
import {
  computeRequestStats,
  startLocalCloud,
  type LocalCloud,
} from '@register-entra-app/local-cloud';
import { printReport, type CliRow, type Row } from './bench-report.js';

const { values: args } = parseArgs({
  options: {
    entry: { type: 'string', default: join('dist', 'index.js') },
    latency: { type: 'string', default: '25' },
    sizes: { type: 'string', default: '10,10000' },
    instances: { type: 'string', default: '25' },
    'skip-cli': { type: 'boolean', default: false },
  },
});
const entry = resolve(REPO_ROOT, args.entry);
const latencyMs = Number(args.latency);
const sizes = args.sizes.split(',').map(Number);
const instanceCount = Number(args.instances);
/** Spawns of bare Node per tenant size, for its spawn-to-first-request time. */
const BARE_NODE_RUNS = 5;

/** What one spawned run took: exit code, wall time and the time from spawn to its first request. */
interface Timing {
  code: number;
  wallMs: number;
  coldStartMs: number;
  log: string;
}

const SECRET = { profile: 'codetwo-backup-exchange', 'secret-name': 'CODETWO_CLIENT_SECRET' };
const commvault = (instances: number, name: string) => ({
  app: `extends: commvault-exchange\nuniqueName: ${name}\ndisplayName: Commvault ${name}\ninstances: ${instances}\n`,
  vars: 'commandCenterUrl=https://commvault.contoso.example/adminconsole',
  'secret-name': name.toUpperCase().replace(/-/g, '_'),
});

async function main(): Promise<void> {
  const rows: Row[] = [];
  const bareColdStarts: number[] = [];
  for (const size of sizes) {
    const cloud = await startLocalCloud({ latencyMs, bulkServicePrincipals: size });
    try {
      for (let i = 0; i < BARE_NODE_RUNS; i++) bareColdStarts.push(await timeBareNode(cloud));
      rows.push(await measure(cloud, size, 'first registration', SECRET));
      rows.push(await measure(cloud, size, 'converged', SECRET));
      ageCredentials(cloud, 'codetwo-backup-exchange');
      rows.push(await measure(cloud, size, 'rotation', SECRET));
      // Each Commvault scenario twice, the faster counted: two shared cores are noisy.
      for (const round of [1, 2]) {
        rows.push(
          await measure(
            cloud,
            size,
            'Commvault, 1 instance',
            commvault(1, `cv-one-${size}-${round}`),
          ),
        );
        rows.push(
          await measure(
            cloud,
            size,
            `Commvault, ${instanceCount} instances`,
            commvault(instanceCount, `cv-many-${size}-${round}`),
          ),
        );
      }
    } finally {
      await cloud.stop();
    }
  }
  const cli = args['skip-cli'] ? null : await measureCli();
  printReport({ rows, bareColdStarts, cli, entry, latencyMs, sizes, instanceCount });
}

// The CLI for Microsoft 365 (m365 login + m365 entra app add) against the same cloud in
// real-hosts mode, through scripts/bench-cli.ts (the conformance suite's); null when it cannot run.
async function measureCli(): Promise<CliRow[] | string> {
  const script = join(dirname(fileURLToPath(import.meta.url)), 'bench-cli.ts');
  if (!existsSync(script)) return 'scripts/bench-cli.ts is not in this checkout';
  if (process.getuid?.() !== 0) return 'real-hosts mode needs root (port 443, mount namespaces)';
  const { measureM365Cli } = (await import(pathToFileURL(script).href)) as {
    measureM365Cli: (o: { servicePrincipals: number; latencyMs: number }) => Promise<CliRow>;
  };
  const rows: CliRow[] = [];
  for (const size of sizes) {
    try {
      rows.push(await measureM365Cli({ servicePrincipals: size, latencyMs }));
    } catch (error) {
      return `the CLI run failed: ${error instanceof Error ? error.message : String(error)}`;
    }
  }
  return rows;
}

/** Spawns bare Node sending one HTTPS request to the cloud; returns spawn-to-request in ms. */
async function timeBareNode(cloud: LocalCloud): Promise<number> {
  const runner = cloud.runnerEnv();
  const url = runner.ACTIONS_ID_TOKEN_REQUEST_URL;
  cloud.log.clear();
  const spawnedAt = Date.now();
  await new Promise<void>((done, fail) => {
    const child = spawn(
      process.execPath,
      ['-e', 'require("node:https").get(process.argv[1], (r) => r.resume())', url],
      { env: { PATH: process.env.PATH ?? '', ...runner }, stdio: 'ignore' },
    );
    child.on('error', fail);
    child.on('close', () => done());
  });
  const first = cloud.log.entries.reduce((min, e) => Math.min(min, e.at), Infinity);
  if (!Number.isFinite(first)) throw new Error('Bare Node sent no request to the local cloud.');
  return first - spawnedAt;
}

async function measure(
  cloud: LocalCloud,
  tenant: number,
  scenario: string,
  inputs: Record<string, string>,
): Promise<Row> {
  cloud.log.clear();
  const timing = await runBundled(cloud, inputs);
  if (timing.code !== 0)
    process.stderr.write(
      `\n${scenario} (tenant ${tenant}) exited with ${timing.code}; its log ends with:\n${timing.log.slice(-3000)}\n`,
    );
  const graphEntries = cloud.log.entries.filter((e) => e.service === 'graph');
  return {
    tenant,
    scenario,
    code: timing.code,
    graph: computeRequestStats(graphEntries),
    graphResponseBytes: graphEntries.reduce((sum, e) => sum + e.responseBytes, 0),
    all: computeRequestStats(cloud.log.entries),
    wallMs: timing.wallMs,
    coldStartMs: timing.coldStartMs,
  };
}

// Makes the action's credentials of an app expire in 5 days, so the next run rotates them (rotate: auto, 30 days before expiry).
function ageCredentials(cloud: LocalCloud, uniqueName: string): void {
  const app = cloud.tenant.applicationByUniqueName(uniqueName);
  if (!app) throw new Error(`No application ${uniqueName} to age.`);
  const day = 24 * 3600 * 1000;
  for (const credential of app.passwordCredentials) {
    credential.startDateTime = new Date(Date.now() - 175 * day).toISOString();
    credential.endDateTime = new Date(Date.now() + 5 * day).toISOString();
  }
}

/** Spawns `node <entry>` as a runner would and times it; the cold start ends at the first request any service of the cloud receives. */
async function runBundled(cloud: LocalCloud, inputs: Record<string, string>): Promise<Timing> {
  const temp = mkdtempSync(join(tmpdir(), 'rea-bench-'));
  const workspace = join(temp, 'workspace');
  mkdirSync(workspace);
  const files: Record<string, string> = {};
  for (const name of [
    'GITHUB_OUTPUT',
    'GITHUB_STEP_SUMMARY',
    'GITHUB_ENV',
    'GITHUB_PATH',
    'GITHUB_STATE',
  ]) {
    files[name] = join(temp, name.toLowerCase());
    writeFileSync(files[name], '');
  }
  const all = {
    ...readActionDefaults(),
    ...cloud.actionInputs(),
    'github-token': cloud.githubToken,
    ...inputs,
  };
  const env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? temp,
    TMPDIR: tmpdir(),
    ...cloud.runnerEnv(),
    ...files,
    GITHUB_WORKSPACE: workspace,
    RUNNER_TEMP: temp,
    ...Object.fromEntries(
      Object.entries(all).map(([name, value]) => [`INPUT_${name.toUpperCase()}`, value]),
    ),
  };
  try {
    const spawnedAt = Date.now();
    const { code, log } = await new Promise<{ code: number; log: string }>((done, fail) => {
      // BENCH_CPU_PROF=<dir> writes a V8 CPU profile of every run there (open it in Chrome DevTools).
      const profile = process.env.BENCH_CPU_PROF
        ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_CPU_PROF]
        : [];
      const child = spawn(process.execPath, [...profile, entry], {
        env,
        cwd: workspace,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const chunks: string[] = [];
      child.stdout.on('data', (c: Buffer) => chunks.push(c.toString()));
      child.stderr.on('data', (c: Buffer) => chunks.push(c.toString()));
      child.on('error', fail);
      child.on('close', (exit) => done({ code: exit ?? 1, log: chunks.join('') }));
    });
    const wallMs = Date.now() - spawnedAt;
    const first = cloud.log.entries.reduce((min, e) => Math.min(min, e.at), Infinity);
    return { code, wallMs, coldStartMs: first - spawnedAt, log };
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}

await main();
