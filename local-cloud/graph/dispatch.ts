// Runs one Graph request (from HTTP or from a $batch) against the tenant and shapes the answer:
// Graph's error body and correlation headers included.
import type { Faults } from '../faults.js';
import type { Tenant } from '../tenant.js';
import { GraphFailure, newCorrelation, toGraphErrorBody, type Correlation } from './errors.js';
import { parseQuery } from './odata.js';
import type { Caller, OperationContext } from './operation.js';
import { parsePath, runOperation } from './routes.js';

/** What every request runs against. */
export interface GraphEnvironment {
  tenant: Tenant;
  faults: Faults;
  now(): number;
  /** e.g. https://127.0.0.1:1234/v1.0 */
  baseUrl: string;
}

/** One request, already authenticated; url relative to /v1.0 ("/applications?$top=5"). */
export interface GraphRequest {
  method: string;
  url: string;
  /** lower-case names */
  headers: Record<string, string>;
  body: unknown;
}

/** One answer; body is JSON, a string (text/plain) or absent. */
export interface GraphResponse {
  status: number;
  headers: Record<string, string>;
  body?: unknown;
}

const JSON_CONTENT_TYPE =
  'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';

/** Runs `request` as `caller`; never throws for Graph errors (they become error responses). */
export async function dispatchGraphRequest(
  env: GraphEnvironment,
  request: GraphRequest,
  caller: Caller,
): Promise<GraphResponse> {
  const now = env.now();
  const correlation = newCorrelation(request.headers['client-request-id'], now);
  try {
    // /myorganization/… names the signed-in tenant: the same resources as /… (the CLI for
    // Microsoft 365 sends every request this way, also inside $batch).
    const url = request.url.replace(/^\/myorganization(?=[/?]|$)/i, '');
    const [path, search = ''] = url.split(/\?(.*)/s, 2);
    const parsed = parsePath(path);
    const ctx: OperationContext = {
      tenant: env.tenant,
      faults: env.faults,
      now,
      caller,
      method: request.method.toUpperCase(),
      keys: parsed.keys,
      query: parseQuery(new URLSearchParams(search)),
      headers: request.headers,
      body: toBodyObject(request),
      baseUrl: env.baseUrl,
      path,
    };
    const result = await runOperation(ctx, parsed);
    return withCorrelation(
      { status: result.status, headers: { ...result.headers }, body: result.body },
      correlation,
    );
  } catch (error) {
    return toErrorResponse(error, correlation);
  }
}

function toBodyObject(request: GraphRequest): Record<string, unknown> {
  const { body } = request;
  if (body === undefined || body === null || body === '') return {};
  if (typeof body === 'object' && !Array.isArray(body)) return body as Record<string, unknown>;
  throw new GraphFailure(
    400,
    'BadRequest',
    'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.',
  );
}

/** Graph's error response for a thrown GraphFailure (or a 500 for anything else). */
export function toErrorResponse(error: unknown, correlation: Correlation): GraphResponse {
  const failure =
    error instanceof GraphFailure
      ? error
      : new GraphFailure(
          500,
          'InternalServerError',
          `The local cloud failed: ${(error as Error).message}`,
        );
  const body = toGraphErrorBody(failure.code, failure.message, correlation, failure.details);
  return withCorrelation(
    { status: failure.status, headers: { ...failure.headers }, body },
    correlation,
  );
}

function withCorrelation(response: GraphResponse, correlation: Correlation): GraphResponse {
  const headers: Record<string, string> = {
    'request-id': correlation.requestId,
    'client-request-id': correlation.clientRequestId,
    date: correlation.date.toUTCString(),
    ...response.headers,
  };
  if (response.body !== undefined && !headers['content-type'])
    headers['content-type'] = JSON_CONTENT_TYPE;
  return { ...response, headers };
}
