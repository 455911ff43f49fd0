import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { startTestGraph, type TestGraph } from './graph-test-cloud.js';

let graph: TestGraph;
beforeEach(async () => {
  graph = await startTestGraph();
});
afterEach(async () => {
  await graph.close();
});

const json = { 'Content-Type': 'application/json' };

describe('$batch', () => {
  it('runs dependents after their dependencies and answers 424 when one failed', async () => {
    const response = await graph.request('POST', '/v1.0/$batch', {
      body: {
        requests: [
          {
            id: '2',
            method: 'GET',
            url: "/applications(uniqueName='b-1')?$select=displayName",
            dependsOn: ['1'],
          },
          {
            id: '1',
            method: 'PATCH',
            url: "/applications(uniqueName='b-1')",
            headers: { ...json, Prefer: 'create-if-missing' },
            body: { displayName: 'Batched' },
          },
          { id: '3', method: 'GET', url: 'applications/00000000-0000-0000-0000-000000000001' },
          { id: '4', method: 'GET', url: '/applications', dependsOn: ['3'] },
        ],
      },
    });
    expect(response.status).toBe(200);
    const byId = Object.fromEntries(response.body.responses.map((r: any) => [r.id, r]));
    expect(byId['1'].status).toBe(201);
    expect(byId['2']).toMatchObject({ status: 200, body: { displayName: 'Batched' } });
    expect(byId['3'].status).toBe(404);
    expect(byId['4'].status).toBe(424);
    expect(graph.log.entries.at(-1)?.inner).toHaveLength(4);
    expect(graph.log.writes('graph')).toEqual([
      { method: 'PATCH', path: "/applications(uniqueName='b-1')" },
    ]);
  });

  it('refuses more than 20 requests', async () => {
    const requests = Array.from({ length: 21 }, (_, i) => ({
      id: String(i),
      method: 'GET',
      url: '/applications',
    }));
    const response = await graph.request('POST', '/v1.0/$batch', { body: { requests } });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('BadRequest');
  });

  it('answers a throttled inner request with 429 and Retry-After in its own headers', async () => {
    graph.faults.add({
      service: 'graph',
      method: 'POST',
      path: /addPassword/,
      status: 429,
      retryAfter: '1.5',
    });
    const app = await graph.request('POST', '/v1.0/applications', { body: { displayName: 'T' } });
    const response = await graph.request('POST', '/v1.0/$batch', {
      body: {
        requests: [
          {
            id: 'a',
            method: 'POST',
            url: `/applications/${app.body.id}/addPassword`,
            headers: json,
            body: {},
          },
        ],
      },
    });
    expect(response.status).toBe(200);
    expect(response.body.responses[0]).toMatchObject({
      status: 429,
      headers: { 'Retry-After': '1.5' },
      body: { error: { code: 'TooManyRequests' } },
    });
    expect(graph.tenant.applications.get(app.body.id)?.passwordCredentials).toEqual([]);
  });
});

describe('faults', () => {
  it('throttles a matching request once with Retry-After', async () => {
    graph.faults.add({
      service: 'graph',
      method: 'GET',
      path: /^\/v1\.0\/servicePrincipals/,
      status: 429,
      retryAfter: 2,
    });
    const throttled = await graph.request('GET', '/v1.0/servicePrincipals');
    expect(throttled.status).toBe(429);
    expect(throttled.headers['retry-after']).toBe('2');
    expect(throttled.body.error.code).toBe('TooManyRequests');
    expect((await graph.request('GET', '/v1.0/servicePrincipals')).status).toBe(200);
  });

  it('applies the write and still answers the fault with afterApply', async () => {
    graph.faults.add({
      service: 'graph',
      method: 'POST',
      path: /\/applications$/,
      status: 500,
      afterApply: true,
    });
    const response = await graph.request('POST', '/v1.0/applications', {
      body: { displayName: 'Applied' },
    });
    expect(response.status).toBe(500);
    expect([...graph.tenant.applications.values()].map((a) => a.displayName)).toEqual(['Applied']);
  });

  it('fails every write after the first n with failWritesAfter', async () => {
    graph.faults.failWritesAfter('graph', 2);
    const statuses = [];
    for (let i = 0; i < 4; i += 1)
      statuses.push(
        (await graph.request('POST', '/v1.0/applications', { body: { displayName: `W${i}` } }))
          .status,
      );
    expect(statuses).toEqual([201, 201, 500, 500]);
    expect((await graph.request('GET', '/v1.0/applications')).status).toBe(200);
    expect(graph.tenant.applications.size).toBe(2);
    expect(graph.log.writes('graph')).toHaveLength(4);
  });

  it('drops the connection with resetConnection', async () => {
    graph.faults.add({ service: 'graph', path: /applications/, resetConnection: true });
    await expect(graph.request('GET', '/v1.0/applications')).rejects.toThrow();
    expect((await graph.request('GET', '/v1.0/applications')).status).toBe(200);
  });
});
