import { describe, expect, it } from '@jest/globals';
import { ConsistencyTimeoutError, GraphError } from '../../src/errors.js';
import type { BatchRequestItem } from '../../src/graph/graph-client.js';
import { isReplicationDelay } from '../../src/graph/retry-policy.js';
import { createFakeGraph, graphError } from './graph-fake-graph.js';

const gets = (n: number): BatchRequestItem[] =>
  Array.from({ length: n }, (_, i) => ({
    id: `r${i}`,
    method: 'GET' as const,
    url: `/applications/a${i}`,
  }));

describe('GraphClient.batch', () => {
  it('splits 45 requests into batches of 20, 20 and 5 and returns results in request order', async () => {
    const fake = createFakeGraph((req) => ({ status: 200, body: { path: req.path } }));
    const results = await fake.client.batch(gets(45));
    expect(fake.envelopes.map((e) => e.requests.length)).toEqual([20, 20, 5]);
    expect(results.map((r) => (r.body as { path: string }).path)).toEqual(
      gets(45).map((r) => r.url),
    );
    expect(fake.client.stats).toMatchObject({ requests: 45, roundTrips: 3 });
  });

  it('retries only the throttled items, after the longest inner Retry-After', async () => {
    const seen = new Map<string, number>();
    const fake = createFakeGraph((req) => {
      const n = (seen.get(req.path) ?? 0) + 1;
      seen.set(req.path, n);
      if (req.path === '/applications/a1' && n === 1)
        return graphError(429, 'TooManyRequests', 'slow down', { 'Retry-After': '2' });
      if (req.path === '/applications/a2' && n === 1)
        return graphError(503, 'ServiceUnavailable', 'busy', { 'Retry-After': '0.5' });
      return { status: 200, body: { ok: req.path } };
    });
    const results = await fake.client.batch(gets(3));
    expect(results.every((r) => r.error === undefined)).toBe(true);
    expect(fake.envelopes.map((e) => e.requests.map((r: { id: string }) => r.id))).toEqual([
      ['r0', 'r1', 'r2'],
      ['r1', 'r2'],
    ]);
    expect(fake.sleeps).toEqual([2000]);
    expect(fake.logs).toHaveLength(1);
  });

  it('surfaces a failed item as a GraphError without failing the others', async () => {
    const fake = createFakeGraph((req) =>
      req.path.endsWith('a1')
        ? graphError(404, 'Request_ResourceNotFound', 'gone')
        : { status: 200, body: {} },
    );
    const results = await fake.client.batch(gets(3));
    expect(results[1].error).toBeInstanceOf(GraphError);
    expect((results[1].error as GraphError).details).toMatchObject({
      method: 'GET',
      path: '/applications/a1',
      status: 404,
      code: 'Request_ResourceNotFound',
    });
    expect(results[0].error).toBeUndefined();
    expect(results[2].error).toBeUndefined();
  });

  it('keeps dependsOn inside a batch and resolves it across batch boundaries', async () => {
    const fake = createFakeGraph(() => ({ status: 200, body: {} }));
    const requests: BatchRequestItem[] = [
      ...gets(20),
      { id: 'x', method: 'GET', url: '/x', dependsOn: ['r19'] },
      { id: 'y', method: 'GET', url: '/y', dependsOn: ['x'] },
    ];
    await fake.client.batch(requests);
    const second = fake.envelopes[1].requests;
    expect(second.map((r: { id: string }) => r.id)).toEqual(['x', 'y']);
    expect(second[0].dependsOn).toBeUndefined();
    expect(second[1].dependsOn).toEqual(['x']);
  });

  it('fails dependents of a failed request with 424 and retries dependents of a retried one', async () => {
    let first = true;
    const fake = createFakeGraph((req) => {
      if (req.path === '/bad') return graphError(400, 'Request_BadRequest', 'no');
      if (req.path === '/slow' && first) {
        first = false;
        return graphError(429, 'TooManyRequests', 'later', { 'Retry-After': '1' });
      }
      return { status: 200, body: {} };
    });
    const results = await fake.client.batch([
      { id: 'bad', method: 'GET', url: '/bad' },
      { id: 'afterBad', method: 'GET', url: '/after-bad', dependsOn: ['bad'] },
      { id: 'slow', method: 'GET', url: '/slow' },
      { id: 'afterSlow', method: 'GET', url: '/after-slow', dependsOn: ['slow'] },
    ]);
    expect(results.map((r) => r.status)).toEqual([400, 424, 200, 200]);
    expect(results[1].error).toBeInstanceOf(GraphError);
    expect(
      fake.envelopes[1].requests.map((r: { id: string; dependsOn?: string[] }) => [
        r.id,
        r.dependsOn,
      ]),
    ).toEqual([
      ['slow', undefined],
      ['afterSlow', ['slow']],
    ]);
  });

  it('retries items on replication delay only when asked, within the bound', async () => {
    const fake = createFakeGraph(
      () => graphError(400, 'Request_BadRequest', 'Not a valid reference update.'),
      { replicationWaitMs: 3000 },
    );
    const results = await fake.client.batch(
      [{ id: 'g', method: 'POST', url: '/servicePrincipals/r/appRoleAssignedTo', body: {} }],
      { retryWhile: isReplicationDelay },
    );
    expect(results[0].error).toBeInstanceOf(ConsistencyTimeoutError);
    expect(fake.envelopes.length).toBeGreaterThan(1);
    expect(fake.sleeps.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(3000);
  });

  it('rejects duplicate ids and forward dependencies before sending anything', async () => {
    const fake = createFakeGraph(() => ({ status: 200 }));
    await expect(
      fake.client.batch([
        { id: 'a', method: 'GET', url: '/a' },
        { id: 'A', method: 'GET', url: '/b' },
      ]),
    ).rejects.toThrow(/duplicate request id 'A'/);
    await expect(
      fake.client.batch([
        { id: 'a', method: 'GET', url: '/a', dependsOn: ['b'] },
        { id: 'b', method: 'GET', url: '/b' },
      ]),
    ).rejects.toThrow(/not an earlier request/);
    expect(fake.envelopes).toHaveLength(0);
  });
});
