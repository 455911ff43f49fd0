// JSON batching: up to 20 requests per POST /$batch, dependsOn honoured, per-item retries.
// https://learn.microsoft.com/graph/json-batching
import type { ConsistencyTimeoutError, GraphError } from '../errors.js';
import { toGraphError } from './graph-errors.js';
import {
  RetrySchedule,
  isTransientStatus,
  toRetryExhaustedError,
  type RetryPolicy,
  type RetryReason,
} from './retry-policy.js';
import { parseRetryAfter, retry } from '../net/retry.js';
import { toLowerCaseHeaders } from '../net/http-headers.js';

/** Graph's limit of requests in one $batch. */
export const MAX_BATCH_SIZE = 20;

/** One request of a batch; `url` is relative to /v1.0, e.g. "/applications/{id}". */
export interface BatchRequestItem {
  id: string;
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  url: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** ids of earlier requests that must succeed first. */
  dependsOn?: string[];
}

/** The answer to one request of a batch; `error` is set when it failed (after retries). */
export interface BatchItemResult {
  id: string;
  request: BatchRequestItem;
  status: number;
  headers: Record<string, string>;
  body: unknown;
  error?: GraphError | ConsistencyTimeoutError;
}

type FailedItem = BatchItemResult & { error: GraphError };

interface WireResponse {
  id?: unknown;
  status?: unknown;
  headers?: Record<string, string>;
  body?: unknown;
}

/** What sendBatch needs from the client. */
export interface BatchTransport {
  policy: RetryPolicy;
  retryWhile?: (err: GraphError) => boolean;
  /** Posts one $batch envelope (with the client's own envelope-level retries) and returns its body. */
  sendEnvelope(body: { requests: unknown[] }): Promise<{ responses?: unknown[] } | undefined>;
  logRetry(reason: RetryReason, label: string, delayMs: number, schedule: RetrySchedule): void;
}

/** Sends the requests in chunks of 20, in order, and returns one result per request in request order. */
export async function sendBatch(
  requests: BatchRequestItem[],
  transport: BatchTransport,
): Promise<BatchItemResult[]> {
  assertValidBatch(requests);
  const results = new Map<string, BatchItemResult>();
  for (let start = 0; start < requests.length; start += MAX_BATCH_SIZE) {
    const chunk = requests.slice(start, start + MAX_BATCH_SIZE);
    const pending: BatchRequestItem[] = [];
    for (const item of chunk) {
      // A dependency in an earlier chunk has already run: drop it from dependsOn, or fail like Graph would.
      const failed = (item.dependsOn ?? []).find((dep) => results.get(dep)?.error);
      if (failed) results.set(item.id, failedDependency(item, failed));
      else pending.push({ ...item, dependsOn: item.dependsOn?.filter((dep) => !results.has(dep)) });
    }
    await sendChunk(pending, results, transport);
  }
  return requests.map((r) => results.get(r.id) as BatchItemResult);
}

interface RetryEntry {
  item: BatchRequestItem;
  reason: RetryReason;
  retryAfterMs?: number;
  result: FailedItem;
}

/** The items of a $batch answer that are worth another attempt (thrown between attempts). */
class ItemsToRetry extends Error {
  readonly reason: RetryReason;
  readonly retryAfterMs: number | undefined;
  constructor(
    readonly entries: RetryEntry[],
    readonly label: string,
  ) {
    super(label);
    this.reason = entries.some((e) => e.reason === 'transient') ? 'transient' : 'replication';
    const retryAfters = entries
      .map((e) => e.retryAfterMs)
      .filter((ms): ms is number => ms !== undefined);
    this.retryAfterMs = retryAfters.length ? Math.max(...retryAfters) : undefined;
  }
}

async function sendChunk(
  items: BatchRequestItem[],
  results: Map<string, BatchItemResult>,
  transport: BatchTransport,
): Promise<void> {
  const schedule = new RetrySchedule(transport.policy);
  let toSend = items;
  await retry(
    async () => {
      if (toSend.length === 0) return;
      const retrying = await sendItems(toSend, results, transport);
      if (retrying.size === 0) return;
      const entries = [...retrying.values()];
      const first = entries[0].result;
      const example = `${first.request.method} ${first.request.url}: ${first.status} ${first.error.details.code}`;
      const label = `$batch: ${entries.length} of ${toSend.length} requests to retry, e.g. ${example}`;
      toSend = entries.map((e) => ({
        ...e.item,
        dependsOn: e.item.dependsOn?.filter((dep) => retrying.has(dep)),
      }));
      throw new ItemsToRetry(entries, label);
    },
    {
      nextDelayMs: (failed) =>
        failed instanceof ItemsToRetry
          ? schedule.nextDelay(failed.reason, failed.retryAfterMs)
          : undefined,
      log: (failed, delayMs) => {
        const { reason, label } = failed as ItemsToRetry;
        transport.logRetry(reason, label, delayMs, schedule);
      },
      sleep: transport.policy.sleep,
      giveUp: (failed) => {
        if (!(failed instanceof ItemsToRetry)) throw failed;
        for (const e of failed.entries)
          results.set(e.item.id, {
            ...e.result,
            error: toRetryExhaustedError(e.reason, e.result.error, schedule),
          });
      },
    },
  );
}

// Sends one envelope, records the final results and returns the items to retry, by id.
async function sendItems(
  toSend: BatchRequestItem[],
  results: Map<string, BatchItemResult>,
  transport: BatchTransport,
): Promise<Map<string, RetryEntry>> {
  const envelope = await transport.sendEnvelope({ requests: toSend.map(toWireRequest) });
  const answers = new Map<string, WireResponse>();
  for (const raw of envelope?.responses ?? []) {
    const r = raw as WireResponse;
    if (typeof r.id === 'string') answers.set(r.id, r);
  }
  const retrying = new Map<string, RetryEntry>();
  for (const item of toSend) {
    const result = toItemResult(item, answers.get(item.id));
    const reason = result.error ? classify(result, retrying, transport.retryWhile) : undefined;
    if (reason)
      retrying.set(item.id, {
        item,
        reason,
        retryAfterMs: parseRetryAfter(result.headers['retry-after']),
        result: result as FailedItem,
      });
    else results.set(item.id, result);
  }
  return retrying;
}

// 424 means a dependency failed; it is retried only when that dependency is retried.
function classify(
  result: BatchItemResult,
  retry: Map<string, unknown>,
  retryWhile: ((err: GraphError) => boolean) | undefined,
): RetryReason | undefined {
  if (result.status === 424)
    return (result.request.dependsOn ?? []).some((dep) => retry.has(dep))
      ? 'replication'
      : undefined;
  if (isTransientStatus(result.status)) return 'transient';
  if (retryWhile?.(result.error as GraphError)) return 'replication';
  return undefined;
}

function toItemResult(item: BatchRequestItem, answer: WireResponse | undefined): BatchItemResult {
  const headers = toLowerCaseHeaders(answer?.headers);
  const status = typeof answer?.status === 'number' ? answer.status : 500;
  const body = answer
    ? answer.body
    : {
        error: {
          code: 'MissingBatchResponse',
          message: 'the $batch answer has no response for this request',
        },
      };
  const result: BatchItemResult = { id: item.id, request: item, status, headers, body };
  if (status >= 400 || !answer)
    result.error = toGraphError({ method: item.method, path: item.url, status, headers, body });
  return result;
}

function failedDependency(item: BatchRequestItem, dependency: string): BatchItemResult {
  const body = {
    error: { code: 'FailedDependency', message: `request '${dependency}' it depends on failed` },
  };
  return {
    id: item.id,
    request: item,
    status: 424,
    headers: {},
    body,
    error: toGraphError({ method: item.method, path: item.url, status: 424, headers: {}, body }),
  };
}

function toWireRequest(item: BatchRequestItem): Record<string, unknown> {
  const wire: Record<string, unknown> = {
    id: item.id,
    method: item.method,
    url: item.url.startsWith('/') ? item.url : `/${item.url}`,
  };
  if (item.body !== undefined) {
    wire.body = item.body;
    wire.headers = { 'Content-Type': 'application/json', ...item.headers };
  } else if (item.headers) {
    wire.headers = item.headers;
  }
  if (item.dependsOn?.length) wire.dependsOn = item.dependsOn;
  return wire;
}

function assertValidBatch(requests: BatchRequestItem[]): void {
  const seen = new Set<string>();
  for (const r of requests) {
    const key = r.id.toLowerCase();
    if (seen.has(key))
      throw new Error(
        `Invalid $batch: duplicate request id '${r.id}' (ids are compared case-insensitively).`,
      );
    for (const dep of r.dependsOn ?? []) {
      if (!seen.has(dep.toLowerCase()))
        throw new Error(
          `Invalid $batch: request '${r.id}' depends on '${dep}', which is not an earlier request.`,
        );
    }
    seen.add(key);
  }
}
