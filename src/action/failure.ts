// Turns any error into one failed step: the cause first, annotations on profile lines.
import * as core from '@actions/core';
import { ProfileError, walkCauses } from '../errors.js';

/** Reports an error as annotations (profile problems) and a single setFailed message. */
export function reportFailure(error: unknown): void {
  if (error instanceof ProfileError) {
    for (const problem of error.problems) {
      core.error(problem.message, {
        title: 'Invalid profile',
        file: problem.file,
        startLine: problem.line,
        startColumn: problem.column,
      });
    }
  }
  core.setFailed(formatError(error));
}

/** The error's message followed by its causes, each on its own line ("Caused by: …"). */
export function formatError(error: unknown): string {
  const lines: string[] = [];
  for (const [depth, link] of [...walkCauses(error)].entries()) {
    const message = link instanceof Error ? link.message : String(link);
    if (!lines.some((line) => line.includes(message)))
      lines.push(depth === 0 ? message : `Caused by: ${message}`);
  }
  return lines.join('\n');
}
