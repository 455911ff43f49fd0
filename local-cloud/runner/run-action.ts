// Runs the bundled action as a GitHub runner does: a fresh `node dist/index.js` with INPUT_* for
// every input (action.yml defaults applied), the runner's files (GITHUB_OUTPUT, GITHUB_STEP_SUMMARY,
// GITHUB_ENV, GITHUB_EVENT_PATH…) and the local cloud's runner environment, which includes
// NODE_EXTRA_CA_CERTS so the child trusts the cloud's HTTPS servers.
import { spawn, type ChildProcess } from 'node:child_process';
import {
  appendFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseOutputFile, readActionDefaults, REPO_ROOT } from './action-runner.js';
import type { LocalCloud } from '../index.js';
import { collectKnownSecrets } from './known-secrets.js';
import { expectNoSecretLeak } from './secret-leaks.js';

/** How many runs were checked for leaked secrets in this process, and against how many values. */
export const leakChecks = { runs: 0, secrets: 0 };

/** Set to a file path, every checked run appends one line to it (Jest runs each test file in its own module registry). */
export const LEAK_CHECK_LOG_ENV = 'REA_LEAK_CHECK_LOG';

/** What a run left behind. */
export interface ActionResult {
  /** Exit code (1 after core.setFailed). */
  code: number;
  stdout: string;
  stderr: string;
  /** Outputs parsed from the GITHUB_OUTPUT file. */
  outputs: Record<string, string>;
  /** Contents of the GITHUB_STEP_SUMMARY file. */
  summary: string;
  /** stdout and stderr interleaved as they arrived. */
  log: string;
}

/** Options of `runAction`. */
export interface RunActionOptions {
  /** Extra environment, applied last. */
  env?: Record<string, string>;
  /** OIDC claim overrides for this run (sub, environment, ref, event_name…). */
  claims?: Record<string, unknown>;
  /** The github-token input: default the cloud's writer token; null leaves the input unset. */
  githubToken?: string | null;
  /** Script to run; default <repo>/dist/index.js, or REA_ACTION_ENTRY (a .ts entry runs through tsx). */
  entry?: string;
  /** GITHUB_WORKSPACE; default a fresh temp dir. */
  workspace?: string;
  /** Kill the child after this long; default 120 s. */
  timeoutMs?: number;
  /** Called with the child process once it is spawned (e.g. to SIGKILL it from a fault). */
  onSpawn?: (child: ChildProcess) => void;
}

/** Runs the action once against `cloud` with `inputs` over the cloud's own inputs; resolves when it exits. */
export async function runAction(
  cloud: LocalCloud,
  inputs: Record<string, string>,
  options: RunActionOptions = {},
): Promise<ActionResult> {
  const temp = mkdtempSync(join(tmpdir(), 'rea-run-'));
  const runner = cloud.runnerEnv({ claims: options.claims });
  const files = createRunnerFiles(temp, runner, options.workspace);
  const entry = resolve(
    REPO_ROOT,
    options.entry ?? process.env.REA_ACTION_ENTRY ?? join('dist', 'index.js'),
  );
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? temp,
    TMPDIR: tmpdir(),
    ...runner,
    ...files,
    ...toInputEnv(withDefaults(cloud, inputs, options)),
    ...options.env,
  };
  try {
    const run = await spawnAction(
      entry,
      env,
      files.GITHUB_WORKSPACE,
      options.timeoutMs ?? 120_000,
      { onSpawn: options.onSpawn },
    );
    const result = {
      ...run,
      outputs: parseOutputFile(readFileSync(files.GITHUB_OUTPUT, 'utf8')),
      summary: readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8'),
    };
    // Every run of every test is checked: no secret the cloud knows may appear in what a runner shows.
    const secrets = collectKnownSecrets(cloud);
    expectNoSecretLeak(result, secrets);
    leakChecks.runs += 1;
    leakChecks.secrets += secrets.length;
    const tally = process.env[LEAK_CHECK_LOG_ENV];
    if (tally) appendFileSync(tally, `${secrets.length}\n`);
    return result;
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}

function withDefaults(
  cloud: LocalCloud,
  inputs: Record<string, string>,
  options: RunActionOptions,
): Record<string, string> {
  const token = options.githubToken === undefined ? cloud.githubToken : options.githubToken;
  return {
    ...readActionDefaults(),
    ...cloud.actionInputs(),
    ...(token === null ? {} : { 'github-token': token }),
    ...inputs,
  };
}

// The runner upper-cases the name and replaces spaces, keeping hyphens: INPUT_CLIENT-ID.
function toInputEnv(inputs: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(inputs).map(([name, value]) => [
      `INPUT_${name.replace(/ /g, '_').toUpperCase()}`,
      value,
    ]),
  );
}

function createRunnerFiles(
  temp: string,
  runner: Record<string, string>,
  workspaceDir: string | undefined,
): Record<string, string> {
  const runnerTemp = join(temp, 'runner-temp');
  const workspace = workspaceDir ?? join(temp, 'workspace');
  mkdirSync(runnerTemp);
  mkdirSync(workspace, { recursive: true });
  const [owner, name] = runner.GITHUB_REPOSITORY.split('/');
  const event = {
    ref: runner.GITHUB_REF,
    repository: {
      id: Number(runner.GITHUB_REPOSITORY_ID),
      name,
      full_name: runner.GITHUB_REPOSITORY,
      owner: { login: owner, id: Number(runner.GITHUB_REPOSITORY_OWNER_ID) },
    },
    sender: { login: runner.GITHUB_ACTOR, id: Number(runner.GITHUB_ACTOR_ID) },
  };
  const files: Record<string, string> = {
    GITHUB_WORKSPACE: workspace,
    RUNNER_TEMP: runnerTemp,
    RUNNER_TOOL_CACHE: join(temp, 'tool-cache'),
    GITHUB_OUTPUT: join(temp, 'output'),
    GITHUB_STEP_SUMMARY: join(temp, 'step-summary.md'),
    GITHUB_ENV: join(temp, 'env'),
    GITHUB_PATH: join(temp, 'path'),
    GITHUB_STATE: join(temp, 'state'),
    GITHUB_EVENT_PATH: join(temp, 'event.json'),
  };
  for (const key of [
    'GITHUB_OUTPUT',
    'GITHUB_STEP_SUMMARY',
    'GITHUB_ENV',
    'GITHUB_PATH',
    'GITHUB_STATE',
  ])
    writeFileSync(files[key], '');
  writeFileSync(files.GITHUB_EVENT_PATH, JSON.stringify(event));
  return files;
}

/** Spawns `node entry` (a .ts entry through tsx) with `env` in `cwd`; resolves when it exits. */
export function spawnAction(
  entry: string,
  env: Record<string, string>,
  cwd: string,
  timeoutMs: number,
  options: { onSpawn?: (child: ChildProcess) => void; extraArgs?: string[] } = {},
): Promise<Omit<ActionResult, 'outputs' | 'summary'>> {
  // The child's cwd is the workspace, so tsx is named by path rather than resolved from there.
  const tsx = pathToFileURL(join(REPO_ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
  const args = [
    ...(entry.endsWith('.ts') ? ['--import', tsx, entry] : [entry]),
    ...(options.extraArgs ?? []),
  ];
  return new Promise((resolve, reject) => {
    // Asynchronous on purpose: the cloud's servers run in this process and must keep answering.
    const child = spawn(process.execPath, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    options.onSpawn?.(child);
    const out: string[] = [];
    const err: string[] = [];
    const all: string[] = [];
    child.stdout.on(
      'data',
      (chunk: Buffer) => (out.push(chunk.toString()), all.push(chunk.toString())),
    );
    child.stderr.on(
      'data',
      (chunk: Buffer) => (err.push(chunk.toString()), all.push(chunk.toString())),
    );
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(
          `The action did not exit within ${timeoutMs} ms; its log ends with:\n${all.join('').slice(-4000)}`,
        ),
      );
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({
        code: code ?? (signal ? 128 : 1),
        stdout: out.join(''),
        stderr: err.join(''),
        log: all.join(''),
      });
    });
  });
}
