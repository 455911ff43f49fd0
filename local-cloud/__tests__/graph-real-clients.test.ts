// What real clients (the CLI for Microsoft 365, the Azure CLI) need of Graph, found by running them
// against the local cloud (npm run conformance): each departure fixed has its test here.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { startTestGraph, type TestGraph } from './graph-test-cloud.js';

let graph: TestGraph;
beforeEach(async () => {
  graph = await startTestGraph();
});
afterEach(async () => {
  await graph.close();
});

const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';
const USER_READ_ALL = 'df021288-bdef-4463-88db-98f22de89214';

// Every property of application and servicePrincipal in Graph v1.0 (the CSDL), but navigation
// properties and the application's `logo` stream, which Graph serves at /logo.
const APPLICATION_PROPERTIES =
  `id deletedDateTime addIns api appId applicationTemplateId appRoles authenticationBehaviors
  certification createdByAppId createdDateTime defaultRedirectUri description disabledByMicrosoftStatus displayName
  groupMembershipClaims identifierUris info isDeviceOnlyAuthSupported isDisabled isFallbackPublicClient keyCredentials
  managerApplications nativeAuthenticationApisEnabled notes oauth2RequirePostResponse optionalClaims
  parentalControlSettings passwordCredentials publicClient publisherDomain requestSignatureVerification
  requiredResourceAccess samlMetadataUrl serviceManagementReference servicePrincipalLockConfiguration signInAudience spa
  tags tokenEncryptionKeyId uniqueName verifiedPublisher web`.split(/\s+/);
const SERVICE_PRINCIPAL_PROPERTIES =
  `id deletedDateTime accountEnabled addIns alternativeNames appDescription appDisplayName
  appId applicationTemplateId appOwnerOrganizationId appRoleAssignmentRequired appRoles createdByAppId
  customSecurityAttributes description disabledByMicrosoftStatus displayName homepage info isDisabled keyCredentials
  loginUrl logoutUrl notes notificationEmailAddresses oauth2PermissionScopes passwordCredentials preferredSingleSignOnMode
  preferredTokenSigningKeyThumbprint replyUrls resourceSpecificApplicationPermissions samlSingleSignOnSettings
  servicePrincipalNames servicePrincipalType signInAudience tags tokenEncryptionKeyId verifiedPublisher`.split(
    /\s+/,
  );

async function createAppWithServicePrincipal(): Promise<{ app: any; sp: any }> {
  const app = await graph.request('POST', '/v1.0/applications', {
    body: { displayName: 'Client' },
  });
  const sp = await graph.request('POST', '/v1.0/servicePrincipals', {
    body: { appId: app.body.appId },
  });
  return { app: app.body, sp: sp.body };
}

describe('/v1.0/myorganization', () => {
  it('serves /v1.0/myorganization/… as /v1.0/…', async () => {
    const created = await graph.request('POST', '/v1.0/myorganization/applications', {
      body: { displayName: 'Via myorganization' },
    });
    expect(created.status).toBe(201);
    const read = await graph.request(
      'GET',
      `/v1.0/myorganization/applications/${created.body.id}?$select=displayName`,
    );
    expect(read.status).toBe(200);
    expect(read.body.displayName).toBe('Via myorganization');
  });

  it('serves myorganization/… inside $batch, with or without the leading slash', async () => {
    const batch = await graph.request('POST', '/v1.0/$batch', {
      body: {
        requests: [
          {
            id: '1',
            method: 'POST',
            url: '/myorganization/applications',
            headers: { 'content-type': 'application/json' },
            body: { displayName: 'Batched' },
          },
          { id: '2', method: 'GET', url: 'myorganization/applications?$select=displayName' },
        ],
      },
    });
    expect(batch.status).toBe(200);
    const [create, list] = batch.body.responses;
    expect(create.status).toBe(201);
    expect(list.status).toBe(200);
    expect(list.body.value.map((a: any) => a.displayName)).toContain('Batched');
  });
});

describe('$expand', () => {
  it('expands an application owners and federatedIdentityCredentials', async () => {
    const { token, oid } = graph.addCaller([
      'Application.ReadWrite.OwnedBy',
      'Application.Read.All',
    ]);
    const app = await graph.request('POST', '/v1.0/applications', {
      body: { displayName: 'Owned' },
      token,
    });
    await graph.request('POST', `/v1.0/applications/${app.body.id}/federatedIdentityCredentials`, {
      body: {
        name: 'main',
        issuer: 'https://token.actions.githubusercontent.com',
        subject: 'repo:o/r:ref:refs/heads/main',
        audiences: ['api://AzureADTokenExchange'],
      },
    });
    const read = await graph.request(
      'GET',
      `/v1.0/applications/${app.body.id}?$expand=owners,federatedIdentityCredentials($select=name)`,
    );
    expect(read.status).toBe(200);
    expect(read.body.owners).toEqual([
      expect.objectContaining({ '@odata.type': '#microsoft.graph.servicePrincipal', id: oid }),
    ]);
    expect(read.body.federatedIdentityCredentials).toEqual([
      { id: expect.any(String), name: 'main' },
    ]);
  });

  it('expands a service principal appRoleAssignments and appRoleAssignedTo, also in a list', async () => {
    const { sp } = await createAppWithServicePrincipal();
    const graphSp = graph.tenant.servicePrincipalByAppId(GRAPH_APP_ID);
    await graph.request('POST', `/v1.0/servicePrincipals/${sp.id}/appRoleAssignments`, {
      body: { principalId: sp.id, resourceId: graphSp?.id, appRoleId: USER_READ_ALL },
    });
    const read = await graph.request(
      'GET',
      `/v1.0/servicePrincipals/${sp.id}?$expand=appRoleAssignments`,
    );
    expect(read.body.appRoleAssignments).toEqual([
      expect.objectContaining({ appRoleId: USER_READ_ALL, resourceId: graphSp?.id }),
    ]);
    const list = await graph.request(
      'GET',
      `/v1.0/servicePrincipals?$filter=appId eq '${GRAPH_APP_ID}'&$select=id&$expand=appRoleAssignedTo`,
    );
    expect(list.body.value[0]).toEqual({
      id: graphSp?.id,
      appRoleAssignedTo: [expect.objectContaining({ principalId: sp.id })],
    });
  });

  it('answers 400 in Graph error shape for $expand of something that is no navigation property', async () => {
    const { app } = await createAppWithServicePrincipal();
    const read = await graph.request('GET', `/v1.0/applications/${app.id}?$expand=displayName`);
    expect(read.status).toBe(400);
    expect(read.body.error.message).toContain("'displayName'");
    expect(read.body.error.innerError['request-id']).toEqual(expect.any(String));
  });
});

describe('query options the cloud does not implement', () => {
  it.each(['$search="displayName:x"', '$skip=5', '$format=json'])(
    'answers 400 in Graph error shape to %s, never ignoring it',
    async (option) => {
      const response = await graph.request('GET', `/v1.0/applications?${option}`, {
        headers: { consistencylevel: 'eventual' },
      });
      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe('BadRequest');
      expect(response.body.error.message).toContain(option.split('=')[0]);
    },
  );
});

describe('federated identity credentials by name', () => {
  it('gets, updates and deletes a credential by its name in the id position', async () => {
    const { app } = await createAppWithServicePrincipal();
    const base = `/v1.0/applications/${app.id}/federatedIdentityCredentials`;
    await graph.request('POST', base, {
      body: {
        name: 'deploy-main',
        issuer: 'https://token.actions.githubusercontent.com',
        subject: 'repo:o/r:ref:refs/heads/main',
        audiences: ['api://AzureADTokenExchange'],
      },
    });
    const read = await graph.request('GET', `${base}/deploy-main`);
    expect(read.status).toBe(200);
    expect(read.body.subject).toBe('repo:o/r:ref:refs/heads/main');
    const patched = await graph.request('PATCH', `${base}/deploy-main`, {
      body: { description: 'main branch' },
    });
    expect(patched.status).toBe(204);
    expect((await graph.request('GET', `${base}(name='deploy-main')`)).body.description).toBe(
      'main branch',
    );
    expect((await graph.request('DELETE', `${base}/deploy-main`)).status).toBe(204);
    expect((await graph.request('GET', `${base}/deploy-main`)).status).toBe(404);
  });
});

describe('entity bodies', () => {
  it('returns every v1.0 property of an application and of a service principal', async () => {
    const { app, sp } = await createAppWithServicePrincipal();
    const readApp = await graph.request('GET', `/v1.0/applications/${app.id}`);
    const readSp = await graph.request('GET', `/v1.0/servicePrincipals/${sp.id}`);
    expect(
      Object.keys(readApp.body)
        .filter((k) => !k.startsWith('@'))
        .sort(),
    ).toEqual([...APPLICATION_PROPERTIES].sort());
    expect(
      Object.keys(readSp.body)
        .filter((k) => !k.startsWith('@'))
        .sort(),
    ).toEqual([...SERVICE_PRINCIPAL_PROPERTIES].sort());
  });

  it('returns only what $select names (and id)', async () => {
    const { app, sp } = await createAppWithServicePrincipal();
    const readApp = await graph.request(
      'GET',
      `/v1.0/applications/${app.id}?$select=appId,parentalControlSettings`,
    );
    expect(
      Object.keys(readApp.body)
        .filter((k) => !k.startsWith('@'))
        .sort(),
    ).toEqual(['appId', 'id', 'parentalControlSettings']);
    const readSp = await graph.request(
      'GET',
      `/v1.0/servicePrincipals/${sp.id}?$select=isDisabled`,
    );
    expect(
      Object.keys(readSp.body)
        .filter((k) => !k.startsWith('@'))
        .sort(),
    ).toEqual(['id', 'isDisabled']);
  });
});
