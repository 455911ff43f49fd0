// When and how long to wait before retrying a Graph request: throttling and transient failures
// (429/503/504, connection resets) and directory replication delay right after a write.
// https://learn.microsoft.com/graph/throttling#best-practices-to-handle-throttling
import { ConsistencyTimeoutError, walkCauses, type GraphError } from '../errors.js';
import { computeBackoffMs, sleep, type PollOptions, type Sleep } from '../net/retry.js';

/** Limits of the retry loop; every wait goes through `sleep` so tests never wait. */
export interface RetryPolicy {
  /** Retries of 429/503/504 and connection resets per request. */
  maxTransientRetries: number;
  /** Base and cap of the exponential backoff used when Graph sends no Retry-After. */
  backoffBaseMs: number;
  backoffCapMs: number;
  /** Longest Retry-After honoured; longer answers are capped (the job would rather retry early than hang). */
  maxRetryAfterMs: number;
  /** Total time one request may wait for directory replication, and the cap of one such wait. */
  replicationWaitMs: number;
  replicationBackoffCapMs: number;
  sleep: Sleep;
  /** Returns a number in [0, 1); injectable for tests. */
  random: () => number;
}

/** The defaults: 6 transient retries, 1–30 s backoff, replication waits of up to 2 minutes. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxTransientRetries: 6,
  backoffBaseMs: 1000,
  backoffCapMs: 30_000,
  maxRetryAfterMs: 120_000,
  replicationWaitMs: 120_000,
  replicationBackoffCapMs: 10_000,
  sleep,
  random: Math.random,
};

const TRANSIENT_STATUSES = new Set([429, 503, 504]);

/** Returns true for the statuses Graph asks clients to retry (throttled, unavailable, gateway timeout). */
export function isTransientStatus(status: number): boolean {
  return TRANSIENT_STATUSES.has(status);
}

const RESET_CODES = new Set([
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
]);

/** Returns true when an error (or its cause, as undici nests it) is a dropped or timed-out connection. */
export function isConnectionReset(err: unknown): boolean {
  for (const link of walkCauses(err, 4)) {
    const code = (link as { code?: unknown }).code;
    if (typeof code === 'string' && RESET_CODES.has(code)) return true;
  }
  return false;
}

/** Returns the code of a connection error (e.g. ECONNRESET), or its message. */
export function describeConnectionError(err: unknown): string {
  for (const link of walkCauses(err, 4)) {
    const code = (link as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return err instanceof Error ? err.message : String(err);
}

/**
 * Returns true for the answers Graph gives while a new object has not yet replicated to the
 * replica that serves the next request (they turn into success after seconds to minutes).
 * Only for requests that follow a write: on a plain read, 404 means the object is absent.
 */
export function isReplicationDelay(err: GraphError): boolean {
  const { status, code, message } = err.details;
  if (status === 404 && code === 'Request_ResourceNotFound') return true;
  if (
    status === 400 &&
    /does not reference a valid application object|Not a valid reference update/i.test(message)
  )
    return true;
  // Seen transiently for POST /servicePrincipals with Application.ReadWrite.OwnedBy (terraform-provider-azuread#611).
  return (
    status === 403 &&
    /backing application of the service principal being created must in the local tenant/i.test(
      message,
    )
  );
}

/** Why a request is retried. */
export type RetryReason = 'transient' | 'replication';

/** Retry bookkeeping of one request (or one $batch call): counts attempts and replication time waited. */
export class RetrySchedule {
  private transientRetries = 0;
  private replicationRetries = 0;
  private replicationWaitedMs = 0;

  constructor(private readonly policy: RetryPolicy) {}

  /** Returns the wait before the next retry, or undefined when the budget for that reason is spent. */
  nextDelay(reason: RetryReason, retryAfterMs?: number): number | undefined {
    if (reason === 'transient') {
      if (this.transientRetries >= this.policy.maxTransientRetries) return undefined;
      const delay =
        retryAfterMs !== undefined
          ? Math.min(retryAfterMs, this.policy.maxRetryAfterMs)
          : computeBackoffMs(this.transientRetries, this.policy);
      this.transientRetries++;
      return delay;
    }
    // Equal jitter (half fixed, half random) so replication waits never collapse to zero.
    const backoff = computeBackoffMs(this.replicationRetries, {
      ...this.policy,
      backoffCapMs: this.policy.replicationBackoffCapMs,
      jitter: 'equal',
    });
    const delay = Math.max(retryAfterMs ?? 0, backoff, 1);
    if (this.replicationWaitedMs + delay > this.policy.replicationWaitMs) return undefined;
    this.replicationRetries++;
    this.replicationWaitedMs += delay;
    return delay;
  }

  /** Describes the attempt just scheduled, e.g. "2 of 7", for the retry log line. */
  describe(reason: RetryReason): string {
    return reason === 'transient'
      ? `retry ${this.transientRetries} of ${this.policy.maxTransientRetries}`
      : `replication wait ${Math.round(this.replicationWaitedMs / 100) / 10} s of ${this.policy.replicationWaitMs / 1000} s`;
  }

  /** Seconds waited for replication so far. */
  get replicationWaitedSeconds(): number {
    return Math.round(this.replicationWaitedMs / 1000);
  }
}

/** Returns the error to throw when a retry budget is spent: the last GraphError, or a ConsistencyTimeoutError wrapping it. */
export function toRetryExhaustedError(
  reason: RetryReason,
  error: GraphError,
  schedule: RetrySchedule,
): GraphError | ConsistencyTimeoutError {
  if (reason === 'transient') return error;
  const { method, path, status, code, message } = error.details;
  return new ConsistencyTimeoutError(
    `${method} ${path} still failed after waiting ${schedule.replicationWaitedSeconds} s for directory replication: ${status} ${code}: ${message}`,
    { cause: error },
  );
}

/**
 * Returns the settings for reading until a write shows (a replica may lag it): exact waits of
 * base·2^n up to the replication cap, through the policy's sleep.
 */
export function toReplicationPoll(
  policy: RetryPolicy,
  maxAttempts: number,
  baseMs: number = policy.backoffBaseMs,
): PollOptions {
  return {
    maxAttempts,
    backoff: {
      backoffBaseMs: baseMs,
      backoffCapMs: policy.replicationBackoffCapMs,
      jitter: 'none',
    },
    sleep: policy.sleep,
  };
}
