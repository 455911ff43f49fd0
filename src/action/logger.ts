// The logger port of the orchestration (reconcile-*.ts, the hand-off delivery): what it writes to
// the job log, without knowing the runner. `core-logger.ts` is the adapter to @actions/core; tests
// and the bootstrap pass their own.

/** Where a run reports progress: log lines, annotations and folded groups. */
export interface Logger {
  info: (line: string) => void;
  /** A warning annotation; `title` heads it in the run's summary. */
  warning: (message: string, options?: { title?: string }) => void;
  notice: (message: string) => void;
  /** An error annotation (the run goes on; setFailed is the edge's). */
  error: (message: string) => void;
  /** Writes the lines folded under the header. */
  group: (header: string, lines: readonly string[]) => void;
}
