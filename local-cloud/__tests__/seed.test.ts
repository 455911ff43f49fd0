import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { renderFirstPartySeed } from '../../scripts/generate-first-party-seed.js';
import { startTestGraph, type TestGraph } from './graph-test-cloud.js';

let graph: TestGraph;
beforeAll(async () => {
  graph = await startTestGraph();
});
afterAll(async () => {
  await graph.close();
});

const read = async (appId: string): Promise<any> =>
  (await graph.request('GET', `/v1.0/servicePrincipals(appId='${appId}')`)).body;

describe('the first-party seed', () => {
  it.each([
    ['Microsoft Graph', '00000003-0000-0000-c000-000000000000', 716, 807],
    ['Office 365 Exchange Online', '00000002-0000-0ff1-ce00-000000000000', 28, 56],
    ['Office 365 SharePoint Online', '00000003-0000-0ff1-ce00-000000000000', 20, 29],
  ])('publishes every app role and scope of %s', async (name, appId, roles, scopes) => {
    const sp = await read(appId);
    expect(sp.displayName).toBe(name);
    expect(sp.appRoles).toHaveLength(roles);
    expect(sp.oauth2PermissionScopes).toHaveLength(scopes);
  });

  it('returns every property Graph declares for app roles and scopes', async () => {
    const sp = await read('00000003-0000-0000-c000-000000000000');
    expect(sp.appRoles.find((r: any) => r.value === 'User.Read.All')).toEqual({
      allowedMemberTypes: ['Application'],
      description: 'Allows the app to read user profiles without a signed in user.',
      displayName: "Read all users' full profiles",
      id: 'df021288-bdef-4463-88db-98f22de89214',
      isEnabled: true,
      origin: 'Application',
      value: 'User.Read.All',
    });
    const scope = sp.oauth2PermissionScopes.find((s: any) => s.value === 'User.Read');
    expect(Object.keys(scope).sort()).toEqual([
      'adminConsentDescription',
      'adminConsentDisplayName',
      'id',
      'isEnabled',
      'origin',
      'type',
      'userConsentDescription',
      'userConsentDisplayName',
      'value',
    ]);
    expect(scope).toMatchObject({ id: 'e1fe6dd8-ba31-4d61-89e7-88639da4683d', type: 'User' });
  });

  it('gives each tenant its own service principal over one shared, frozen permission table', async () => {
    const other = await startTestGraph();
    try {
      const mine = graph.tenant.servicePrincipalByAppId('00000003-0000-0000-c000-000000000000')!;
      const theirs = other.tenant.servicePrincipalByAppId('00000003-0000-0000-c000-000000000000')!;
      expect(mine.id).not.toBe(theirs.id);
      expect(mine.appRoles).toBe(theirs.appRoles);
      expect(Object.isFrozen(mine.appRoles[0])).toBe(true);
    } finally {
      await other.close();
    }
  });

  it('is generated with the catalog sources named in the file', () => {
    const text = renderFirstPartySeed({
      _about: { sources: [{ repo: 'owner/dump', commit: 'abc', commitDate: '2026-08-22' }] },
      resources: [
        {
          appId: 'a',
          displayName: 'R',
          appRoles: [{ id: '1', value: 'X.Read', displayName: 'd', description: 'e' }],
          oauth2PermissionScopes: [],
        },
      ],
    });
    expect(text).toContain('//   owner/dump @ abc (2026-08-22)');
    expect(text).toContain('["1","X.Read","d","e"],');
  });
});
