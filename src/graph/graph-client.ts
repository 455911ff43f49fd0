// The Graph client the action uses: single requests and $batch with retries on throttling,
// transient failures and (when the caller says so) replication delay; every failure is a GraphError.
import type { TokenCredential } from '@azure/identity';
import type { GraphError } from '../errors.js';
import { sendBatch, type BatchItemResult, type BatchRequestItem } from './graph-batch.js';
import { toConnectionError, toDisplayPath, toGraphError } from './graph-errors.js';
import {
  GraphConnectionError,
  GraphTransport,
  type FetchLike,
  type RawGraphResponse,
} from './graph-transport.js';
import {
  DEFAULT_RETRY_POLICY,
  RetrySchedule,
  describeConnectionError,
  isConnectionReset,
  isTransientStatus,
  type RetryPolicy,
  toRetryExhaustedError,
  type RetryReason,
} from './retry-policy.js';
import { parseRetryAfter, retry } from '../net/retry.js';

export type { BatchItemResult, BatchRequestItem } from './graph-batch.js';

/** Where the client writes its one line per retry (core.info in the action). */
export interface GraphLogger {
  info(message: string): void;
}

/** How the client is built; everything but credential and endpoint has a default. */
export interface GraphClientOptions {
  credential: TokenCredential;
  /** Host root, e.g. https://graph.microsoft.com (the client adds /v1.0). */
  graphEndpoint: string;
  logger?: GraphLogger;
  fetch?: FetchLike;
  retry?: Partial<RetryPolicy>;
}

/** Per-call options. */
export interface CallOptions {
  /** Also retry (bounded by replicationWaitMs) while this returns true, e.g. isReplicationDelay after a write. */
  retryWhile?: (err: GraphError) => boolean;
}

/** A successful answer with its status (e.g. to tell an upsert's 201 from its 204). */
export interface GraphResponse<T> {
  status: number;
  headers: Record<string, string>;
  body: T;
}

/** Counters for the benchmark: requests as Graph counts them, and HTTP round trips. */
export interface GraphStats {
  /** Logical requests, counting each $batch item once per attempt. */
  requests: number;
  roundTrips: number;
  retries: number;
  /** Retries for throttling or overload (429, 503, 504, reset connections); reconcileAll slows down on them. */
  throttled: number;
}

type Headers = Record<string, string>;

/** A small Microsoft Graph client with retries, $batch and typed errors. */
export class GraphClient {
  readonly stats: GraphStats = { requests: 0, roundTrips: 0, retries: 0, throttled: 0 };
  readonly policy: RetryPolicy;
  private readonly transport: GraphTransport;
  private readonly logger: GraphLogger;
  /** Graph's root, e.g. https://graph.microsoft.com (directory object references name it). */
  readonly graphEndpoint: string;

  constructor(options: GraphClientOptions) {
    this.graphEndpoint = options.graphEndpoint.replace(/\/+$/, '');
    this.transport = new GraphTransport(options.credential, options.graphEndpoint, options.fetch);
    this.policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.logger = options.logger ?? { info: () => undefined };
  }

  /** Reads one resource; throws GraphError (404 included). */
  async get<T>(path: string, headers?: Headers, options?: CallOptions): Promise<T> {
    return (await this.send<T>('GET', path, undefined, headers, options)).body;
  }

  /** Posts and returns the response body (undefined for 204). */
  async post<T>(
    path: string,
    body?: unknown,
    headers?: Headers,
    options?: CallOptions,
  ): Promise<T> {
    return (await this.send<T>('POST', path, body, headers, options)).body;
  }

  /** Patches and returns the response body (undefined for 204). */
  async patch<T>(
    path: string,
    body?: unknown,
    headers?: Headers,
    options?: CallOptions,
  ): Promise<T | undefined> {
    return (await this.send<T | undefined>('PATCH', path, body, headers, options)).body;
  }

  /** Deletes. */
  async delete(path: string, headers?: Headers, options?: CallOptions): Promise<void> {
    await this.send('DELETE', path, undefined, headers, options);
  }

  /** Reads every page of a collection, following @odata.nextLink. */
  async getAll<T>(path: string, headers?: Headers): Promise<T[]> {
    const first = await this.get<{ value?: T[]; '@odata.nextLink'?: string }>(path, headers);
    return this.readRemainingPages(first, headers);
  }

  /** Returns a collection page's items plus those of the pages after it. */
  async readRemainingPages<T>(
    page: { value?: T[]; '@odata.nextLink'?: string } | undefined,
    headers?: Headers,
  ): Promise<T[]> {
    const items = [...(page?.value ?? [])];
    let next = page?.['@odata.nextLink'];
    while (next) {
      const more: { value?: T[]; '@odata.nextLink'?: string } = await this.get(next, headers);
      items.push(...(more.value ?? []));
      next = more['@odata.nextLink'];
    }
    return items;
  }

  /**
   * Sends requests through POST /$batch (20 per call, in order) and returns one result per request,
   * in request order; failed items carry a GraphError instead of throwing.
   */
  batch(requests: BatchRequestItem[], options?: CallOptions): Promise<BatchItemResult[]> {
    return sendBatch(requests, {
      policy: this.policy,
      retryWhile: options?.retryWhile,
      sendEnvelope: async (body) => {
        const response = await this.send<{ responses?: unknown[] }>('POST', '$batch', body);
        // Graph counts each item of a batch as a request against its limits.
        this.stats.requests += body.requests.length - 1;
        return response.body;
      },
      logRetry: (reason, label, delay, schedule) => this.logRetry(reason, label, delay, schedule),
    });
  }

  /** Sends one request with retries and returns the answer; non-2xx answers throw GraphError. */
  async send<T>(
    method: string,
    path: string,
    body?: unknown,
    headers?: Headers,
    options?: CallOptions,
  ): Promise<GraphResponse<T>> {
    const schedule = new RetrySchedule(this.policy);
    return retry(
      async () => {
        const answer = await this.sendOnce(method, path, body, headers, options);
        return { status: answer.status, headers: answer.headers, body: answer.body as T };
      },
      {
        nextDelayMs: (failed) =>
          failed instanceof FailedAttempt && failed.reason
            ? schedule.nextDelay(failed.reason, failed.retryAfterMs)
            : undefined,
        log: (failed, delayMs) => {
          const { reason, label } = failed as FailedAttempt;
          this.logRetry(reason as RetryReason, label, delayMs, schedule);
        },
        sleep: this.policy.sleep,
        giveUp: (failed) => {
          if (!(failed instanceof FailedAttempt)) throw failed;
          throw failed.reason
            ? toRetryExhaustedError(failed.reason, failed.error, schedule)
            : failed.error;
        },
      },
    );
  }

  // One round trip; a failed one throws a FailedAttempt that says whether and why to retry it.
  private async sendOnce(
    method: string,
    path: string,
    body: unknown,
    headers: Headers | undefined,
    options: CallOptions | undefined,
  ): Promise<RawGraphResponse> {
    let answer: RawGraphResponse;
    try {
      this.stats.requests++;
      this.stats.roundTrips++;
      answer = await this.transport.send(method, path, body, headers);
    } catch (err) {
      if (!(err instanceof GraphConnectionError)) throw err;
      const reason = describeConnectionError(err.cause);
      throw new FailedAttempt(
        toConnectionError(method, path, reason, err.cause),
        `${method} ${toDisplayPath(path)}: ${reason}`,
        isConnectionReset(err.cause) ? 'transient' : undefined,
      );
    }
    if (answer.status < 400) return answer;
    const error = toGraphError({ method, path, ...answer });
    throw new FailedAttempt(
      error,
      `${method} ${toDisplayPath(path)}: ${answer.status} ${error.code}`,
      isTransientStatus(answer.status)
        ? 'transient'
        : options?.retryWhile?.(error)
          ? 'replication'
          : undefined,
      parseRetryAfter(answer.headers['retry-after']),
    );
  }

  private logRetry(
    reason: RetryReason,
    label: string,
    delayMs: number,
    schedule: RetrySchedule,
  ): void {
    this.stats.retries++;
    if (reason === 'transient') this.stats.throttled++;
    const why = reason === 'replication' ? 'waiting for directory replication' : 'retrying';
    this.logger.info(
      `Graph ${label}; ${why} in ${(delayMs / 1000).toFixed(1)} s (${schedule.describe(reason)})`,
    );
  }
}

/** A failed round trip: the error to throw, the retry log label, and the reason to retry (if any). */
class FailedAttempt extends Error {
  constructor(
    readonly error: GraphError,
    readonly label: string,
    readonly reason?: RetryReason,
    readonly retryAfterMs?: number,
  ) {
    super(label);
  }
}
