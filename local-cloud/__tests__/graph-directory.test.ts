// Users, groups, owners and assignments to users and groups, with Graph's shapes, status codes and
// the permission each needs.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { startTestGraph, type TestGraph } from './graph-test-cloud.js';

const DEFAULT_ACCESS = '00000000-0000-0000-0000-000000000000';

let graph: TestGraph;
beforeEach(async () => {
  graph = await startTestGraph();
});
afterEach(async () => {
  await graph.close();
});

async function createAppWithServicePrincipal(token?: string): Promise<{ app: any; sp: any }> {
  const app = (
    await graph.request('POST', '/v1.0/applications', { body: { displayName: 'Portal' }, token })
  ).body;
  const sp = (
    await graph.request('POST', '/v1.0/servicePrincipals', { body: { appId: app.appId }, token })
  ).body;
  return { app, sp };
}

describe('users and groups', () => {
  it('reads a user by user principal name or object id, and 404s an unknown one', async () => {
    const alice = graph.tenant.addUser('Alice@contoso.example', 'Alice');
    const reader = graph.addCaller(['User.ReadBasic.All']);
    const byName = await graph.request(
      'GET',
      '/v1.0/users/alice@contoso.example?$select=id,userPrincipalName',
      { token: reader.token },
    );
    expect(byName.status).toBe(200);
    expect(byName.body).toMatchObject({ id: alice.id, userPrincipalName: 'Alice@contoso.example' });
    const byId = await graph.request('GET', `/v1.0/users/${alice.id}`, { token: reader.token });
    expect(byId.body.displayName).toBe('Alice');
    const missing = await graph.request('GET', '/v1.0/users/nobody@contoso.example', {
      token: reader.token,
    });
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('Request_ResourceNotFound');
  });

  it('answers 403 Authorization_RequestDenied to a caller that may not read users or groups', async () => {
    graph.tenant.addUser('alice@contoso.example');
    const appsOnly = graph.addCaller(['Application.Read.All']);
    const users = await graph.request('GET', '/v1.0/users/alice@contoso.example', {
      token: appsOnly.token,
    });
    const groups = await graph.request('GET', '/v1.0/groups', { token: appsOnly.token });
    expect([users.status, groups.status]).toEqual([403, 403]);
    expect(groups.body.error.code).toBe('Authorization_RequestDenied');
  });

  it('filters groups by display name', async () => {
    const admins = graph.tenant.addGroup('Portal Admins');
    graph.tenant.addGroup('Portal Users');
    const reader = graph.addCaller(['GroupMember.Read.All']);
    const found = await graph.request(
      'GET',
      "/v1.0/groups?$filter=displayName%20eq%20'Portal%20Admins'&$select=id,displayName",
      { token: reader.token },
    );
    expect(found.body.value).toEqual([{ id: admins.id, displayName: 'Portal Admins' }]);
  });
});

describe('owners', () => {
  it('adds a user as owner and lists it as a user', async () => {
    const alice = graph.tenant.addUser('alice@contoso.example', 'Alice');
    const { app } = await createAppWithServicePrincipal();
    const add = await graph.request('POST', `/v1.0/applications/${app.id}/owners/$ref`, {
      body: { '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${alice.id}` },
    });
    expect(add.status).toBe(204);
    const again = await graph.request('POST', `/v1.0/applications/${app.id}/owners/$ref`, {
      body: { '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${alice.id}` },
    });
    expect(again.status).toBe(400);
    const owners = await graph.request('GET', `/v1.0/applications/${app.id}/owners`);
    expect(owners.body.value).toEqual([
      expect.objectContaining({ '@odata.type': '#microsoft.graph.user', id: alice.id }),
    ]);
  });

  it('refuses Application.ReadWrite.OwnedBy adding another owner, as Graph documents', async () => {
    const alice = graph.tenant.addUser('alice@contoso.example');
    const ownedBy = graph.addCaller(['Application.ReadWrite.OwnedBy']);
    const { app } = await createAppWithServicePrincipal(ownedBy.token);
    const add = await graph.request('POST', `/v1.0/applications/${app.id}/owners/$ref`, {
      token: ownedBy.token,
      body: { '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${alice.id}` },
    });
    expect(add.status).toBe(403);
    expect(add.body.error.code).toBe('Authorization_RequestDenied');
  });
});

describe('assignments to users and groups', () => {
  it('assigns a user and a group the default access and lists them with their principal type', async () => {
    const alice = graph.tenant.addUser('alice@contoso.example', 'Alice');
    const admins = graph.tenant.addGroup('Portal Admins');
    const { sp } = await createAppWithServicePrincipal();
    for (const principalId of [alice.id, admins.id]) {
      const created = await graph.request(
        'POST',
        `/v1.0/servicePrincipals/${sp.id}/appRoleAssignedTo`,
        {
          body: { principalId, resourceId: sp.id, appRoleId: DEFAULT_ACCESS },
        },
      );
      expect(created.status).toBe(201);
    }
    const list = await graph.request(
      'GET',
      `/v1.0/servicePrincipals/${sp.id}/appRoleAssignedTo?$select=principalId,principalType,principalDisplayName`,
    );
    expect(
      list.body.value.map((a: Record<string, unknown>) => ({
        principalId: a.principalId,
        principalType: a.principalType,
        principalDisplayName: a.principalDisplayName,
      })),
    ).toEqual([
      { principalId: alice.id, principalType: 'User', principalDisplayName: 'Alice' },
      { principalId: admins.id, principalType: 'Group', principalDisplayName: 'Portal Admins' },
    ]);
  });

  it('refuses a preferredSingleSignOnMode Graph does not know', async () => {
    const { sp } = await createAppWithServicePrincipal();
    const patch = await graph.request('PATCH', `/v1.0/servicePrincipals/${sp.id}`, {
      body: { preferredSingleSignOnMode: 'kerberos' },
    });
    expect(patch.status).toBe(400);
    const ok = await graph.request('PATCH', `/v1.0/servicePrincipals/${sp.id}`, {
      body: { preferredSingleSignOnMode: 'oidc', appRoleAssignmentRequired: true },
    });
    expect(ok.status).toBe(204);
    const read = await graph.request(
      'GET',
      `/v1.0/servicePrincipals/${sp.id}?$select=preferredSingleSignOnMode,appRoleAssignmentRequired`,
    );
    expect(read.body).toMatchObject({
      preferredSingleSignOnMode: 'oidc',
      appRoleAssignmentRequired: true,
    });
  });
});
