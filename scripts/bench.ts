// `npm run bench`: runs the bundled action (dist/index.js) against the local cloud with latency
// injected into every request and tenants of several sizes, and prints what each scenario cost:
// requests, sequential round trips, bytes and wall time; the cold start up to the first request;
// the bundle size. Figures only: nothing here passes or fails.
//
//   npm run bench -- [--entry dist/index.js] [--latency 50] [--sizes 10,1000,10000] [--instances 25]
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { REPO_ROOT, readActionDefaults } from '../__tests__/harness/run-action.js';
import { computeRequestStats, type RequestStats } from '../__tests__/harness/request-stats.js';
import { startLocalCloud, type LocalCloud } from '../local-cloud/index.js';

const { values: args } = parseArgs({
  options: {
    entry: { type: 'string', default: join('dist', 'index.js') },
    latency: { type: 'string', default: '50' },
    sizes: { type: 'string', default: '10,1000,10000' },
    instances: { type: 'string', default: '25' },
  },
});
const entry = resolve(REPO_ROOT, args.entry);
const latencyMs = Number(args.latency);
const sizes = args.sizes.split(',').map(Number);
const instanceCount = Number(args.instances);

/** One row of the table. */
interface Row {
  tenant: number;
  scenario: string;
  code: number;
  graph: RequestStats;
  all: RequestStats;
  wallMs: number;
  coldStartMs: number;
}

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
  for (const size of sizes) {
    const cloud = await startLocalCloud({ latencyMs, bulkServicePrincipals: size });
    try {
      rows.push(await measure(cloud, size, 'first registration', SECRET));
      rows.push(await measure(cloud, size, 'converged', SECRET));
      ageCredentials(cloud, 'codetwo-backup-exchange');
      rows.push(await measure(cloud, size, 'rotation', SECRET));
      rows.push(
        await measure(cloud, size, 'Commvault, 1 instance', commvault(1, `cv-one-${size}`)),
      );
      rows.push(
        await measure(
          cloud,
          size,
          `Commvault, ${instanceCount} instances`,
          commvault(instanceCount, `cv-many-${size}`),
        ),
      );
    } finally {
      await cloud.stop();
    }
  }
  printTable(rows);
  printSummary(rows);
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
  return {
    tenant,
    scenario,
    code: timing.code,
    graph: computeRequestStats(cloud.log.entries, 'graph'),
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

function printTable(rows: Row[]): void {
  const head = [
    'tenant SPs',
    'scenario',
    'exit',
    'Graph HTTP',
    'Graph items',
    'Graph seq. RTs',
    'all HTTP',
    'all seq. RTs',
    'KiB',
    'wall ms',
    'cold start ms',
  ];
  const body = rows.map((r) => [
    r.tenant.toLocaleString('en-US'),
    r.scenario,
    String(r.code),
    String(r.graph.requests),
    String(r.graph.items),
    String(r.graph.roundTrips),
    String(r.all.requests),
    String(r.all.roundTrips),
    (r.all.bytes / 1024).toFixed(1),
    String(r.wallMs),
    String(r.coldStartMs),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => (i === 1 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`;
  console.log(
    `\nregister-entra-app benchmark: ${entry.replace(REPO_ROOT, '')}, ${latencyMs} ms latency per request`,
  );
  console.log(
    `machine: ${cpus().length} × ${cpus()[0]?.model.trim() ?? 'CPU'}, Node ${process.version}, ${process.platform}/${process.arch}\n`,
  );
  console.log(line(head));
  console.log(
    `|${widths.map((w, i) => (i === 1 ? `:${'-'.repeat(w + 1)}` : `${'-'.repeat(w + 1)}:`)).join('|')}|`,
  );
  for (const b of body) console.log(line(b));
}

function printSummary(rows: Row[]): void {
  const colds = rows.map((r) => r.coldStartMs).sort((a, b) => a - b);
  const median = colds[Math.floor(colds.length / 2)] ?? 0;
  console.log(
    `\ncold start (spawn of node ${entry.replace(REPO_ROOT, '')} to its first request): median ${median} ms, min ${colds[0]} ms, max ${colds.at(-1)} ms over ${colds.length} runs`,
  );
  for (const size of sizes) {
    const one = rows.find((r) => r.tenant === size && r.scenario.endsWith('1 instance'));
    const many = rows.find(
      (r) => r.tenant === size && r.scenario.endsWith(`${instanceCount} instances`),
    );
    if (one && many)
      console.log(
        `tenant ${size.toLocaleString('en-US')}: ${instanceCount} instances took ${(many.wallMs / one.wallMs).toFixed(2)}× the time of one`,
      );
  }
  const first = rows.filter((r) => r.scenario === 'converged').map((r) => r.graph.requests);
  if (first.length)
    console.log(`converged run, Graph requests per tenant size: ${first.join(', ')}`);
  const dist = dirname(entry);
  const js = readdirSync(dist).filter(
    (f) => f.endsWith('.js') || f.endsWith('.mjs') || f.endsWith('.cjs'),
  );
  const bytes = js.reduce((sum, f) => sum + statSync(join(dist, f)).size, 0);
  console.log(
    `bundle: ${(bytes / 1024 / 1024).toFixed(2)} MiB of JavaScript in ${dist.replace(REPO_ROOT, '') || '.'} (${js.map((f) => `${f} ${(statSync(join(dist, f)).size / 1024).toFixed(0)} KiB`).join(', ')})`,
  );
}

await main();
