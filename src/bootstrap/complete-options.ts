// Asks the administrator for what the flags left open, on a terminal; elsewhere, a missing
// repository is an error naming the flag.
import { InputError } from '../errors.js';
import { parseRepository, type BootstrapOptions } from './options.js';
import type { Terminal } from './terminal.js';

/** Returns the options with the repository, branch, environments, pull requests and profile settled. */
export async function completeOptions(
  options: BootstrapOptions,
  terminal: Terminal,
  given: ReadonlySet<string>,
): Promise<BootstrapOptions> {
  if (options.help) return options;
  const ask = terminal.interactive && !options.yes;
  if (!options.repository && !ask)
    throw new InputError(
      '--repo',
      'No repository given. Pass --repo OWNER/NAME: the repository whose workflows run the action.',
    );
  if (!ask) return options;
  const next = { ...options };
  next.repository ??= parseRepository(
    await terminal.ask('GitHub repository whose workflows run the action (OWNER/NAME)', ''),
  );
  if (!next.repository)
    throw new InputError('--repo', 'No repository given. Expected format {owner}/{repo}.');
  if (!given.has('branch'))
    next.branch = (await terminal.ask('Branch whose jobs run the action', 'main')) || null;
  if (!given.has('environment'))
    next.environments = (await terminal.ask('Environments whose jobs run it (comma-separated)', ''))
      .split(',')
      .map((e) => e.trim())
      .filter(Boolean);
  if (!given.has('pull-requests'))
    next.pullRequests = /^y/i.test(
      await terminal.ask('Also a read-only planner for pull requests? (y/N)', 'n'),
    );
  if (!given.has('profile'))
    next.profile =
      (await terminal.ask('Built-in profile for a starter workflow (empty for none)', '')) || null;
  return next;
}

/** Returns the names of the flags present in argv (without dashes). */
export function listGivenFlags(argv: readonly string[]): Set<string> {
  return new Set(argv.filter((a) => a.startsWith('--')).map((a) => a.slice(2).split('=')[0]));
}
