// Runs the bundled action (`node dist/index.js`) as a GitHub runner does, for scripts (the
// conformance suite, the live test): INPUT_* for every input with action.yml's defaults applied,
// the runner's files (GITHUB_OUTPUT, GITHUB_STEP_SUMMARY…) in a fresh folder, and the environment
// the caller gives (GITHUB_*, ACTIONS_ID_TOKEN_REQUEST_*, NODE_EXTRA_CA_CERTS).
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

/** The action's repository: the workspace root above this package (action.yml, dist/). */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** What a run left behind. */
export interface BundledRun {
  code: number;
  /** stdout and stderr as they arrived */
  log: string;
  outputs: Record<string, string>;
  summary: string;
}

/** Runs dist/index.js once with `inputs` (by input name) and `env`; resolves when it exits. */
export async function runBundledAction(
  inputs: Record<string, string>,
  env: Record<string, string>,
  timeoutMs = 180_000,
): Promise<BundledRun> {
  const temp = mkdtempSync(join(tmpdir(), 'rea-runner-'));
  const files = {
    GITHUB_OUTPUT: join(temp, 'output'),
    GITHUB_STEP_SUMMARY: join(temp, 'summary.md'),
    GITHUB_ENV: join(temp, 'env'),
    GITHUB_PATH: join(temp, 'path'),
    GITHUB_STATE: join(temp, 'state'),
    GITHUB_EVENT_PATH: join(temp, 'event.json'),
    GITHUB_WORKSPACE: join(temp, 'workspace'),
    RUNNER_TEMP: join(temp, 'runner-temp'),
  };
  mkdirSync(files.GITHUB_WORKSPACE);
  mkdirSync(files.RUNNER_TEMP);
  for (const file of ['GITHUB_OUTPUT', 'GITHUB_STEP_SUMMARY', 'GITHUB_ENV', 'GITHUB_PATH'] as const)
    writeFileSync(files[file], '');
  writeFileSync(files.GITHUB_EVENT_PATH, '{}');
  const inputEnv = Object.entries({ ...readActionDefaults(), ...inputs }).map(
    ([name, value]) => [`INPUT_${name.toUpperCase()}`, value] as const,
  );
  try {
    const { code, log } = await spawnNode(
      resolve(REPO_ROOT, 'dist', 'index.js'),
      {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: process.env.HOME ?? temp,
        ...env,
        ...files,
        ...Object.fromEntries(inputEnv),
      },
      timeoutMs,
    );
    return {
      code,
      log,
      outputs: parseOutputFile(readFileSync(files.GITHUB_OUTPUT, 'utf8')),
      summary: readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8'),
    };
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}

function spawnNode(
  entry: string,
  env: Record<string, string>,
  timeoutMs: number,
): Promise<{ code: number; log: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [entry], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.stderr.on('data', (c: Buffer) => chunks.push(c));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolvePromise({ code: code ?? 1, log: Buffer.concat(chunks).toString('utf8') });
    });
  });
}

/** Input defaults declared in action.yml, by input name (the runner sets INPUT_ for each). */
export function readActionDefaults(): Record<string, string> {
  const action = parse(readFileSync(join(REPO_ROOT, 'action.yml'), 'utf8')) as {
    inputs?: Record<string, { default?: unknown }>;
  };
  const defaults: Record<string, string> = {};
  for (const [name, input] of Object.entries(action.inputs ?? {}))
    if (input.default !== undefined) defaults[name] = String(input.default);
  return defaults;
}

/** Parses a GITHUB_OUTPUT file: `name=value` lines and `name<<DELIMITER` … `DELIMITER` blocks. */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const heredoc = /^([^=]+?)<<(.+)$/.exec(lines[i]);
    if (heredoc) {
      const end = lines.indexOf(heredoc[2], i + 1);
      if (end < 0)
        throw new Error(`Output '${heredoc[1]}' has no closing delimiter in GITHUB_OUTPUT.`);
      outputs[heredoc[1]] = lines.slice(i + 1, end).join('\n');
      i = end;
      continue;
    }
    const line = /^([^=]+)=(.*)$/.exec(lines[i]);
    if (line) outputs[line[1]] = line[2];
  }
  return outputs;
}
