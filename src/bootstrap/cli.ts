// `node dist/bootstrap.js`: runs the bootstrap in the administrator's terminal and turns a failure
// into one message on stderr, cause first, and exit code 1.
import { walkCauses } from '../errors.js';
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
  for (const [depth, link] of [...walkCauses(error)].entries()) {
    const message = link instanceof Error ? link.message : String(link);
    if (!lines.some((line) => line.includes(message.split('\n')[0])))
      lines.push(
        depth === 0 ? `Bootstrap failed: ${message}` : `  cause: ${message.split('\n')[0]}`,
      );
  }
  return lines.join('\n');
}
