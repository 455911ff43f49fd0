// Turns any error into one failed step: the cause first, annotations on profile lines.
import * as core from '@actions/core';
import { ProfileError } from '../errors.js';

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
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    const message = current instanceof Error ? current.message : String(current);
    if (!lines.some((line) => line.includes(message)))
      lines.push(depth === 0 ? message : `Caused by: ${message}`);
    current = current instanceof Error ? current.cause : undefined;
  }
  return lines.join('\n');
}
