import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { startTestGraph, type TestGraph } from './graph-test-cloud.js';

let graph: TestGraph;
beforeEach(async () => {
  graph = await startTestGraph();
});
afterEach(async () => {
  await graph.close();
});

describe('applications', () => {
  it('creates an application on PATCH (uniqueName) with Prefer: create-if-missing, then updates it', async () => {
    const path = "/v1.0/applications(uniqueName='backup-prod')";
    const created = await graph.request('PATCH', path, {
      body: { displayName: 'Backup' },
      headers: { prefer: 'create-if-missing' },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      displayName: 'Backup',
      uniqueName: 'backup-prod',
      passwordCredentials: [],
      keyCredentials: [],
    });
    expect(created.body.appId).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.body.web.redirectUris).toEqual([]);

    const updated = await graph.request('PATCH', path, {
      body: { displayName: 'Backup 2' },
      headers: { prefer: 'create-if-missing' },
    });
    expect(updated.status).toBe(204);
    expect(graph.tenant.applications.size).toBe(1);
    expect(graph.tenant.applicationByUniqueName('backup-prod')?.displayName).toBe('Backup 2');
  });

  it('answers 404 to PATCH (uniqueName) of a missing app without the Prefer header', async () => {
    const response = await graph.request('PATCH', "/v1.0/applications(uniqueName='nope')", {
      body: { displayName: 'x' },
    });
    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('Request_ResourceNotFound');
    expect(response.body.error.innerError['request-id']).toBe(response.headers['request-id']);
  });

  it('refuses to change uniqueName once set', async () => {
    const created = await graph.request('POST', '/v1.0/applications', {
      body: { displayName: 'A', uniqueName: 'a-1' },
    });
    const response = await graph.request('PATCH', `/v1.0/applications/${created.body.id}`, {
      body: { uniqueName: 'a-2' },
    });
    expect(response.status).toBe(400);
  });

  it('returns only the selected properties plus id, and rejects unknown ones', async () => {
    const created = await graph.request('POST', '/v1.0/applications', {
      body: { displayName: 'Sel', tags: ['x'] },
    });
    const selected = await graph.request(
      'GET',
      `/v1.0/applications(appId='${created.body.appId}')?$select=displayName,tags`,
    );
    expect(selected.status).toBe(200);
    expect(Object.keys(selected.body).sort()).toEqual([
      '@odata.context',
      'displayName',
      'id',
      'tags',
    ]);
    expect(selected.body['@odata.context']).toContain('#applications(displayName,tags)/$entity');

    const unknown = await graph.request(
      'GET',
      `/v1.0/applications/${created.body.id}?$select=displayName,colour`,
    );
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toBe(
      "Could not find a property named 'colour' on type 'microsoft.graph.application'.",
    );
  });

  it('pages a filtered list with @odata.nextLink and counts with ConsistencyLevel', async () => {
    for (let i = 0; i < 5; i += 1) {
      await graph.request('POST', '/v1.0/applications', {
        body: { displayName: `App ${i}`, tags: i % 2 ? ['odd'] : [] },
      });
    }
    const first = await graph.request('GET', '/v1.0/applications?$top=2&$select=displayName');
    expect(first.body.value).toHaveLength(2);
    const nextPath =
      new URL(first.body['@odata.nextLink']).pathname +
      new URL(first.body['@odata.nextLink']).search;
    const second = await graph.request('GET', nextPath);
    expect(second.body.value.map((a: any) => a.displayName)).toEqual(['App 2', 'App 3']);

    const odd = await graph.request(
      'GET',
      "/v1.0/applications?$filter=tags/any(t:t eq 'odd')&$count=true",
      { headers: { consistencylevel: 'eventual' } },
    );
    expect(odd.body['@odata.count']).toBe(2);
    const noLevel = await graph.request('GET', '/v1.0/applications?$count=true');
    expect(noLevel.status).toBe(400);
    const byName = await graph.request('GET', "/v1.0/applications?$filter=displayName eq 'App 4'");
    expect(byName.body.value).toHaveLength(1);
  });

  it('rejects a $top above 999', async () => {
    const response = await graph.request('GET', '/v1.0/applications?$top=1000');
    expect(response.status).toBe(400);
  });

  it('answers 401 InvalidAuthenticationToken without a token', async () => {
    const response = await graph.request('GET', '/v1.0/applications', { token: null });
    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe('InvalidAuthenticationToken');
  });
});

describe('Application.ReadWrite.OwnedBy', () => {
  it('makes the caller owner of what it creates and limits it to owned apps', async () => {
    const ownedBy = graph.addCaller(['Application.ReadWrite.OwnedBy']);
    const mine = await graph.request('POST', '/v1.0/applications', {
      token: ownedBy.token,
      body: { displayName: 'Mine' },
    });
    expect(mine.status).toBe(201);
    expect(graph.tenant.applications.get(mine.body.id)?.owners).toEqual([ownedBy.oid]);
    const theirs = await graph.request('POST', '/v1.0/applications', {
      body: { displayName: 'Theirs' },
    });
    expect(graph.tenant.applications.get(theirs.body.id)?.owners).toEqual([]);

    const read = await graph.request('GET', `/v1.0/applications/${theirs.body.id}`, {
      token: ownedBy.token,
    });
    expect(read.status).toBe(403);
    expect(read.body.error).toMatchObject({
      code: 'Authorization_RequestDenied',
      message: 'Insufficient privileges to complete the operation.',
    });
    const update = await graph.request('PATCH', `/v1.0/applications/${theirs.body.id}`, {
      token: ownedBy.token,
      body: { notes: 'x' },
    });
    expect(update.status).toBe(403);
    const list = await graph.request('GET', '/v1.0/applications', { token: ownedBy.token });
    expect(list.body.value.map((a: any) => a.displayName)).toEqual(['Mine']);
    const owners = await graph.request('GET', `/v1.0/applications/${mine.body.id}/owners`, {
      token: ownedBy.token,
    });
    expect(owners.body.value[0]).toMatchObject({
      '@odata.type': '#microsoft.graph.servicePrincipal',
      id: ownedBy.oid,
    });
  });

  it('lets Application.Read.All read any app but not change it', async () => {
    const reader = graph.addCaller(['Application.Read.All']);
    const app = await graph.request('POST', '/v1.0/applications', { body: { displayName: 'Any' } });
    expect(
      (await graph.request('GET', `/v1.0/applications/${app.body.id}`, { token: reader.token }))
        .status,
    ).toBe(200);
    expect(
      (await graph.request('DELETE', `/v1.0/applications/${app.body.id}`, { token: reader.token }))
        .status,
    ).toBe(403);
  });
});
