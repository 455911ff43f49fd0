// POST /v1.0/$batch: up to 20 requests, dependsOn ordering (424 when a dependency failed),
// per-request faults (a throttled inner request answers 429 with Retry-After in its own headers).
import { toFaultResponse } from '../faults.js';
import { GraphFailure } from './errors.js';
import { dispatchGraphRequest, type GraphEnvironment, type GraphResponse } from './dispatch.js';
import type { Caller } from './operation.js';

const MAX_REQUESTS = 20;

interface BatchStep {
  id: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
  dependsOn: string[];
}

/** One inner answer, as Graph puts it in `responses`. */
export interface BatchItemResponse {
  id: string;
  status: number;
  headers: Record<string, string>;
  body?: unknown;
}

/** The outcome of a batch: the answers in request order, what to log, and whether to drop the connection. */
export interface BatchOutcome {
  responses: BatchItemResponse[];
  inner: Array<{ method: string; url: string; status: number }>;
  resetConnection: boolean;
}

/** Validates the envelope; throws Graph's 400 for a malformed batch. */
export function parseBatch(body: unknown): BatchStep[] {
  const requests = (body as { requests?: unknown } | null)?.requests;
  if (!Array.isArray(requests))
    throw new GraphFailure(400, 'BadRequest', 'Invalid batch payload format.');
  // Wording assumed: json-batching.md documents only that more than 20 requests fail the whole batch.
  if (requests.length > MAX_REQUESTS)
    throw new GraphFailure(
      400,
      'BadRequest',
      `The number of requests in the batch exceeds the limit of ${MAX_REQUESTS}.`,
    );
  const steps = requests.map(toStep);
  const ids = new Set<string>();
  for (const step of steps) {
    if (ids.has(step.id.toLowerCase()))
      throw new GraphFailure(400, 'BadRequest', `Batch request id '${step.id}' is not unique.`);
    ids.add(step.id.toLowerCase());
  }
  for (const step of steps) {
    for (const dependency of step.dependsOn) {
      if (!ids.has(dependency.toLowerCase()))
        throw new GraphFailure(
          400,
          'BadRequest',
          `Request '${step.id}' depends on an unknown request '${dependency}'.`,
        );
    }
  }
  return steps;
}

function toStep(raw: unknown): BatchStep {
  const item = (raw ?? {}) as Record<string, unknown>;
  if (
    typeof item.id !== 'string' ||
    typeof item.method !== 'string' ||
    typeof item.url !== 'string'
  ) {
    throw new GraphFailure(400, 'BadRequest', 'Invalid batch payload format.');
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries((item.headers ?? {}) as Record<string, unknown>))
    headers[name.toLowerCase()] = String(value);
  if (item.body !== undefined && !headers['content-type']) {
    throw new GraphFailure(
      400,
      'BadRequest',
      `Write request id : ${item.id} does not contain Content-Type header or body.`,
    );
  }
  const dependsOn = Array.isArray(item.dependsOn) ? item.dependsOn.map(String) : [];
  return {
    id: item.id,
    method: item.method.toUpperCase(),
    url: item.url,
    headers,
    body: item.body,
    dependsOn,
  };
}

/** Runs the steps, each after its dependencies; a step whose dependency failed answers 424. */
export async function runBatch(
  env: GraphEnvironment,
  steps: BatchStep[],
  caller: Caller,
  outerHeaders: Record<string, string>,
): Promise<BatchOutcome> {
  const done = new Map<string, BatchItemResponse>();
  const outcome: BatchOutcome = { responses: [], inner: [], resetConnection: false };
  const pending = [...steps];
  while (pending.length > 0) {
    const index = pending.findIndex((s) => s.dependsOn.every((d) => done.has(d.toLowerCase())));
    if (index < 0)
      throw new GraphFailure(400, 'BadRequest', 'The dependsOn graph of the batch has a cycle.');
    const [step] = pending.splice(index, 1);
    const failedDependency = step.dependsOn.some(
      (d) => (done.get(d.toLowerCase())?.status ?? 200) >= 400,
    );
    const response = failedDependency
      ? failedDependencyResponse(step)
      : await runStep(env, step, caller, outerHeaders, outcome);
    done.set(step.id.toLowerCase(), response);
    outcome.inner.push({ method: step.method, url: step.url, status: response.status });
    if (outcome.resetConnection) return outcome;
  }
  outcome.responses = steps.map((s) => done.get(s.id.toLowerCase()) as BatchItemResponse);
  return outcome;
}

async function runStep(
  env: GraphEnvironment,
  step: BatchStep,
  caller: Caller,
  outerHeaders: Record<string, string>,
  outcome: BatchOutcome,
): Promise<BatchItemResponse> {
  const url = step.url.startsWith('/') ? step.url : `/${step.url}`;
  const isWrite = step.method !== 'GET';
  const clientRequestId = step.headers['client-request-id'] ?? outerHeaders['client-request-id'];
  const rule = env.faults.take('graph', step.method, `/v1.0${url}`, isWrite);
  const applyFirst = Boolean(rule?.afterApply && isWrite);
  if (rule?.resetConnection && !applyFirst) {
    outcome.resetConnection = true;
    return { id: step.id, status: 0, headers: {} };
  }
  if (rule && !applyFirst)
    return toItem(step.id, { ...toFaultResponse('graph', rule, clientRequestId) });
  const headers = {
    ...step.headers,
    ...(clientRequestId ? { 'client-request-id': clientRequestId } : {}),
  };
  const response = await dispatchGraphRequest(
    env,
    { method: step.method, url, headers, body: step.body },
    caller,
  );
  if (rule?.resetConnection && response.status < 400) {
    // Applied, then the connection drops: the rest of the batch never runs and no answer arrives.
    outcome.resetConnection = true;
    return { id: step.id, status: 0, headers: {} };
  }
  if (rule && response.status < 400)
    return toItem(step.id, toFaultResponse('graph', rule, clientRequestId));
  return toItem(step.id, response);
}

function toItem(id: string, response: GraphResponse): BatchItemResponse {
  // Inner responses carry only the headers that matter to the caller, with Graph's capitalisation.
  const names: Record<string, string> = {
    'content-type': 'Content-Type',
    location: 'Location',
    'retry-after': 'Retry-After',
  };
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers))
    if (names[name]) headers[names[name]] = value;
  if (response.status === 204) delete headers['Content-Type'];
  return {
    id,
    status: response.status,
    headers,
    ...(response.body !== undefined ? { body: response.body } : {}),
  };
}

function failedDependencyResponse(step: BatchStep): BatchItemResponse {
  return {
    id: step.id,
    status: 424,
    headers: { 'Content-Type': 'application/json' },
    body: {
      error: {
        code: 'FailedDependency',
        message: 'The request could not be completed because a request it depends on failed.',
      },
    },
  };
}
