// A scripted stand-in for Graph's HTTP API, plugged in as GraphClient's fetch: one handler answers
// single requests and each request inside a $batch (dependsOn honoured with 424, as Graph does).
import { GraphClient, type GraphLogger } from '../../src/graph/graph-client.js';
import type { RetryPolicy } from '../../src/graph/retry-policy.js';

/** A request as the fake saw it; `path` is relative to /v1.0 and includes the query. */
export interface FakeRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: any;
  /** true when it arrived inside a $batch */
  batched: boolean;
}

export interface FakeReply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type FakeHandler = (req: FakeRequest) => FakeReply | Promise<FakeReply>;

/** A GraphClient wired to the handler, with sleeps recorded instead of waited. */
export function createFakeGraph(handler: FakeHandler, retry: Partial<RetryPolicy> = {}) {
  const requests: FakeRequest[] = [];
  const envelopes: Array<{ requests: any[] }> = [];
  const sleeps: number[] = [];
  const logs: string[] = [];
  const authHeaders: Array<string | undefined> = [];
  const fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = new URL(String(input));
    const headers = lowerCase(init?.headers as Record<string, string> | undefined);
    authHeaders.push(headers.authorization);
    const path =
      decodeURIComponent(url.pathname.replace(/^\/v1\.0/, '')) + decodeURIComponent(url.search);
    const body = typeof init?.body === 'string' ? JSON.parse(init.body) : undefined;
    if (path === '/$batch' && init?.method === 'POST') {
      envelopes.push(body);
      return json({
        status: 200,
        body: { responses: await answerBatch(body.requests, handler, requests) },
      });
    }
    const req = { method: init?.method ?? 'GET', path, headers, body, batched: false };
    requests.push(req);
    return json(await handler(req));
  };
  const logger: GraphLogger = { info: (m) => logs.push(m) };
  const client = new GraphClient({
    credential: {
      getToken: async () => ({ token: 'fake-token', expiresOnTimestamp: Date.now() + 3_600_000 }),
    },
    graphEndpoint: 'https://graph.test.local',
    fetch,
    logger,
    retry: { sleep: async (ms) => void sleeps.push(ms), random: () => 0.5, ...retry },
  });
  return { client, requests, envelopes, sleeps, logs, authHeaders };
}

async function answerBatch(
  items: any[],
  handler: FakeHandler,
  log: FakeRequest[],
): Promise<unknown[]> {
  const statuses = new Map<string, number>();
  const responses: unknown[] = [];
  for (const item of items) {
    if ((item.dependsOn ?? []).some((d: string) => (statuses.get(d) ?? 500) >= 400)) {
      statuses.set(item.id, 424);
      responses.push({
        id: item.id,
        status: 424,
        body: { error: { code: 'FailedDependency', message: 'dependency failed' } },
      });
      continue;
    }
    const req = {
      method: item.method,
      path: decodeURIComponent(item.url),
      headers: lowerCase(item.headers),
      body: item.body,
      batched: true,
    };
    log.push(req);
    const reply = await handler(req);
    statuses.set(item.id, reply.status);
    responses.push({
      id: item.id,
      status: reply.status,
      headers: reply.headers ?? {},
      body: reply.body,
    });
  }
  // Graph may answer in any order.
  return responses.reverse();
}

/** An OData error reply. */
export function graphError(
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): FakeReply {
  return {
    status,
    headers,
    body: {
      error: { code, message, innerError: { date: '2026-01-02T03:04:05', 'request-id': 'req-1' } },
    },
  };
}

function json(reply: FakeReply): Response {
  const init = {
    status: reply.status,
    headers: { 'content-type': 'application/json', ...reply.headers },
  };
  return new Response(
    reply.body === undefined || reply.status === 204 ? null : JSON.stringify(reply.body),
    init,
  );
}

function lowerCase(headers: Record<string, string> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
}
