// Round trips counted from the local cloud's request log (counts, never timings), for the
// codetwo-backup-exchange profile (two resources, five application permissions, a client secret).
//
// A "sequential round trip" is a group of Graph requests that overlap in time: the client sent
// them without waiting for each other's answers, so a caller waits for the group once. Requests a
// client sends one after the other (each after the previous answer) are one round trip each; a
// $batch is one HTTP request and one round trip whatever it holds. See countSequentialRoundTrips.
import { describe, expect, it } from '@jest/globals';
import {
  type LocalCloud,
  type LoggedRequest,
  afterToken,
  computeRequestStats,
  type RequestStats,
} from '@register-entra-app/local-cloud';
import { runAction } from '@register-entra-app/local-cloud/runner';
import { useLocalCloud } from '@register-entra-app/local-cloud/testing';

// With latency, as in `npm run bench`: requests sent together overlap on the wire as they would
// against Graph, where a request without latency could be answered before its neighbour arrives.
const small = useLocalCloud({ bulkServicePrincipals: 10, latencyMs: 25 });
const large = useLocalCloud({ bulkServicePrincipals: 10_000, latencyMs: 25 });
const inputs = { profile: 'codetwo-backup-exchange', 'secret-name': 'CODETWO_CLIENT_SECRET' };

/** Runs the action and returns the Graph figures of what it sent after signing in. */
async function runAndCount(
  cloud: LocalCloud,
  extra: Record<string, string> = {},
): Promise<{ graph: RequestStats; entries: LoggedRequest[] }> {
  cloud.log.clear();
  const result = await runAction(cloud, { ...inputs, ...extra });
  expect(result.code).toBe(0);
  const entries = afterToken(cloud.log.entries).filter((e) => e.service === 'graph');
  return { graph: computeRequestStats(entries), entries };
}

/** Every URL Graph was asked to read, $batch items included, relative to /v1.0. */
function graphReads(entries: LoggedRequest[]): string[] {
  const all = entries.flatMap(
    (e) => e.inner ?? [{ method: e.method, url: e.path.replace(/^\/v1\.0/, '') }],
  );
  return all.filter((r) => r.method === 'GET').map((r) => r.url);
}

// A list of service principals without a $filter (or the lookup by appId) would read the whole tenant.
function listsAllServicePrincipals(url: string): boolean {
  return /^\/servicePrincipals(\?|$)/.test(url) && !/[?&]\$filter=/.test(url);
}

describe('round trips to Microsoft Graph', () => {
  let firstSmall: RequestStats;
  let convergedSmall: RequestStats;

  it('registers the app in at most 5 sequential Graph round trips', async () => {
    const { graph, entries } = await runAndCount(small.cloud);
    firstSmall = graph;
    expect(graph.roundTrips).toBeLessThanOrEqual(5);
    // The secret is added while the service principal is created: one round trip for two requests.
    expect(graph.requests).toBe(graph.roundTrips + 1);
    const paths = entries.map((e) => `${e.method} ${e.path.replace(/[0-9a-f-]{36}/g, '{id}')}`);
    expect(paths.indexOf('POST /v1.0/applications/{id}/addPassword')).toBeLessThan(
      paths.indexOf('POST /v1.0/$batch', 1),
    );
    expect(graphReads(entries).filter(listsAllServicePrincipals)).toEqual([]);
  });

  it('sends at most 3 HTTP requests to Graph after the token when nothing changed', async () => {
    const { graph, entries } = await runAndCount(small.cloud);
    convergedSmall = graph;
    expect(graph.requests).toBeLessThanOrEqual(3);
    expect(entries.every((e) => e.method === 'POST' && e.path === '/v1.0/$batch')).toBe(true);
    expect(small.cloud.log.writes('graph')).toEqual([]);
  });

  it('costs the same requests against 10,000 service principals as against 10, and never lists them', async () => {
    const first = await runAndCount(large.cloud);
    const converged = await runAndCount(large.cloud);
    expect({
      requests: first.graph.requests,
      items: first.graph.items,
      roundTrips: first.graph.roundTrips,
    }).toEqual({
      requests: firstSmall.requests,
      items: firstSmall.items,
      roundTrips: firstSmall.roundTrips,
    });
    expect({ requests: converged.graph.requests, items: converged.graph.items }).toEqual({
      requests: convergedSmall.requests,
      items: convergedSmall.items,
    });
    // Bytes differ only by ids and timestamps, not by the size of the tenant.
    expect(converged.graph.bytes).toBeLessThanOrEqual(convergedSmall.bytes * 1.1);
    expect(
      [...graphReads(first.entries), ...graphReads(converged.entries)].filter(
        listsAllServicePrincipals,
      ),
    ).toEqual([]);
  });

  it('retries a consent request throttled inside a $batch on its own, and the run converges', async () => {
    const { cloud } = small;
    const before = cloud.tenant.applicationByUniqueName('codetwo-backup-exchange');
    expect(before).toBeDefined();
    // A fresh app under another uniqueName, so the run grants consent again.
    cloud.faults.add({
      service: 'graph',
      method: 'POST',
      path: /appRoleAssignedTo/,
      status: 429,
      retryAfter: '0',
    });
    const app =
      'extends: codetwo-backup-exchange\nuniqueName: codetwo-throttled\ndisplayName: CodeTwo Throttled\n';
    cloud.log.clear();
    const result = await runAction(cloud, { app, 'secret-name': 'CODETWO_THROTTLED' });
    expect(result.code).toBe(0);
    const batches = cloud.log.entries.filter(
      (e) => e.service === 'graph' && e.inner?.some((i) => i.url.includes('appRoleAssignedTo')),
    );
    // The first batch holds all five grants (one answered 429); the retry holds that one only.
    expect(batches.map((b) => b.inner!.map((i) => i.status))).toEqual([
      [...statusesWithOne429(batches[0])],
      [201],
    ]);
    const stored = cloud.tenant.applicationByUniqueName('codetwo-throttled')!;
    const sp = cloud.tenant.servicePrincipalByAppId(stored.appId)!;
    expect(
      [...cloud.tenant.appRoleAssignments.values()].filter((a) => a.principalId === sp.id),
    ).toHaveLength(5);
  });
});

function statusesWithOne429(batch: LoggedRequest): number[] {
  const statuses = batch.inner!.map((i) => i.status);
  expect(statuses.filter((s) => s === 429)).toHaveLength(1);
  expect(statuses).toHaveLength(5);
  return statuses;
}
