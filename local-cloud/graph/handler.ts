// The Graph v1.0 fake's HTTP entry point: faults, authentication, dispatch or $batch, logging.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { toFaultResponse, type Faults } from '../faults.js';
import { toCapturedText, type RequestLog } from '../request-log.js';
import type { Tenant } from '../tenant.js';
import { parseBatch, runBatch, type BatchOutcome } from './batch.js';
import {
  dispatchGraphRequest,
  toErrorResponse,
  type GraphEnvironment,
  type GraphResponse,
} from './dispatch.js';
import { GraphFailure, newCorrelation } from './errors.js';
import type { Caller } from './operation.js';

/** The claims of a verified access token that Graph uses. */
export interface AccessClaims {
  appid: string;
  oid: string;
  tid: string;
  roles: string[];
  aud: string;
}

/** What the Graph fake runs against; supplied by the local cloud. */
export interface GraphContext {
  tenant: Tenant;
  /** Verifies "Bearer <jwt>"; returns claims or null (→ 401 InvalidAuthenticationToken). Supplied by the Entra fake. */
  authenticate(authorization: string | undefined): AccessClaims | null;
  faults: Faults;
  log: RequestLog;
  /** ms epoch; tests may move it */
  now(): number;
}

const GRAPH_AUDIENCES = new Set([
  'https://graph.microsoft.com',
  'https://graph.microsoft.com/',
  '00000003-0000-0000-c000-000000000000',
]);

/** A node:http handler serving Graph v1.0 under /v1.0 (the body is read by the server). */
export function createGraphHandler(
  ctx: GraphContext,
): (req: IncomingMessage, res: ServerResponse, body: Buffer) => Promise<void> {
  return async (req, res, body) => {
    const started = Date.now();
    const at = ctx.now();
    const method = (req.method ?? 'GET').toUpperCase();
    const url = req.url ?? '/';
    const isBatch = /^\/v1\.0\/\$batch\/?(\?|$)/.test(url);
    const isWrite = method !== 'GET' && method !== 'HEAD' && !isBatch;
    let responseText = '';
    const log = (status: number, responseBytes: number, inner?: BatchOutcome['inner']) =>
      ctx.log.record({
        service: 'graph',
        method,
        path: url,
        status,
        at,
        durationMs: Date.now() - started,
        requestBytes: body.length,
        responseBytes,
        ...(inner ? { inner } : {}),
        ...(ctx.log.captureExchanges
          ? {
              exchange: {
                host: req.headers.host ?? '',
                request: toCapturedText(body),
                response: toCapturedText(responseText),
              },
            }
          : {}),
      });

    if (await ctx.faults.intercept('graph', req, res, isWrite)) {
      log(res.headersSent ? res.statusCode : 0, 0);
      return;
    }
    const headers = lowerCaseHeaders(req);
    const env: GraphEnvironment = {
      tenant: ctx.tenant,
      faults: ctx.faults,
      now: () => ctx.now(),
      baseUrl: `${protocolOf(req)}://${req.headers.host ?? 'graph.microsoft.com'}/v1.0`,
    };
    const { response, outcome } = await answer(ctx, env, { method, url, headers, body });
    if (outcome?.resetConnection) {
      req.socket.destroy();
      log(0, 0, outcome.inner);
      return;
    }
    const afterApply = ctx.faults.takeAfterApply(req);
    // The write happened, but the connection drops before the answer: the client cannot know.
    if (afterApply?.resetConnection && response.status < 400) {
      req.socket.destroy();
      log(0, 0, outcome?.inner);
      return;
    }
    const final =
      afterApply && response.status < 400
        ? toFaultResponse('graph', afterApply, headers['client-request-id'])
        : response;
    responseText = toResponseText(final);
    log(final.status, writeResponse(res, final), outcome?.inner);
  };
}

interface RawRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: Buffer;
}

async function answer(
  ctx: GraphContext,
  env: GraphEnvironment,
  raw: RawRequest,
): Promise<{ response: GraphResponse; outcome?: BatchOutcome }> {
  const correlation = newCorrelation(raw.headers['client-request-id'], env.now());
  try {
    if (!raw.url.startsWith('/v1.0/'))
      throw new GraphFailure(400, 'BadRequest', 'Invalid version.');
    const caller = authenticate(ctx, raw.headers.authorization);
    const body = parseJson(raw.body);
    if (/^\/v1\.0\/\$batch\/?(\?|$)/.test(raw.url)) {
      if (raw.method !== 'POST')
        throw new GraphFailure(
          405,
          'BadRequest',
          'Specified HTTP method is not allowed for the request target.',
        );
      const outcome = await runBatch(env, parseBatch(body), caller, raw.headers);
      const response = toBatchEnvelope(env, outcome, raw.headers);
      return { response, outcome };
    }
    return {
      response: await dispatchGraphRequest(
        env,
        { method: raw.method, url: raw.url.slice('/v1.0'.length), headers: raw.headers, body },
        caller,
      ),
    };
  } catch (error) {
    const response = toErrorResponse(error, correlation);
    if (response.status === 401) {
      response.headers['www-authenticate'] =
        'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"';
    }
    return { response };
  }
}

function toBatchEnvelope(
  env: GraphEnvironment,
  outcome: BatchOutcome,
  headers: Record<string, string>,
): GraphResponse {
  const correlation = newCorrelation(headers['client-request-id'], env.now());
  return {
    status: 200,
    headers: {
      'request-id': correlation.requestId,
      'client-request-id': correlation.clientRequestId,
      date: correlation.date.toUTCString(),
      'content-type':
        'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8',
    },
    body: { responses: outcome.responses },
  };
}

function authenticate(ctx: GraphContext, authorization: string | undefined): Caller {
  if (!authorization || !/^Bearer\s+\S/i.test(authorization))
    throw new GraphFailure(401, 'InvalidAuthenticationToken', 'Access token is empty.');
  const claims = ctx.authenticate(authorization);
  if (!claims)
    throw new GraphFailure(401, 'InvalidAuthenticationToken', 'Access token validation failure.');
  if (!GRAPH_AUDIENCES.has(claims.aud))
    throw new GraphFailure(
      401,
      'InvalidAuthenticationToken',
      'Access token validation failure. Invalid audience.',
    );
  return { appId: claims.appid, oid: claims.oid, roles: new Set(claims.roles ?? []) };
}

function parseJson(body: Buffer): unknown {
  if (body.length === 0) return undefined;
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw new GraphFailure(
      400,
      'BadRequest',
      'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.',
    );
  }
}

function toResponseText(response: GraphResponse): string {
  if (response.body === undefined) return '';
  return typeof response.body === 'string' ? response.body : JSON.stringify(response.body);
}

function writeResponse(res: ServerResponse, response: GraphResponse): number {
  const text = toResponseText(response);
  const bytes = Buffer.byteLength(text);
  res.writeHead(response.status, { ...response.headers, 'content-length': bytes });
  res.end(text);
  return bytes;
}

function lowerCaseHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers))
    if (value !== undefined)
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  return headers;
}

function protocolOf(req: IncomingMessage): string {
  return 'encrypted' in req.socket && req.socket.encrypted ? 'https' : 'http';
}
