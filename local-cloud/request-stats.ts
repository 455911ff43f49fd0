// Figures of a run read from the local cloud's request log: requests, $batch items, sequential
// round trips and bytes, for the performance tests (counts) and the benchmark (counts and times).
import type { LoggedRequest, Service } from './request-log.js';

/** What one run cost, as the services saw it. */
export interface RequestStats {
  /** HTTP requests (a $batch counts once). */
  requests: number;
  /** Requests as Graph counts them against its limits: each $batch item once, the envelope not. */
  items: number;
  /**
   * Sequential round trips: the requests grouped by overlap in time (a request that starts before
   * every earlier request of its group has been answered joins that group); each group is one round
   * trip a client had to wait for. A run that sends nothing in parallel has one per request.
   */
  roundTrips: number;
  /** Request plus response body bytes. */
  bytes: number;
}

/** Returns the figures of the log entries of `service` (every service when omitted). */
export function computeRequestStats(
  entries: readonly LoggedRequest[],
  service?: Service,
): RequestStats {
  const chosen = entries.filter((e) => !service || e.service === service);
  return {
    requests: chosen.length,
    items: chosen.reduce((sum, e) => sum + (e.inner ? e.inner.length : 1), 0),
    roundTrips: countSequentialRoundTrips(chosen),
    bytes: chosen.reduce((sum, e) => sum + e.requestBytes + e.responseBytes, 0),
  };
}

/**
 * Counts groups of requests that overlap in time. The log's times are whole milliseconds taken when
 * a request arrives (`at`) and when its answer is written (`at + durationMs`); a request that
 * starts in the same millisecond its predecessor ended counts as sequential, because a client
 * that waits for an answer cannot start the next request earlier.
 */
export function countSequentialRoundTrips(entries: readonly LoggedRequest[]): number {
  const sorted = [...entries].sort((a, b) => a.at - b.at);
  let groups = 0;
  let groupEnd = -Infinity;
  for (const e of sorted) {
    const end = e.at + e.durationMs;
    if (e.at < groupEnd) {
      groupEnd = Math.max(groupEnd, end);
      continue;
    }
    groups += 1;
    groupEnd = end;
  }
  return groups;
}

/** The log entries from the first Graph request on (what a run sends after signing in). */
export function afterToken(entries: readonly LoggedRequest[]): LoggedRequest[] {
  const first = entries.findIndex((e) => e.service === 'graph');
  return first < 0 ? [] : entries.slice(first);
}
