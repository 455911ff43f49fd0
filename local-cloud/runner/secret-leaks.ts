// Fails a test when a secret shows up where a workflow log or a job summary would expose it.
import type { ActionResult } from './run-action.js';

/** Throws when any secret, or its base64 or base64url form, appears in stdout, stderr (besides ::add-mask:: commands), the outputs or the summary. */
export function expectNoSecretLeak(
  result: Pick<ActionResult, 'stdout' | 'stderr' | 'outputs' | 'summary'>,
  secrets: string[],
): void {
  const places: Array<[string, string]> = [
    ['stdout', withoutMaskCommands(result.stdout)],
    ['stderr', withoutMaskCommands(result.stderr)],
    ...Object.entries(result.outputs).map(([name, value]): [string, string] => [
      `output '${name}'`,
      value,
    ]),
    ['step summary', result.summary],
  ];
  const leaks: string[] = [];
  secrets.forEach((secret, index) => {
    if (!secret) return;
    const forms: Array<[string, string]> = [
      ['as is', secret],
      ['base64', Buffer.from(secret, 'utf8').toString('base64')],
      ['base64url', Buffer.from(secret, 'utf8').toString('base64url')],
    ];
    for (const [place, text] of places) {
      for (const [form, needle] of forms) {
        // The message names the secret by position only, so the failure itself leaks nothing.
        if (text.includes(needle)) leaks.push(`secret #${index + 1} (${form}) in ${place}`);
      }
    }
  });
  if (leaks.length > 0) throw new Error(`Secrets leaked: ${leaks.join('; ')}`);
}

// `::add-mask::VALUE` is how core.setSecret registers a value; the runner consumes the line and
// never shows it, so it is not a leak (and it is how the action should treat every secret).
function withoutMaskCommands(text: string): string {
  return text
    .split('\n')
    .filter((line) => !line.startsWith('::add-mask::'))
    .join('\n');
}
