// Log lines the runner cannot mistake for workflow commands. Strings from a profile (editable in a
// pull request), Graph or GitHub reach core.info, which writes them raw; the runner executes any
// line that starts with "::" (https://docs.github.com/actions/reference/workflow-commands).
import * as core from '@actions/core';

/**
 * Returns the text with control characters (NUL, ESC of ANSI sequences, CR, C1) shown as \uXXXX
 * escapes and every "::" broken by a zero-width space, so no line of it can start a command.
 * Newlines stay: with "::" broken, a new line cannot start a command either.
 */
export function toLogLine(text: string): string {
  return text
    .replace(
      // Matching control characters is the point: each becomes a visible \uXXXX escape.
      // eslint-disable-next-line no-control-regex
      /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g,
      (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
    )
    .replace(/::/g, ':\u200b:');
}

/** core.info for text that may hold strings from a profile, Graph or GitHub. */
export function logInfo(text: string): void {
  core.info(toLogLine(text));
}
