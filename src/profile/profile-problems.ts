// Problems found while loading a profile, collected and thrown as one ProfileError.
import { ProfileError, type ProfileLocation } from '../errors.js';

/** One problem, with where it is: file (or "input app" / built-in name), line, column and key path. */
export type ProfileProblem = { message: string } & ProfileLocation;

/** Returns "file:line:column: message", leaving out the parts that are unknown. */
export function formatProblem(problem: ProfileProblem): string {
  const where = [problem.file, problem.line, problem.column]
    .filter((part) => part !== undefined)
    .join(':');
  return where ? `${where}: ${problem.message}` : problem.message;
}

/** Returns one ProfileError listing every problem, each on its own line. */
export function toProfileError(source: string, problems: readonly ProfileProblem[]): ProfileError {
  const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
  const lines = sortByPosition(problems).map((problem) => `  - ${formatProblem(problem)}`);
  return new ProfileError(
    `Invalid profile ${source} (${count}):\n${lines.join('\n')}`,
    sortByPosition(problems),
  );
}

/** Throws a ProfileError when there are problems; returns otherwise. */
export function throwIfProblems(source: string, problems: readonly ProfileProblem[]): void {
  if (problems.length > 0) throw toProfileError(source, problems);
}

/** Returns the problems grouped by file (in order of first mention) and in reading order within each. */
function sortByPosition(problems: readonly ProfileProblem[]): ProfileProblem[] {
  const files = [...new Set(problems.map((problem) => problem.file ?? ''))];
  return [...problems].sort(
    (a, b) =>
      files.indexOf(a.file ?? '') - files.indexOf(b.file ?? '') ||
      (a.line ?? 0) - (b.line ?? 0) ||
      (a.column ?? 0) - (b.column ?? 0),
  );
}
