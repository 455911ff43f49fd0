import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { startTestGraph, type TestGraph } from './graph-test-cloud.js';

const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';
const USER_READ_ALL = 'df021288-bdef-4463-88db-98f22de89214';

let graph: TestGraph;
beforeEach(async () => {
  graph = await startTestGraph();
});
afterEach(async () => {
  await graph.close();
});

async function createAppWithServicePrincipal(): Promise<{ app: any; sp: any }> {
  const app = (
    await graph.request('POST', '/v1.0/applications', { body: { displayName: 'Client' } })
  ).body;
  const sp = (
    await graph.request('POST', '/v1.0/servicePrincipals', { body: { appId: app.appId } })
  ).body;
  return { app, sp };
}

describe('service principals', () => {
  it('creates one per appId and answers 409 for a second', async () => {
    const { app, sp } = await createAppWithServicePrincipal();
    expect(sp).toMatchObject({
      appId: app.appId,
      displayName: 'Client',
      servicePrincipalType: 'Application',
    });
    const again = await graph.request('POST', '/v1.0/servicePrincipals', {
      body: { appId: app.appId },
    });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('Request_MultipleObjectsWithSameKeyValue');
  });

  it('answers NoBackingApplicationObject for an unknown appId', async () => {
    const appId = '11111111-2222-3333-4444-555555555555';
    const response = await graph.request('POST', '/v1.0/servicePrincipals', { body: { appId } });
    expect(response.status).toBe(400);
    expect(response.body.error.details[0]).toMatchObject({
      code: 'NoBackingApplicationObject',
      target: 'appId',
    });
    expect(response.body.error.message).toBe(
      `The appId '${appId}' of the service principal does not reference a valid application object.`,
    );
  });

  it('creates a missing first-party resource from its well-known appId', async () => {
    const existing = graph.tenant.servicePrincipalByAppId(GRAPH_APP_ID)!;
    graph.tenant.servicePrincipals.delete(existing.id);
    const created = await graph.request('POST', '/v1.0/servicePrincipals', {
      body: { appId: GRAPH_APP_ID },
    });
    expect(created.status).toBe(201);
    expect(created.body.appRoles.find((r: any) => r.value === 'User.Read.All').id).toBe(
      USER_READ_ALL,
    );
  });

  it('lets an OwnedBy caller create the service principal of its own app only', async () => {
    const ownedBy = graph.addCaller(['Application.ReadWrite.OwnedBy']);
    const mine = await graph.request('POST', '/v1.0/applications', {
      token: ownedBy.token,
      body: { displayName: 'Mine' },
    });
    const sp = await graph.request('POST', '/v1.0/servicePrincipals', {
      token: ownedBy.token,
      body: { appId: mine.body.appId },
    });
    expect(sp.status).toBe(201);
    expect(graph.tenant.servicePrincipals.get(sp.body.id)?.owners).toEqual([ownedBy.oid]);
    const other = await graph.request('POST', '/v1.0/applications', {
      body: { displayName: 'Other' },
    });
    const denied = await graph.request('POST', '/v1.0/servicePrincipals', {
      token: ownedBy.token,
      body: { appId: other.body.appId },
    });
    expect(denied.status).toBe(403);
    const count = await graph.request('GET', '/v1.0/servicePrincipals/$count', {
      headers: { consistencylevel: 'eventual' },
    });
    expect(count.text).toBe(String(graph.tenant.servicePrincipals.size));
  });

  it('filters by appId and by appId in (…)', async () => {
    const one = await graph.request(
      'GET',
      `/v1.0/servicePrincipals?$filter=appId eq '${GRAPH_APP_ID}'&$select=id,appRoles`,
    );
    expect(one.body.value).toHaveLength(1);
    const two = await graph.request(
      'GET',
      `/v1.0/servicePrincipals?$filter=appId in ('${GRAPH_APP_ID}','00000003-0000-0ff1-ce00-000000000000')&$select=displayName`,
    );
    expect(two.body.value.map((s: any) => s.displayName).sort()).toEqual([
      'Microsoft Graph',
      'Office 365 SharePoint Online',
    ]);
  });
});

describe('app role assignments and grants', () => {
  it("assigns an app role once and answers Graph's errors for duplicates and unknown roles", async () => {
    const { sp } = await createAppWithServicePrincipal();
    const resource = graph.tenant.servicePrincipalByAppId(GRAPH_APP_ID)!;
    const body = { principalId: sp.id, resourceId: resource.id, appRoleId: USER_READ_ALL };
    const created = await graph.request(
      'POST',
      `/v1.0/servicePrincipals/${resource.id}/appRoleAssignedTo`,
      { body },
    );
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      principalId: sp.id,
      resourceDisplayName: 'Microsoft Graph',
    });
    expect(graph.tenant.grantedRoleValues(sp.id, GRAPH_APP_ID)).toEqual(['User.Read.All']);

    const duplicate = await graph.request(
      'POST',
      `/v1.0/servicePrincipals/${sp.id}/appRoleAssignments`,
      { body },
    );
    expect(duplicate.body.error).toMatchObject({
      code: 'Request_BadRequest',
      message: 'Permission being assigned already exists on the object.',
    });
    const unknown = await graph.request(
      'POST',
      `/v1.0/servicePrincipals/${resource.id}/appRoleAssignedTo`,
      { body: { ...body, appRoleId: '99999999-9999-9999-9999-999999999999' } },
    );
    expect(unknown.status).toBe(400);

    const removed = await graph.request(
      'DELETE',
      `/v1.0/servicePrincipals/${resource.id}/appRoleAssignedTo/${created.body.id}`,
    );
    expect(removed.status).toBe(204);
  });

  it('requires AppRoleAssignment.ReadWrite.All to assign', async () => {
    const { sp } = await createAppWithServicePrincipal();
    const caller = graph.addCaller(['Application.ReadWrite.All']);
    const resource = graph.tenant.servicePrincipalByAppId(GRAPH_APP_ID)!;
    const response = await graph.request(
      'POST',
      `/v1.0/servicePrincipals/${resource.id}/appRoleAssignedTo`,
      {
        token: caller.token,
        body: { principalId: sp.id, resourceId: resource.id, appRoleId: USER_READ_ALL },
      },
    );
    expect(response.status).toBe(403);
  });

  it('grants delegated scopes once, then updates the scope', async () => {
    const { sp } = await createAppWithServicePrincipal();
    const resource = graph.tenant.servicePrincipalByAppId(GRAPH_APP_ID)!;
    const body = {
      clientId: sp.id,
      consentType: 'AllPrincipals',
      resourceId: resource.id,
      scope: 'User.Read',
    };
    const created = await graph.request('POST', '/v1.0/oauth2PermissionGrants', { body });
    expect(created.status).toBe(201);
    const duplicate = await graph.request('POST', '/v1.0/oauth2PermissionGrants', { body });
    expect(duplicate.body.error.message).toBe('Permission entry already exists.');
    await graph.request('PATCH', `/v1.0/oauth2PermissionGrants/${created.body.id}`, {
      body: { scope: 'User.Read offline_access' },
    });
    const listed = await graph.request(
      'GET',
      `/v1.0/oauth2PermissionGrants?$filter=clientId eq '${sp.id}' and resourceId eq '${resource.id}'`,
    );
    expect(listed.body.value).toEqual([
      expect.objectContaining({ scope: 'User.Read offline_access' }),
    ]);
  });
});

describe('replication delay', () => {
  it('hides new objects from other requests until the delay has passed', async () => {
    graph.faults.replicationDelayMs = { application: 30_000, servicePrincipal: 30_000 };
    const app = await graph.request('POST', '/v1.0/applications', {
      body: { displayName: 'Slow' },
    });
    expect(app.status).toBe(201);
    const read = await graph.request('GET', `/v1.0/applications/${app.body.id}`);
    expect(read.status).toBe(404);
    expect(read.body.error.message).toBe(
      `Resource '${app.body.id}' does not exist or one of its queried reference-property objects are not present.`,
    );
    const sp = await graph.request('POST', '/v1.0/servicePrincipals', {
      body: { appId: app.body.appId },
    });
    expect(sp.body.error.details[0].code).toBe('NoBackingApplicationObject');

    graph.clock.now += 30_000;
    const created = await graph.request('POST', '/v1.0/servicePrincipals', {
      body: { appId: app.body.appId },
    });
    expect(created.status).toBe(201);
    const resource = graph.tenant.servicePrincipalByAppId(GRAPH_APP_ID)!;
    const assign = await graph.request(
      'POST',
      `/v1.0/servicePrincipals/${resource.id}/appRoleAssignedTo`,
      {
        body: { principalId: created.body.id, resourceId: resource.id, appRoleId: USER_READ_ALL },
      },
    );
    expect(assign.body.error.message).toBe('Not a valid reference update.');
    graph.clock.now += 30_000;
    expect(
      (await graph.request('GET', `/v1.0/servicePrincipals(appId='${app.body.appId}')`)).status,
    ).toBe(200);
  });

  it('hides a new secret from reads during its delay', async () => {
    graph.faults.replicationDelayMs = { passwordCredential: 10_000 };
    const app = await graph.request('POST', '/v1.0/applications', { body: { displayName: 'S' } });
    await graph.request('POST', `/v1.0/applications/${app.body.id}/addPassword`, { body: {} });
    expect(
      (await graph.request('GET', `/v1.0/applications/${app.body.id}`)).body.passwordCredentials,
    ).toEqual([]);
    graph.clock.now += 10_000;
    expect(
      (await graph.request('GET', `/v1.0/applications/${app.body.id}`)).body.passwordCredentials,
    ).toHaveLength(1);
  });
});
