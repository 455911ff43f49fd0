// Runs one client command of the conformance suite and judges it: the command must exit 0 and the
// check on its output (and on the tenant) must pass. On failure it prints the client's output and
// the local cloud's requests since the step began, with the request and answer that broke it.
import { spawn } from 'node:child_process';
import type { LocalCloud, LoggedRequest } from '@register-entra-app/local-cloud';

/** The outcome of a spawned command. */
export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** One step: a command and what must hold afterwards. */
export interface Step {
  name: string;
  /** The command to spawn, or `run` for anything else that ends in a CommandResult. */
  command: string[];
  run?: () => Promise<CommandResult>;
  env?: Record<string, string>;
  /** Throws (with a message saying what is wrong) when the result or the tenant is not as expected. */
  check?: (result: CommandResult) => void | Promise<void>;
  /** Exit code expected; default 0. */
  expectCode?: number;
  timeoutMs?: number;
}

/** A failed step, already printed. */
export class StepFailure extends Error {}

/** Runs `command` with `env` (merged over a clean base) and collects its output. */
export function runCommand(
  command: string[],
  env: Record<string, string>,
  timeoutMs = 180_000,
): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command[0], command.slice(1), { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', reject);
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({
        code: code ?? (signal ? 128 : 1),
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      });
    });
  });
}

/** Runs the steps in order; throws StepFailure at the first one that fails, after printing why. */
export async function runSteps(
  suite: string,
  cloud: LocalCloud,
  baseEnv: Record<string, string>,
  steps: Step[],
): Promise<void> {
  for (const step of steps) {
    const from = cloud.log.entries.length;
    const started = Date.now();
    const result = step.run
      ? await step.run()
      : await runCommand(step.command, { ...baseEnv, ...step.env }, step.timeoutMs);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    let problem: string | undefined;
    if (result.code !== (step.expectCode ?? 0))
      problem = `exited with ${result.code}, expected ${step.expectCode ?? 0}`;
    else {
      try {
        await step.check?.(result);
      } catch (error) {
        problem = (error as Error).message;
      }
    }
    if (!problem) {
      console.log(`  ok   ${suite}: ${step.name} (${seconds} s)`);
      continue;
    }
    console.log(`  FAIL ${suite}: ${step.name} (${seconds} s): ${problem}`);
    console.log(formatFailure(step, result, cloud.log.entries.slice(from)));
    throw new StepFailure(`${suite}: ${step.name}: ${problem}`);
  }
}

/** The client's command and output, its requests, and the exchange that most likely broke it. */
export function formatFailure(
  step: Step,
  result: CommandResult,
  requests: LoggedRequest[],
): string {
  const lines = [
    `    command: ${step.command.map(redact).join(' ')}`,
    `    stdout: ${indent(result.stdout.trim() || '(empty)')}`,
    `    stderr: ${indent(result.stderr.trim() || '(empty)')}`,
    `    requests (${requests.length}):`,
    ...requests.map(
      (r) => `      ${r.status} ${r.method} ${r.exchange?.host ?? r.service}${r.path}`,
    ),
  ];
  const culprit = [...requests].reverse().find((r) => r.status >= 400) ?? requests.at(-1);
  if (culprit?.exchange) {
    lines.push(
      `    the request that broke it: ${culprit.method} https://${culprit.exchange.host}${culprit.path}`,
      `      body: ${indent(culprit.exchange.request || '(empty)')}`,
      `    the answer: ${culprit.status}`,
      `      body: ${indent(culprit.exchange.response || '(empty)')}`,
    );
  }
  return lines.join('\n');
}

function indent(text: string): string {
  return text.replace(/\n/g, '\n      ');
}

// Secrets given on a command line are not echoed.
function redact(argument: string): string {
  return argument.includes('Q~') || argument.length > 200 ? '***' : argument;
}

/** Throws with `message` unless `condition` holds. */
export function expect(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

/** Parses a command's JSON output; throws naming the step's output when it is not JSON. */
// The caller names the JSON shape it expects, as with Response.json(); the steps check it.
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters
export function parseJsonOutput<T = unknown>(result: CommandResult): T {
  try {
    return JSON.parse(result.stdout) as T;
  } catch {
    throw new Error(`the output is not JSON: ${result.stdout.slice(0, 300)}`);
  }
}
