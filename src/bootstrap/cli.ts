// `node dist/bootstrap.js`: runs the bootstrap in the administrator's terminal and turns a failure
// into one message on stderr, cause first, and exit code 1.
import { runBootstrap } from './run-bootstrap.js';
import { openTerminal } from './terminal.js';

/** Runs the bootstrap with the process's arguments and sets the exit code. */
export async function runBootstrapCli(): Promise<void> {
  try {
    process.exitCode = await runBootstrap(process.argv.slice(2), openTerminal());
  } catch (error) {
    process.stderr.write(`${formatFailure(error)}\n`);
    process.exitCode = 1;
  }
}

/** Returns the error's message, then each cause's first line that adds something. */
export function formatFailure(error: unknown): string {
  const lines: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    const message = current instanceof Error ? current.message : String(current);
    if (!lines.some((line) => line.includes(message.split('\n')[0])))
      lines.push(
        depth === 0 ? `Bootstrap failed: ${message}` : `  cause: ${message.split('\n')[0]}`,
      );
    current = current instanceof Error ? current.cause : undefined;
  }
  return lines.join('\n');
}
