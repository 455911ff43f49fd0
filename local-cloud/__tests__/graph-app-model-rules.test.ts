// The local cloud refuses what Entra refuses: every row of src/model/app-model-rules.ts answers
// Graph's 400 with its code and message, and the value just inside the limit is accepted.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { APP_MODEL_RULES, toGraphMessage } from '../../src/model/app-model-rules.js';
import { startTestGraph, type TestGraph } from './graph-test-cloud.js';

let graph: TestGraph;
beforeEach(async () => {
  graph = await startTestGraph();
});
afterEach(async () => {
  await graph.close();
});

const PERSONAL = 'AzureADandPersonalMicrosoftAccount';
const uris = (n: number): string[] =>
  Array.from({ length: n }, (_, i) => `https://app.contoso.example/auth/${i}`);
const access = (resources: number, perResource: number) =>
  Array.from({ length: resources }, (_, r) => ({
    resourceAppId: `00000000-0000-0000-0000-${String(r).padStart(12, '0')}`,
    resourceAccess: Array.from({ length: perResource }, (_, p) => ({
      id: `00000000-0000-0000-${String(r).padStart(4, '0')}-${String(p).padStart(12, '0')}`,
      type: 'Role',
    })),
  }));

const scopeId = (i: number): string => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
/** `n` enabled scopes whose values are `length` characters long. */
const scopes = (n: number, length: number) =>
  Array.from({ length: n }, (_, i) => ({
    id: scopeId(i),
    value: `${i}`.padStart(length, 's'),
    type: 'User',
    adminConsentDisplayName: 'Scope',
    adminConsentDescription: 'Scope',
    isEnabled: true,
  }));
const client = (n: number) => ({
  appId: '04b07795-8ddb-461a-bbee-02f9e1bf7b46',
  delegatedPermissionIds: Array.from({ length: n }, (_, i) => scopeId(i)),
});

/** An app of the audience publishing `scopes` (and pre-authorizing `client`). */
const withApi = (audience: string, list: unknown[], client?: unknown) => ({
  displayName: 'App',
  signInAudience: audience,
  api: { oauth2PermissionScopes: list, ...(client ? { preAuthorizedApplications: [client] } : {}) },
});

interface RuleCase {
  rule: string;
  /** A create body that breaks the rule, and one just inside it. */
  bad: Record<string, unknown>;
  good: Record<string, unknown>;
}

const CASES: RuleCase[] = [
  {
    rule: 'displayName.length',
    bad: { displayName: 'a'.repeat(121), signInAudience: 'AzureADMyOrg' },
    good: { displayName: 'a'.repeat(120), signInAudience: 'AzureADMyOrg' },
  },
  {
    rule: 'displayName.length.personal',
    bad: { displayName: 'a'.repeat(91), signInAudience: PERSONAL },
    good: { displayName: 'a'.repeat(90), signInAudience: PERSONAL },
  },
  {
    rule: 'tags.form',
    bad: { displayName: 'App', tags: ['two words'] },
    good: { displayName: 'App', tags: ['one-word', 'x'.repeat(256)] },
  },
  {
    rule: 'redirectUris.scheme',
    bad: { displayName: 'App', web: { redirectUris: ['http://app.contoso.example/auth'] } },
    good: { displayName: 'App', web: { redirectUris: ['http://localhost:7071/auth'] } },
  },
  {
    rule: 'redirectUris.length',
    bad: { displayName: 'App', web: { redirectUris: [`https://a.example/${'a'.repeat(240)}`] } },
    good: { displayName: 'App', web: { redirectUris: [`https://a.example/${'a'.repeat(238)}`] } },
  },
  {
    rule: 'redirectUris.wildcard.personal',
    bad: {
      displayName: 'App',
      signInAudience: PERSONAL,
      web: { redirectUris: ['https://*.a.example'] },
    },
    good: {
      displayName: 'App',
      signInAudience: 'AzureADMyOrg',
      web: { redirectUris: ['https://*.a.example'] },
    },
  },
  {
    rule: 'redirectUris.count',
    bad: {
      displayName: 'App',
      signInAudience: 'AzureADMyOrg',
      web: { redirectUris: uris(200) },
      spa: { redirectUris: uris(57).map((u) => `${u}/spa`) },
    },
    good: { displayName: 'App', signInAudience: 'AzureADMyOrg', web: { redirectUris: uris(256) } },
  },
  {
    rule: 'redirectUris.count.personal',
    bad: { displayName: 'App', signInAudience: PERSONAL, web: { redirectUris: uris(101) } },
    good: { displayName: 'App', signInAudience: PERSONAL, web: { redirectUris: uris(100) } },
  },
  {
    rule: 'identifierUris.form',
    bad: {
      displayName: 'App',
      signInAudience: 'AzureADMyOrg',
      identifierUris: ['https://*.contoso.onmicrosoft.com'],
    },
    good: {
      displayName: 'App',
      signInAudience: 'AzureADMyOrg',
      identifierUris: [`https://contoso.onmicrosoft.com/${'a'.repeat(223)}`],
    },
  },
  {
    rule: 'identifierUris.form.personal',
    bad: {
      displayName: 'App',
      signInAudience: PERSONAL,
      identifierUris: ['urn:contoso.onmicrosoft.com:app'],
    },
    good: {
      displayName: 'App',
      signInAudience: PERSONAL,
      identifierUris: ['https://contoso.onmicrosoft.com/app'],
    },
  },
  {
    rule: 'identifierUris.tenantPolicy',
    bad: { displayName: 'App', identifierUris: ['api://my-api'] },
    good: { displayName: 'App', identifierUris: ['https://api.contoso.onmicrosoft.com/v1'] },
  },
  {
    rule: 'requiredResourceAccess.count',
    bad: {
      displayName: 'App',
      signInAudience: 'AzureADMyOrg',
      requiredResourceAccess: access(51, 1),
    },
    good: {
      displayName: 'App',
      signInAudience: 'AzureADMyOrg',
      requiredResourceAccess: access(50, 8),
    },
  },
  {
    rule: 'requiredResourceAccess.count.personal',
    bad: { displayName: 'App', signInAudience: PERSONAL, requiredResourceAccess: access(1, 31) },
    good: { displayName: 'App', signInAudience: PERSONAL, requiredResourceAccess: access(6, 30) },
  },
  {
    rule: 'api.requestedAccessTokenVersion.personal',
    bad: { displayName: 'App', signInAudience: PERSONAL, api: { requestedAccessTokenVersion: 1 } },
    good: { displayName: 'App', signInAudience: PERSONAL, api: { requestedAccessTokenVersion: 2 } },
  },
  {
    rule: 'appRoles.personal',
    bad: {
      displayName: 'App',
      signInAudience: PERSONAL,
      appRoles: [
        {
          id: '6a1f0a4e-0f6c-4c55-9d2a-8d1f4b0b9e01',
          value: 'Archive.Read',
          displayName: 'Read',
          description: 'Read',
          allowedMemberTypes: ['Application'],
          isEnabled: true,
        },
      ],
    },
    good: { displayName: 'App', signInAudience: PERSONAL, appRoles: [] },
  },
  {
    rule: 'web.logoutUrl.form',
    bad: { displayName: 'App', web: { logoutUrl: 'http://app.contoso.example/signout' } },
    good: { displayName: 'App', web: { logoutUrl: 'https://localhost/signout' } },
  },
  {
    rule: 'oauth2PermissionScopes.value.length',
    bad: withApi('AzureADMyOrg', scopes(1, 121)),
    good: withApi('AzureADMyOrg', scopes(1, 120)),
  },
  {
    rule: 'oauth2PermissionScopes.personal',
    bad: withApi(PERSONAL, scopes(101, 10)),
    good: withApi(PERSONAL, scopes(100, 40)),
  },
  {
    rule: 'entitlements.count',
    bad: withApi('AzureADMyOrg', scopes(701, 10)),
    good: withApi('AzureADMyOrg', scopes(700, 10)),
  },
  {
    rule: 'preAuthorizedApplications.personal',
    bad: withApi(PERSONAL, scopes(31, 10), client(31)),
    good: withApi(PERSONAL, scopes(31, 10), client(30)),
  },
];

const ruleOf = (id: string) => APP_MODEL_RULES.find((r) => r.id === id)!;

describe("Entra's app-model rules in the local cloud", () => {
  it('has a case for every row of the table', () => {
    const covered = new Set([...CASES.map((c) => c.rule), 'passwordCredentials.count.personal']);
    expect(APP_MODEL_RULES.map((r) => r.id).filter((id) => !covered.has(id))).toEqual([]);
  });

  it.each(CASES)('answers 400 for a create that breaks $rule and 201 just inside it', async (c) => {
    const rule = ruleOf(c.rule);
    const bad = await graph.request('POST', '/v1.0/applications', { body: c.bad });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: rule.graphCode, message: toGraphMessage(rule) });
    const good = await graph.request('POST', '/v1.0/applications', { body: c.good });
    expect(good.status).toBe(201);
  });

  it('refuses a PATCH that breaks a rule and keeps the app as it was', async () => {
    const app = (
      await graph.request('POST', '/v1.0/applications', { body: { displayName: 'App' } })
    ).body;
    const patch = await graph.request('PATCH', `/v1.0/applications/${app.id}`, {
      body: { tags: ['a b'] },
    });
    expect(patch.status).toBe(400);
    expect(graph.tenant.applications.get(app.id)!.tags).toEqual([]);
  });

  it('answers "Property api.requestedAccessTokenVersion is invalid." when the audience becomes personal on token version 1', async () => {
    const app = (
      await graph.request('POST', '/v1.0/applications', {
        body: { displayName: 'App', signInAudience: 'AzureADMyOrg' },
      })
    ).body;
    expect(app.api.requestedAccessTokenVersion).toBeNull();
    const patch = await graph.request('PATCH', `/v1.0/applications/${app.id}`, {
      body: { signInAudience: 'PersonalMicrosoftAccount' },
    });
    expect(patch.status).toBe(400);
    expect(patch.body.error.message).toBe('Property api.requestedAccessTokenVersion is invalid.');
    const both = await graph.request('PATCH', `/v1.0/applications/${app.id}`, {
      body: { signInAudience: 'PersonalMicrosoftAccount', api: { requestedAccessTokenVersion: 2 } },
    });
    expect(both.status).toBe(204);
  });

  it('gives a new personal-account app token version 2 when the body names none', async () => {
    const app = (
      await graph.request('POST', '/v1.0/applications', { body: { displayName: 'App' } })
    ).body;
    expect(app.signInAudience).toBe(PERSONAL);
    expect(app.api.requestedAccessTokenVersion).toBe(2);
  });

  it('keeps identifier URIs the app already holds, though they break the tenant policy', async () => {
    const app = (
      await graph.request('POST', '/v1.0/applications', { body: { displayName: 'App' } })
    ).body;
    graph.tenant.applications.get(app.id)!.identifierUris = ['api://legacy'];
    const patch = await graph.request('PATCH', `/v1.0/applications/${app.id}`, {
      body: { identifierUris: ['api://legacy', `api://${graph.tenant.tenantId}/new`] },
    });
    expect(patch.status).toBe(204);
    const policy = ruleOf('identifierUris.tenantPolicy');
    const refused = await graph.request('PATCH', `/v1.0/applications/${app.id}`, {
      body: { identifierUris: ['api://legacy', 'api://other'] },
    });
    expect(refused.body.error).toMatchObject({
      code: policy.graphCode,
      message: toGraphMessage(policy),
    });
  });

  it('refuses a third client secret on an app that signs in personal accounts', async () => {
    const rule = ruleOf('passwordCredentials.count.personal');
    const personal = (
      await graph.request('POST', '/v1.0/applications', {
        body: { displayName: 'P', signInAudience: PERSONAL },
      })
    ).body;
    const org = (
      await graph.request('POST', '/v1.0/applications', {
        body: { displayName: 'O', signInAudience: 'AzureADMyOrg' },
      })
    ).body;
    for (const id of [personal.id, org.id]) {
      for (let i = 0; i < 2; i += 1)
        expect(
          (await graph.request('POST', `/v1.0/applications/${id}/addPassword`, { body: {} }))
            .status,
        ).toBe(200);
    }
    const third = await graph.request('POST', `/v1.0/applications/${personal.id}/addPassword`, {
      body: {},
    });
    expect(third.status).toBe(400);
    expect(third.body.error).toMatchObject({ code: rule.graphCode, message: toGraphMessage(rule) });
    expect(graph.tenant.applications.get(personal.id)!.passwordCredentials).toHaveLength(2);
    const orgThird = await graph.request('POST', `/v1.0/applications/${org.id}/addPassword`, {
      body: {},
    });
    expect(orgThird.status).toBe(200);
  });
});

describe('rules on a PATCH', () => {
  it('checks the properties the PATCH sets, not what the app already held', async () => {
    const app = (
      await graph.request('POST', '/v1.0/applications', {
        body: { displayName: 'App', signInAudience: 'AzureADMyOrg' },
      })
    ).body;
    graph.tenant.applications.get(app.id)!.tags = ['held by hand'];
    const rename = await graph.request('PATCH', `/v1.0/applications/${app.id}`, {
      body: { displayName: 'App renamed' },
    });
    expect(rename.status).toBe(204);
    const retag = await graph.request('PATCH', `/v1.0/applications/${app.id}`, {
      body: { tags: ['held by hand'] },
    });
    expect(retag.status).toBe(400);
  });
});
