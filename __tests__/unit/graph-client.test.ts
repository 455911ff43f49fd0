import { describe, expect, it } from '@jest/globals';
import { ConsistencyTimeoutError, GraphError } from '../../src/errors.js';
import { GraphClient } from '../../src/graph/graph-client.js';
import { isReplicationDelay } from '../../src/graph/retry-policy.js';
import { createFakeGraph, graphError, type FakeReply } from './graph-fake-graph.js';

function replies(...sequence: FakeReply[]) {
  let i = 0;
  return () => sequence[Math.min(i++, sequence.length - 1)];
}

describe('GraphClient requests', () => {
  it('sends the bearer token to a graph-endpoint that is not a known Graph host', async () => {
    const fake = createFakeGraph(() => ({ status: 200, body: { id: 'a' } }));
    await expect(fake.client.get('/applications/a')).resolves.toEqual({ id: 'a' });
    expect(fake.authHeaders).toEqual(['Bearer fake-token']);
    expect(fake.requests[0].path).toBe('/applications/a');
  });

  it('retries a 429 after the fractional Retry-After and logs one line per retry', async () => {
    const fake = createFakeGraph(
      replies(
        graphError(429, 'TooManyRequests', 'Please retry again later.', { 'Retry-After': '1.5' }),
        { status: 200, body: { ok: true } },
      ),
    );
    await expect(fake.client.get('/applications')).resolves.toEqual({ ok: true });
    expect(fake.sleeps).toEqual([1500]);
    expect(fake.logs).toHaveLength(1);
    expect(fake.logs[0]).toMatch(
      /^Graph GET \/applications: 429 TooManyRequests; retrying in 1\.5 s \(retry 1 of 6\)$/,
    );
    expect(fake.client.stats).toEqual({ requests: 2, roundTrips: 2, retries: 1, throttled: 1 });
  });

  it('retries a 503 with an HTTP-date Retry-After', async () => {
    const at = new Date(Date.now() + 4000).toUTCString();
    const fake = createFakeGraph(
      replies(graphError(503, 'ServiceUnavailable', 'busy', { 'Retry-After': at }), {
        status: 204,
      }),
    );
    await fake.client.delete('/applications/a');
    expect(fake.sleeps[0]).toBeGreaterThan(2000);
    expect(fake.sleeps[0]).toBeLessThanOrEqual(4000);
  });

  it('backs off with full jitter when a 504 has no Retry-After, then gives up with the last GraphError', async () => {
    const fake = createFakeGraph(() => graphError(504, 'GatewayTimeout', 'timeout'), {
      maxTransientRetries: 3,
    });
    const err = await fake.client.get('/applications').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GraphError);
    expect((err as GraphError).status).toBe(504);
    // random() = 0.5 → half of 1 s, 2 s, 4 s
    expect(fake.sleeps).toEqual([500, 1000, 2000]);
  });

  it('retries a connection reset', async () => {
    let calls = 0;
    const client = new GraphClient({
      credential: {
        getToken: async () => ({ token: 't', expiresOnTimestamp: Date.now() + 3_600_000 }),
      },
      graphEndpoint: 'https://graph.test.local',
      retry: { sleep: async () => undefined, random: () => 0 },
      fetch: async () => {
        if (calls++ === 0)
          throw new TypeError('fetch failed', {
            cause: Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }),
          });
        return new Response('{"value":[]}', {
          status: 200,
          headers: { 'content-type': 'application/json' },
        });
      },
    });
    await expect(client.get('/applications')).resolves.toEqual({ value: [] });
    expect(calls).toBe(2);
  });

  it('does not retry a 404 on a read without retryWhile', async () => {
    const fake = createFakeGraph(() =>
      graphError(404, 'Request_ResourceNotFound', "Resource 'x' does not exist."),
    );
    await expect(fake.client.get('/applications/x')).rejects.toThrow(
      /404 Request_ResourceNotFound/,
    );
    expect(fake.requests).toHaveLength(1);
  });

  it('retries a write while Graph has not replicated the new object, then succeeds', async () => {
    const fake = createFakeGraph(
      replies(
        graphError(
          400,
          'Request_BadRequest',
          "The appId 'a' of the service principal does not reference a valid application object.",
        ),
        graphError(
          400,
          'Request_BadRequest',
          "The appId 'a' of the service principal does not reference a valid application object.",
        ),
        { status: 201, body: { id: 'sp' } },
      ),
    );
    await expect(
      fake.client.post('/servicePrincipals', { appId: 'a' }, undefined, {
        retryWhile: isReplicationDelay,
      }),
    ).resolves.toEqual({ id: 'sp' });
    expect(fake.logs[0]).toMatch(/waiting for directory replication/);
  });

  it('throws ConsistencyTimeoutError when replication takes longer than the bound', async () => {
    const fake = createFakeGraph(() => graphError(404, 'Request_ResourceNotFound', 'missing'), {
      replicationWaitMs: 5000,
    });
    const err = await fake.client
      .post('/x', {}, undefined, { retryWhile: isReplicationDelay })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConsistencyTimeoutError);
    expect((err as Error).cause).toBeInstanceOf(GraphError);
    expect(fake.sleeps.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(5000);
  });

  it('follows @odata.nextLink across pages', async () => {
    const fake = createFakeGraph((req) =>
      req.path.includes('skiptoken')
        ? { status: 200, body: { value: [3] } }
        : {
            status: 200,
            body: {
              value: [1, 2],
              '@odata.nextLink': 'https://graph.test.local/v1.0/applications?$skiptoken=abc',
            },
          },
    );
    await expect(fake.client.getAll('/applications')).resolves.toEqual([1, 2, 3]);
  });
});

describe('GraphClient errors', () => {
  it('maps an error answer to one GraphError with method, path, code, request-id and date', async () => {
    const fake = createFakeGraph(() =>
      graphError(400, 'Request_BadRequest', 'Property x is invalid.'),
    );
    const err = (await fake.client
      .patch('/applications/a', { x: 1 })
      .catch((e: unknown) => e)) as GraphError;
    expect(err.details).toEqual({
      method: 'PATCH',
      path: '/applications/a',
      status: 400,
      code: 'Request_BadRequest',
      message: 'Property x is invalid.',
      requestId: 'req-1',
      date: '2026-01-02T03:04:05',
    });
    expect(err.message.split('\n')[0]).toBe(
      'PATCH /applications/a failed: 400 Request_BadRequest: Property x is invalid. (request-id req-1, date 2026-01-02T03:04:05)',
    );
  });

  it.each([
    {
      name: 'reading applications',
      method: 'GET',
      path: '/applications?$select=id',
      permission: 'Application.Read.All',
    },
    {
      name: 'granting an app role',
      method: 'POST',
      path: '/servicePrincipals/r/appRoleAssignedTo',
      permission: 'AppRoleAssignment.ReadWrite.All',
    },
    {
      name: 'granting delegated consent',
      method: 'POST',
      path: '/oauth2PermissionGrants',
      permission: 'DelegatedPermissionGrant.ReadWrite.All',
    },
    {
      name: 'writing an application',
      method: 'PATCH',
      path: '/applications/a',
      permission: 'Application.ReadWrite.OwnedBy',
    },
  ])('names the missing permission on a 403 when $name', async ({ method, path, permission }) => {
    const fake = createFakeGraph(() =>
      graphError(
        403,
        'Authorization_RequestDenied',
        'Insufficient privileges to complete the operation.',
      ),
    );
    const err = (await fake.client
      .send(method, path, method === 'GET' ? undefined : {})
      .catch((e: unknown) => e)) as GraphError;
    expect(err.message.split('\n')[0]).toMatch(/403 Authorization_RequestDenied/);
    expect(err.message.split('\n')[1]).toContain(permission);
  });
});
