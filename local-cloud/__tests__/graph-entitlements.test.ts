// The local cloud keeps Graph's rules for an application's app roles and scopes: an enabled one is
// changed or removed only once disabled (CannotDeleteOrUpdateEnabledEntitlement), values and ids
// are unique (DuplicateValue), pre-authorized clients name scopes the app publishes, and the app's
// service principal publishes what the app does.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { startTestGraph, type TestGraph } from './graph-test-cloud.js';

let graph: TestGraph;
beforeEach(async () => {
  graph = await startTestGraph();
});
afterEach(async () => {
  await graph.close();
});

const ROLE = {
  id: '1b4f816e-5eaf-48b9-8613-7923830595ad',
  value: 'Orders.Admin',
  displayName: 'Order administrators',
  description: 'Administer orders.',
  allowedMemberTypes: ['User'],
  isEnabled: true,
};
const SCOPE = {
  id: '7ab8a3f0-3d7f-4d55-bc3c-3f1e0c1d9e11',
  value: 'access_as_user',
  type: 'User',
  adminConsentDisplayName: 'Access the API',
  adminConsentDescription: 'Call the API as the user.',
  userConsentDisplayName: null,
  userConsentDescription: null,
  isEnabled: true,
};

async function createApp(): Promise<string> {
  const created = await graph.request('POST', '/v1.0/applications', {
    body: {
      displayName: 'Orders API',
      signInAudience: 'AzureADMyOrg',
      appRoles: [ROLE],
      api: { oauth2PermissionScopes: [SCOPE] },
    },
  });
  expect(created.status).toBe(201);
  return created.body.id as string;
}

const patch = (id: string, body: unknown) =>
  graph.request('PATCH', `/v1.0/applications/${id}`, { body });

describe('app roles and scopes in the local cloud', () => {
  it.each([
    ['removing an enabled role', { appRoles: [] }],
    ['changing an enabled role', { appRoles: [{ ...ROLE, value: 'Orders.Administer' }] }],
    ['removing an enabled scope', { api: { oauth2PermissionScopes: [] } }],
    [
      'changing an enabled scope',
      { api: { oauth2PermissionScopes: [{ ...SCOPE, adminConsentDisplayName: 'Other' }] } },
    ],
  ])('refuses %s with CannotDeleteOrUpdateEnabledEntitlement', async (_name, body) => {
    const id = await createApp();
    const refused = await patch(id, body);
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({
      code: 'CannotDeleteOrUpdateEnabledEntitlement',
      message: 'Permission (scope or role) cannot be deleted or updated unless disabled first.',
      innerError: { 'request-id': expect.any(String), date: expect.any(String) },
    });
    expect(graph.tenant.applications.get(id)!.appRoles).toEqual([ROLE]);
  });

  it('changes and removes a role once a write of its own has disabled it', async () => {
    const id = await createApp();
    expect((await patch(id, { appRoles: [{ ...ROLE, isEnabled: false }] })).status).toBe(204);
    const renamed = { ...ROLE, value: 'Orders.Administer', isEnabled: false };
    expect((await patch(id, { appRoles: [renamed] })).status).toBe(204);
    expect((await patch(id, { appRoles: [] })).status).toBe(204);
    expect(graph.tenant.applications.get(id)!.appRoles).toEqual([]);
  });

  it('answers DuplicateValue for two roles with one value', async () => {
    const id = await createApp();
    const second = { ...ROLE, id: '2c5f816e-5eaf-48b9-8613-7923830595ad' };
    const refused = await patch(id, { appRoles: [ROLE, second] });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({
      code: 'DuplicateValue',
      message: 'Request contains a property with duplicate values.',
      details: [{ code: 'DuplicateValue', target: 'appRoles' }],
    });
  });

  it('keeps the scopes when a PATCH of api names only the token version', async () => {
    const id = await createApp();
    expect((await patch(id, { api: { requestedAccessTokenVersion: 2 } })).status).toBe(204);
    const app = await graph.request('GET', `/v1.0/applications/${id}`);
    expect(app.body.api).toMatchObject({
      requestedAccessTokenVersion: 2,
      oauth2PermissionScopes: [SCOPE],
    });
  });

  it('refuses a pre-authorized client naming a scope the app does not publish', async () => {
    const id = await createApp();
    const client = { appId: '04b07795-8ddb-461a-bbee-02f9e1bf7b46' };
    const refused = await patch(id, {
      api: { preAuthorizedApplications: [{ ...client, delegatedPermissionIds: [ROLE.id] }] },
    });
    expect(refused.status).toBe(400);
    const accepted = await patch(id, {
      api: { preAuthorizedApplications: [{ ...client, delegatedPermissionIds: [SCOPE.id] }] },
    });
    expect(accepted.status).toBe(204);
  });

  it('returns groupMembershipClaims, optionalClaims and info as they were written', async () => {
    const id = await createApp();
    const claims = {
      idToken: [{ name: 'groups', source: null, essential: false, additionalProperties: [] }],
      accessToken: [],
      saml2Token: [],
    };
    const written = await patch(id, {
      groupMembershipClaims: 'SecurityGroup',
      optionalClaims: claims,
      info: { supportUrl: 'https://contoso.example/help' },
      web: { logoutUrl: 'https://contoso.example/signout' },
    });
    expect(written.status).toBe(204);
    const app = (await graph.request('GET', `/v1.0/applications/${id}`)).body;
    expect(app.groupMembershipClaims).toBe('SecurityGroup');
    expect(app.optionalClaims).toEqual(claims);
    expect(app.info).toEqual({
      logoUrl: null,
      marketingUrl: null,
      privacyStatementUrl: null,
      supportUrl: 'https://contoso.example/help',
      termsOfServiceUrl: null,
    });
    expect(app.web.logoutUrl).toBe('https://contoso.example/signout');
    const bad = await patch(id, { groupMembershipClaims: 'Everything' });
    expect(bad.status).toBe(400);
  });

  it('gives the app service principal the roles and scopes the app publishes', async () => {
    const id = await createApp();
    const appId = graph.tenant.applications.get(id)!.appId;
    const sp = await graph.request('POST', '/v1.0/servicePrincipals', { body: { appId } });
    expect(sp.status).toBe(201);
    expect(sp.body.appRoles).toEqual([expect.objectContaining({ value: 'Orders.Admin' })]);
    await patch(id, { appRoles: [{ ...ROLE, isEnabled: false }] });
    const after = await graph.request('GET', `/v1.0/servicePrincipals/${sp.body.id}`);
    expect(after.body.appRoles).toEqual([expect.objectContaining({ isEnabled: false })]);
  });
});
