// The one retry loop of the action and its parts: the sleep, exponential backoff (full jitter by
// default), Retry-After, bounds by attempts and by time, one log line per retry. Graph, GitHub,
// the GitHub ID token, the credential check and the key-credential reads all retry through it.
// https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/

/** Waits; every retry loop takes one so that tests never wait. */
export type Sleep = (ms: number) => Promise<void>;

/** The real sleep (a timer). */
export const sleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * How a backoff spreads its waits: `full` is random in [0, ceiling), `equal` half fixed and half
 * random (never near zero), `none` the ceiling itself (for schedules that promise exact waits).
 */
export type Jitter = 'full' | 'equal' | 'none';

/** Base and cap of an exponential backoff. */
export interface Backoff {
  backoffBaseMs: number;
  backoffCapMs: number;
  jitter?: Jitter;
  /** Returns a number in [0, 1); Math.random when absent. */
  random?: () => number;
}

/** Returns the wait before retry number attempt + 1 (attempt counts from 0): min(cap, base·2^attempt), jittered. */
export function computeBackoffMs(attempt: number, backoff: Backoff): number {
  const ceiling = Math.min(
    backoff.backoffCapMs,
    backoff.backoffBaseMs * 2 ** Math.min(attempt, 30),
  );
  const random = backoff.random ?? Math.random;
  switch (backoff.jitter ?? 'full') {
    case 'none':
      return ceiling;
    case 'equal':
      return Math.floor(ceiling / 2 + (random() * ceiling) / 2);
    default:
      return Math.floor(random() * ceiling);
  }
}

/**
 * Returns the wait a Retry-After header asks for in milliseconds: delta-seconds (Graph may send
 * fractions) or an HTTP date; undefined when absent or unreadable.
 */
export function parseRetryAfter(
  value: string | null | undefined,
  nowMs: number = Date.now(),
): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  // An HTTP date names its weekday and month; anything else (e.g. "-1") is not a valid header.
  const at = /[a-z]/i.test(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}

/**
 * How `retry` decides, waits and reports; `attempt` is the number of attempts made so far (from 1).
 * It decides either with `isRetryable` (and `retryAfterMs`, else `backoff`) or, for schedules of
 * their own (Graph's budgets per reason, GitHub's rate limits), with `nextDelayMs`.
 */
export interface RetryOptions<T> {
  /** Whether a failure is worth another attempt. */
  isRetryable?: (error: unknown) => boolean;
  /** The wait a retryable failure asks for (its Retry-After), instead of the backoff. */
  retryAfterMs?: (error: unknown) => number | undefined;
  backoff?: Backoff;
  /** Returns the wait before the next attempt, or undefined when the failure is not worth one. */
  nextDelayMs?: (error: unknown, attempt: number) => number | undefined;
  /** Attempts at most (the first included); unbounded when absent. */
  maxAttempts?: number;
  /** Gives up when the next attempt would start after this time (ms since the epoch, on `now`'s clock). */
  deadlineMs?: number;
  now?: () => number;
  /** Writes the one log line of a retry. */
  log?(error: unknown, delayMs: number, attempt: number): void;
  sleep?: Sleep;
  /** Called instead of rethrowing when the helper gives up: returns a result or throws its own error. */
  giveUp?(error: unknown, attempt: number): T;
}

/** Runs the operation until it succeeds or the options say to stop; then rethrows its last error (or calls giveUp). */
export async function retry<T>(
  operation: (attempt: number) => Promise<T>,
  options: RetryOptions<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation(attempt);
    } catch (error) {
      const delay = nextDelay(options, error, attempt);
      if (delay === undefined) {
        if (options.giveUp) return options.giveUp(error, attempt);
        throw error;
      }
      options.log?.(error, delay, attempt);
      await (options.sleep ?? sleep)(delay);
    }
  }
}

function nextDelay<T>(
  options: RetryOptions<T>,
  error: unknown,
  attempt: number,
): number | undefined {
  if (options.maxAttempts !== undefined && attempt >= options.maxAttempts) return undefined;
  const delay = options.nextDelayMs
    ? options.nextDelayMs(error, attempt)
    : toBackoffDelay(options, error, attempt);
  if (delay === undefined) return undefined;
  const now = options.now ?? Date.now;
  if (options.deadlineMs !== undefined && now() + delay > options.deadlineMs) return undefined;
  return delay;
}

function toBackoffDelay<T>(
  options: RetryOptions<T>,
  error: unknown,
  attempt: number,
): number | undefined {
  if (!options.isRetryable?.(error) || !options.backoff) return undefined;
  return options.retryAfterMs?.(error) ?? computeBackoffMs(attempt - 1, options.backoff);
}

/** How `poll` reads again. */
export interface PollOptions {
  maxAttempts: number;
  backoff: Backoff;
  sleep?: Sleep;
  /** Writes the one log line of a read that is tried again. */
  log?(delayMs: number, attempt: number): void;
}

/** Calls read until it returns a value (at most maxAttempts times, backing off between calls); undefined when it never did. */
export async function poll<T>(
  read: () => Promise<T | undefined>,
  options: PollOptions,
): Promise<T | undefined> {
  return retry(
    async () => {
      const value = await read();
      if (value === undefined) throw new NothingYet();
      return value;
    },
    {
      maxAttempts: options.maxAttempts,
      isRetryable: (error) => error instanceof NothingYet,
      backoff: options.backoff,
      log: (_error, delayMs, attempt) => options.log?.(delayMs, attempt),
      sleep: options.sleep,
      giveUp: (error) => {
        if (error instanceof NothingYet) return undefined;
        throw error;
      },
    },
  );
}

class NothingYet extends Error {}
