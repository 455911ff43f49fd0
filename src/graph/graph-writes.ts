// Writes that can share a $batch call: each carries its request and what its failures mean, so a
// retry of a write that was applied converges ("already exists" to a create and "not found" to a
// delete count as done). https://learn.microsoft.com/graph/json-batching
import type { ConsistencyTimeoutError, GraphError } from '../errors.js';
import type { BatchItemResult, BatchRequestItem, GraphClient } from './graph-client.js';
import { isReplicationDelay } from './retry-policy.js';

/** One write for a $batch, with what its failures mean. */
export interface GraphWrite {
  request: Omit<BatchRequestItem, 'id'>;
  /** true when this failure means the write is already in effect. */
  isDone?: (err: GraphError) => boolean;
  /** Follow-up when the failure says an equivalent object exists that must be brought in line; true once it is. */
  converge?: (err: GraphError) => Promise<boolean>;
}

/** A write that failed: its index among the writes sent, and Graph's error. */
export interface FailedWrite {
  index: number;
  error: GraphError | ConsistencyTimeoutError;
}

// Deletes are not retried on 404: the object is gone, which is what the write wants.
/** The replication-delay retry of a write: any but a DELETE while Graph has not replicated a new object. */
export const retryWrite = (err: GraphError): boolean =>
  err.details.method !== 'DELETE' && isReplicationDelay(err);

/**
 * Sends the writes in $batch calls (20 per call, in order), each retried while Graph has not yet
 * replicated the objects it names; returns the failures, after every write was tried.
 */
export async function sendWrites(
  graph: GraphClient,
  writes: readonly GraphWrite[],
): Promise<FailedWrite[]> {
  if (writes.length === 0) return [];
  const results = await graph.batch(
    writes.map((w, i) => ({ id: `w${i}`, ...w.request })),
    { retryWhile: retryWrite },
  );
  const failures: FailedWrite[] = [];
  for (const [index, write] of writes.entries()) {
    const error = await toFailure(write, results[index]);
    if (error) failures.push({ index, error });
  }
  return failures;
}

/** The write's error, or null when it is in effect (done, done already, or brought in line). */
async function toFailure(
  write: GraphWrite,
  result: BatchItemResult | undefined,
): Promise<FailedWrite['error'] | null> {
  const error = result?.error;
  if (!error || !('details' in error)) return error ?? null;
  if (write.isDone?.(error)) return null;
  return (await write.converge?.(error)) ? null : error;
}

/** A 404 to a delete: the object is already gone. */
export const isNotFound = (e: GraphError): boolean => e.status === 404;

/** A 400 "… already exists" to a create. */
export const isAlreadyExists = (e: GraphError): boolean =>
  e.status === 400 && /already exists/i.test(e.details.message);
