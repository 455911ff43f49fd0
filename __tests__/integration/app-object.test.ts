// The app object a team registers from a repository: a web app with single sign-on (spa redirect
// URIs, claims, an app role) and an API with scopes and roles, its client pre-authorized. Graph's
// rules hold: roles and scopes keep their ids, an enabled one is disabled before it changes or
// goes, drift is undone, prune: false keeps what was added by hand; a second run writes nothing.
import { beforeAll, describe, expect, it } from '@jest/globals';
import type { LocalCloud } from '@register-entra-app/local-cloud';
import { runAction, type ActionResult } from '@register-entra-app/local-cloud/runner';
import { resetTenant, viewApp } from '@register-entra-app/local-cloud/testing';
import { useLocalCloud } from '@register-entra-app/local-cloud/testing';

const handle = useLocalCloud();

const PORTAL = `
displayName: Contoso Portal
uniqueName: contoso-portal
spa:
  redirectUris: [https://portal.contoso.example/, http://localhost:3000/]
web:
  logoutUrl: https://portal.contoso.example/signout
  implicitGrantSettings:
    enableIdTokenIssuance: true
groupMembershipClaims: SecurityGroup
optionalClaims:
  idToken:
    - name: groups
    - name: email
      essential: true
  accessToken:
    - name: groups
appRoles:
  - value: Portal.Admin
    displayName: Portal administrators
    description: Administer the Contoso portal.
    allowedMemberTypes: [User]
info:
  privacyStatementUrl: https://portal.contoso.example/privacy
  supportUrl: https://portal.contoso.example/support
permissions:
  - resource: Microsoft Graph
    delegated: [User.Read]
credential:
  type: none
`;

const API_ROLES = `
appRoles:
  - value: Orders.Read.All
    displayName: Read all orders
    description: Read every order as the app itself.
    allowedMemberTypes: [Application]
  - value: Orders.Admin
    displayName: Order administrators
    description: Administer orders.
    allowedMemberTypes: [User, Application]
`;

function apiProfile(extraApi = ''): string {
  return `
displayName: Contoso Orders API
uniqueName: contoso-orders-api
identifierUris: ['api://\${{ app.clientId }}']
api:
  requestedAccessTokenVersion: 2
  oauth2PermissionScopes:
    - value: access_as_user
      adminConsentDisplayName: Access the orders API
      adminConsentDescription: Lets the app call the orders API as the signed-in user.
      userConsentDisplayName: Access your orders
      userConsentDescription: Lets the app read and place your orders.
    - value: Orders.Manage
      type: Admin
      adminConsentDisplayName: Manage orders
      adminConsentDescription: Lets the app manage every order as the signed-in user.
${extraApi}${API_ROLES}
credential:
  type: none
`;
}

const CLIENT = `
displayName: Contoso Orders Client
uniqueName: contoso-orders-client
permissions:
  - resource: Contoso Orders API
    application: [Orders.Read.All]
    delegated: [access_as_user]
credential:
  type: none
`;

async function run(cloud: LocalCloud, app: string, prune = 'true'): Promise<ActionResult> {
  const result = await runAction(cloud, { app, prune });
  if (result.code !== 0) throw new Error(`The action failed:\n${result.log}`);
  return result;
}

/** Runs again and expects no Graph write and no change. */
async function expectConverged(cloud: LocalCloud, app: string, prune = 'true'): Promise<void> {
  cloud.log.clear();
  const again = await run(cloud, app, prune);
  expect(again.stdout).toMatch(/No changes\. The app registration matches the profile\./);
  expect(cloud.log.writes('graph')).toEqual([]);
}

function rolesOf(cloud: LocalCloud, uniqueName: string): Array<Record<string, unknown>> {
  return viewApp(cloud, uniqueName).app.appRoles ?? [];
}

function scopesOf(cloud: LocalCloud, uniqueName: string): Array<Record<string, unknown>> {
  const api = viewApp(cloud, uniqueName).app.api ?? {};
  return (api.oauth2PermissionScopes ?? []) as Array<Record<string, unknown>>;
}

describe('an internal web app with single sign-on', () => {
  beforeAll(async () => {
    resetTenant(handle.cloud);
    await run(handle.cloud, PORTAL);
  });

  it('registers spa redirect URIs, sign-out, implicit grant, claims, the app role and publisher URLs', () => {
    const { app, servicePrincipal } = viewApp(handle.cloud, 'contoso-portal');
    const stored = app as unknown as Record<string, unknown> & { _extra: Record<string, unknown> };
    expect(app.spa.redirectUris).toEqual([
      'https://portal.contoso.example/',
      'http://localhost:3000/',
    ]);
    expect(app.web.logoutUrl).toBe('https://portal.contoso.example/signout');
    expect(app.web.implicitGrantSettings).toEqual({
      enableAccessTokenIssuance: false,
      enableIdTokenIssuance: true,
    });
    expect(stored._extra.groupMembershipClaims).toBe('SecurityGroup');
    expect(stored._extra.optionalClaims).toMatchObject({
      idToken: [{ name: 'groups' }, { name: 'email', essential: true }],
      accessToken: [{ name: 'groups' }],
    });
    expect(stored._extra.info).toMatchObject({
      privacyStatementUrl: 'https://portal.contoso.example/privacy',
      supportUrl: 'https://portal.contoso.example/support',
      marketingUrl: null,
    });
    const [role] = rolesOf(handle.cloud, 'contoso-portal');
    expect(role).toMatchObject({ value: 'Portal.Admin', isEnabled: true, origin: 'Application' });
    expect(role?.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(servicePrincipal?.appRoles.map((r) => r.value)).toEqual(['Portal.Admin']);
  });

  it('sends no write on a second run', async () => {
    await expectConverged(handle.cloud, PORTAL);
    expect(rolesOf(handle.cloud, 'contoso-portal')).toHaveLength(1);
  });

  it('shows drift in every key and undoes it, keeping the role id', async () => {
    const { cloud } = handle;
    const { app } = viewApp(cloud, 'contoso-portal');
    const roleId = rolesOf(cloud, 'contoso-portal')[0]?.id;
    app.spa.redirectUris = ['https://portal.contoso.example/'];
    app.web.logoutUrl = 'https://elsewhere.example/signout';
    app.web.implicitGrantSettings = {
      enableAccessTokenIssuance: true,
      enableIdTokenIssuance: true,
    };
    const extra = (app as unknown as { _extra: Record<string, unknown> })._extra;
    extra.groupMembershipClaims = 'All';
    extra.optionalClaims = { idToken: [{ name: 'groups' }], accessToken: [], saml2Token: [] };
    extra.info = { ...(extra.info as object), supportUrl: 'https://elsewhere.example/help' };
    rolesOf(cloud, 'contoso-portal')[0].displayName = 'Admins';
    const result = await run(cloud, PORTAL);
    for (const row of [
      /~ SPA redirect URIs +\+ http:\/\/localhost:3000\//,
      /~ logout URL +"https:\/\/elsewhere\.example\/signout" -> "https:\/\/portal\.contoso\.example\/signout"/,
      /~ implicit grant +access tokens on, ID tokens on -> access tokens off, ID tokens on/,
      /~ group claims +"All" -> "SecurityGroup"/,
      /~ optional claims +.*\+ idToken email \(essential\)/,
      /~ support URL +"https:\/\/elsewhere\.example\/help" -> "https:\/\/portal\.contoso\.example\/support"/,
      /~ app role +"Portal\.Admin" +disable first/,
      /~ app role +"Portal\.Admin" +displayName/,
    ])
      expect(result.stdout).toMatch(row);
    expect(rolesOf(cloud, 'contoso-portal')).toEqual([
      expect.objectContaining({
        id: roleId,
        displayName: 'Portal administrators',
        isEnabled: true,
      }),
    ]);
    await expectConverged(cloud, PORTAL);
  });
});

describe('an API with scopes and app roles, and its client', () => {
  let apiAppId = '';
  let first: ActionResult;
  /** The API's profile with the client pre-authorized, once the client exists. */
  let clientProfile = '';
  beforeAll(async () => {
    resetTenant(handle.cloud);
    first = await run(handle.cloud, apiProfile());
    apiAppId = viewApp(handle.cloud, 'contoso-orders-api').app.appId;
  });

  it('names the app by its own client ID in identifierUris on the first run', () => {
    expect(first.stdout).toMatch(/application ID URIs +\+ api:\/\/\(known after create\)/);
    expect(viewApp(handle.cloud, 'contoso-orders-api').app.identifierUris).toEqual([
      `api://${apiAppId}`,
    ]);
  });

  it('publishes the scopes and roles with ids, and the service principal carries them', () => {
    expect(first.stdout).toMatch(/\+ scope +"access_as_user" +User consent/);
    expect(first.stdout).toMatch(/\+ app role +"Orders\.Admin" +User, Application/);
    const scopes = scopesOf(handle.cloud, 'contoso-orders-api');
    expect(scopes.map((s) => [s.value, s.type, s.isEnabled])).toEqual([
      ['access_as_user', 'User', true],
      ['Orders.Manage', 'Admin', true],
    ]);
    const sp = viewApp(handle.cloud, 'contoso-orders-api').servicePrincipal;
    expect(sp?.oauth2PermissionScopes.map((s) => s.id).sort()).toEqual(
      scopes.map((s) => s.id).sort(),
    );
  });

  it('sends no write on a second run', async () => {
    await expectConverged(handle.cloud, apiProfile());
    expect(scopesOf(handle.cloud, 'contoso-orders-api')).toHaveLength(2);
  });

  it('registers a client with delegated and application permissions to the API, then pre-authorizes it', async () => {
    const { cloud } = handle;
    await run(cloud, CLIENT);
    const client = viewApp(cloud, 'contoso-orders-client');
    const [scopeId] = scopesOf(cloud, 'contoso-orders-api').map((s) => s.id);
    const [roleId] = rolesOf(cloud, 'contoso-orders-api').map((r) => r.id);
    expect(client.requiredResourceAccess).toEqual(
      [`${apiAppId} Role ${String(roleId)}`, `${apiAppId} Scope ${String(scopeId)}`].sort(),
    );
    expect(client.assignments).toEqual([`${apiAppId} ${String(roleId)}`]);
    expect(client.grants).toEqual([
      { consentType: 'AllPrincipals', resourceAppId: apiAppId, scopes: ['access_as_user'] },
    ]);
    const preAuthorized = `  preAuthorizedApplications:
    - appId: ${client.app.appId}
      delegatedPermissionIds: [access_as_user]
  knownClientApplications: [${client.app.appId}]
`;
    const result = await run(cloud, apiProfile(preAuthorized));
    expect(result.stdout).toMatch(
      new RegExp(`\\+ pre-authorized +${client.app.appId} +access_as_user`),
    );
    expect(viewApp(cloud, 'contoso-orders-api').app.api).toMatchObject({
      preAuthorizedApplications: [{ appId: client.app.appId, delegatedPermissionIds: [scopeId] }],
      knownClientApplications: [client.app.appId],
    });
    await expectConverged(cloud, apiProfile(preAuthorized));
    await expectConverged(cloud, CLIENT);
    clientProfile = apiProfile(preAuthorized);
  });

  it('shows drift in scopes, roles and clients and undoes it', async () => {
    const { cloud } = handle;
    const api = viewApp(cloud, 'contoso-orders-api').app.api as Record<string, unknown[]>;
    const [scope] = scopesOf(cloud, 'contoso-orders-api');
    scope.adminConsentDescription = 'Edited in the portal.';
    api.preAuthorizedApplications = [];
    api.knownClientApplications = [];
    const [role] = rolesOf(cloud, 'contoso-orders-api');
    role.isEnabled = false;
    const result = await run(cloud, clientProfile);
    for (const row of [
      /~ scope +"access_as_user" +disable first, then change it/,
      /~ scope +"access_as_user" +adminConsentDescription/,
      /~ app role +"Orders\.Read\.All" +enable/,
      /\+ pre-authorized +[0-9a-f-]{36} +access_as_user/,
      /\+ known client +[0-9a-f-]{36}/,
    ])
      expect(result.stdout).toMatch(row);
    expect(scopesOf(cloud, 'contoso-orders-api')[0]).toMatchObject({
      id: scope.id,
      adminConsentDescription: 'Lets the app call the orders API as the signed-in user.',
      isEnabled: true,
    });
    await expectConverged(cloud, clientProfile);
  });

  it('renames a pinned role by disabling it first, then changing its value, keeping its id', async () => {
    const { cloud } = handle;
    const role = rolesOf(cloud, 'contoso-orders-api').find((r) => r.value === 'Orders.Admin');
    const renamed = apiProfile().replace(
      '  - value: Orders.Admin',
      `  - id: ${String(role?.id)}\n    value: Orders.Administer`,
    );
    cloud.log.clear();
    const result = await run(cloud, renamed);
    const disable = result.stdout.search(/~ app role +"Orders\.Admin" +disable first/);
    const change = result.stdout.search(
      /~ app role +"Orders\.Administer" +value Orders\.Admin -> Orders\.Administer/,
    );
    expect(disable).toBeGreaterThan(-1);
    expect(change).toBeGreaterThan(disable);
    const patches = cloud.log.writes('graph').filter((w) => w.method === 'PATCH');
    expect(patches).toHaveLength(2);
    expect(rolesOf(cloud, 'contoso-orders-api').find((r) => r.id === role?.id)).toMatchObject({
      value: 'Orders.Administer',
      isEnabled: true,
    });
    await expectConverged(cloud, renamed);
  });

  it('removes a scope by disabling it first, then removing it', async () => {
    const { cloud } = handle;
    const withoutManage = apiProfile().replace(/ {4}- value: Orders\.Manage\n( {6}.*\n){3}/, '');
    expect(withoutManage).not.toContain('Orders.Manage');
    const result = await run(cloud, withoutManage);
    const disable = result.stdout.search(/~ scope +"Orders\.Manage" +disable first/);
    const remove = result.stdout.search(/- scope +"Orders\.Manage"/);
    expect(disable).toBeGreaterThan(-1);
    expect(remove).toBeGreaterThan(disable);
    expect(scopesOf(cloud, 'contoso-orders-api').map((s) => s.value)).toEqual(['access_as_user']);
    await expectConverged(cloud, withoutManage);
  });

  it('keeps a scope added by hand with prune: false, and removes it with prune', async () => {
    const { cloud } = handle;
    const profile = apiProfile().replace(/ {4}- value: Orders\.Manage\n( {6}.*\n){3}/, '');
    const api = viewApp(cloud, 'contoso-orders-api').app.api as Record<string, unknown[]>;
    api.oauth2PermissionScopes?.push({
      id: '5d5f3a52-3f7c-4a39-9a57-0ad1f6e1d001',
      value: 'Orders.Export',
      type: 'Admin',
      adminConsentDisplayName: 'Export orders',
      adminConsentDescription: 'Added in the portal.',
      userConsentDisplayName: null,
      userConsentDescription: null,
      isEnabled: true,
    });
    await expectConverged(cloud, profile, 'false');
    expect(scopesOf(cloud, 'contoso-orders-api').map((s) => s.value)).toContain('Orders.Export');
    const pruned = await run(cloud, profile);
    expect(pruned.stdout).toMatch(/~ scope +"Orders\.Export" +disable first/);
    expect(pruned.stdout).toMatch(/- scope +"Orders\.Export"/);
    expect(scopesOf(cloud, 'contoso-orders-api').map((s) => s.value)).toEqual(['access_as_user']);
  });
});

describe('what Graph would refuse', () => {
  it('stops before any write on an identifier URI outside the tenant policy and a pre-authorized scope the API lacks', async () => {
    const { cloud } = handle;
    cloud.log.clear();
    const app = apiProfile(`  preAuthorizedApplications:
    - appId: 04b07795-8ddb-461a-bbee-02f9e1bf7b46
      delegatedPermissionIds: [Orders.Write]
`).replace("identifierUris: ['api://${{ app.clientId }}']", 'identifierUris: [api://orders]');
    const result = await runAction(cloud, { app, prune: 'true' });
    expect(result.code).toBe(1);
    expect(result.log).toMatch(/identifierUris\[0\]: 'api:\/\/orders' breaks Entra ID's rule/);
    expect(result.log).toMatch(
      /delegatedPermissionIds\[0\]: 'Orders\.Write' is not a scope of this API/,
    );
    expect(cloud.log.writes('graph')).toEqual([]);
  });

  it('stops before any write on app roles for an app that signs in personal accounts only', async () => {
    const { cloud } = handle;
    cloud.log.clear();
    const app = `${PORTAL.replace('uniqueName: contoso-portal', 'uniqueName: contoso-portal-personal')}signInAudience: PersonalMicrosoftAccount\n`;
    const result = await runAction(cloud, { app });
    expect(result.code).toBe(1);
    expect(result.log).toMatch(
      /appRoles: holds 1, which breaks Entra ID's rule for appRoles: expected no app roles/,
    );
    expect(cloud.log.writes('graph')).toEqual([]);
  });
});
