// Whole registrations in one run: a web app whose new app role is assigned to a group in the same
// run, and an API and its client from two profile files (the client listed first): the API is
// registered before its client resolves the API's permissions by identifier URI.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import type { LocalCloud } from '@register-entra-app/local-cloud';
import { LEAST_PRIVILEGE_ROLES } from '@register-entra-app/local-cloud';
import { runAction } from '@register-entra-app/local-cloud/runner';
import { viewApp } from '@register-entra-app/local-cloud/testing';
import { useLocalCloud } from '@register-entra-app/local-cloud/testing';

const handle = useLocalCloud({
  deployerRoles: [
    ...LEAST_PRIVILEGE_ROLES,
    'Application.ReadWrite.All',
    'User.ReadBasic.All',
    'GroupMember.Read.All',
  ],
});
const workspace = mkdtempSync(join(tmpdir(), 'rea-one-run-'));
afterAll(() => rmSync(workspace, { recursive: true, force: true }));

const PORTAL = `
displayName: Contoso Staff Portal
uniqueName: contoso-staff-portal
spa:
  redirectUris: [https://staff.contoso.example/]
groupMembershipClaims: SecurityGroup
appRoles:
  - value: Portal.Admin
    displayName: Portal administrators
    description: Administer the staff portal.
    allowedMemberTypes: [User]
owners: [alice@contoso.example]
servicePrincipal:
  appRoleAssignmentRequired: true
assignments:
  - group: Portal Admins
    role: Portal.Admin
credential:
  type: none
`;

function apiProfile(tenantId: string): string {
  return `
displayName: Contoso Orders API
uniqueName: contoso-orders-api
identifierUris: [api://${tenantId}/contoso-orders]
api:
  oauth2PermissionScopes:
    - value: access_as_user
      adminConsentDisplayName: Access the orders API
      adminConsentDescription: Lets the app call the orders API as the signed-in user.
appRoles:
  - value: Orders.Read.All
    displayName: Read all orders
    description: Read every order as the app itself.
    allowedMemberTypes: [Application]
credential:
  type: none
`;
}

function clientProfile(tenantId: string): string {
  return `
displayName: Contoso Orders Client
uniqueName: contoso-orders-client
permissions:
  - resource: api://${tenantId}/contoso-orders
    application: [Orders.Read.All]
    delegated: [access_as_user]
credential:
  type: none
`;
}

function roleAssignments(cloud: LocalCloud, uniqueName: string): string[] {
  const app = cloud.tenant.applicationByUniqueName(uniqueName)!;
  const sp = cloud.tenant.servicePrincipalByAppId(app.appId)!;
  return [...cloud.tenant.appRoleAssignments.values()]
    .filter((a) => a.resourceId === sp.id)
    .map((a) => {
      const role = sp.appRoles.find((r) => r.id === a.appRoleId)?.value ?? a.appRoleId;
      return `${a.principalType} ${a.principalDisplayName} ${role}`;
    });
}

describe('whole registrations in one run', () => {
  it('creates an app role and assigns it to a group in the same run, with owners and assignment required', async () => {
    const { cloud } = handle;
    const alice = cloud.tenant.addUser('alice@contoso.example', 'Alice');
    cloud.tenant.addGroup('Portal Admins');
    const first = await runAction(cloud, { app: PORTAL });
    expect({ code: first.code, log: first.code ? first.stdout.slice(-3000) : '' }).toEqual({
      code: 0,
      log: '',
    });
    expect(first.stdout).toMatch(/\+ assignment +group "Portal Admins" +Portal\.Admin/);
    expect(roleAssignments(cloud, 'contoso-staff-portal')).toEqual([
      'Group Portal Admins Portal.Admin',
    ]);
    const { app } = viewApp(cloud, 'contoso-staff-portal');
    const sp = cloud.tenant.servicePrincipalByAppId(app.appId)!;
    expect(app.owners).toContain(alice.id);
    expect(sp._extra).toMatchObject({ appRoleAssignmentRequired: true });
    cloud.log.clear();
    const again = await runAction(cloud, { app: PORTAL });
    expect(again.stdout).toContain('No changes.');
    expect(cloud.log.writes('graph')).toEqual([]);
  });

  it('removes a dropped role only after its assignment, and converges', async () => {
    const { cloud } = handle;
    const dropped = PORTAL.replace(
      /appRoles:[\s\S]*?allowedMemberTypes: \[User\]\n/,
      'appRoles: []\n',
    ).replace(/assignments:[\s\S]*?role: Portal\.Admin\n/, 'assignments: []\n');
    const result = await runAction(cloud, { app: dropped });
    expect({ code: result.code, log: result.code ? result.stdout.slice(-3000) : '' }).toEqual({
      code: 0,
      log: '',
    });
    const rows = result.stdout.split('\n');
    const assignment = rows.findIndex((r) =>
      /- assignment +group "Portal Admins" +Portal\.Admin/.test(r),
    );
    const role = rows.findIndex((r) => /- app role +"Portal\.Admin"/.test(r));
    expect(assignment).toBeGreaterThan(-1);
    expect(role).toBeGreaterThan(assignment);
    expect(roleAssignments(cloud, 'contoso-staff-portal')).toEqual([]);
    expect(viewApp(cloud, 'contoso-staff-portal').app.appRoles ?? []).toEqual([]);
    cloud.log.clear();
    expect((await runAction(cloud, { app: dropped })).code).toBe(0);
    expect(cloud.log.writes('graph')).toEqual([]);
  });

  it('plans an API and its client before either exists, leaving the permissions of the client to the apply', async () => {
    const { cloud } = handle;
    const tenantId = cloud.tenant.tenantId;
    writeFileSync(join(workspace, 'api.yaml'), apiProfile(tenantId));
    writeFileSync(join(workspace, 'client.yaml'), clientProfile(tenantId));
    cloud.log.clear();
    const result = await runAction(
      cloud,
      { profile: 'client.yaml\napi.yaml', mode: 'plan' },
      { workspace },
    );
    expect({ code: result.code, log: result.code ? result.stdout.slice(-3000) : '' }).toEqual({
      code: 0,
      log: '',
    });
    expect(result.stdout).toMatch(/\+ application +"Contoso Orders API"/);
    expect(result.stdout).toMatch(/\+ application +"Contoso Orders Client"/);
    expect(result.stdout).toContain(
      `api://${tenantId}/contoso-orders is registered by another profile of this run and does not exist yet`,
    );
    expect(cloud.log.writes('graph')).toEqual([]);
  });

  it('registers an API before the client listed first, which names it by identifier URI, and marks the permissions as privilege changes', async () => {
    const { cloud } = handle;
    const tenantId = cloud.tenant.tenantId;
    writeFileSync(join(workspace, 'api.yaml'), apiProfile(tenantId));
    writeFileSync(join(workspace, 'client.yaml'), clientProfile(tenantId));
    const inputs = { profile: 'client.yaml\napi.yaml' };
    const first = await runAction(cloud, inputs, { workspace });
    expect({ code: first.code, log: first.code ? first.stdout.slice(-3000) : '' }).toEqual({
      code: 0,
      log: '',
    });
    expect(first.stdout.indexOf('Contoso Orders API')).toBeLessThan(
      first.stdout.indexOf('Contoso Orders Client'),
    );
    expect(first.stdout).toMatch(
      /\+ permission +Contoso Orders API +access_as_user \(delegated\) +\[elevated privilege\]/,
    );
    expect(first.summary).toMatch(
      /\*\*elevated\*\*: Contoso Orders API `access_as_user` \(delegated\)/,
    );
    const client = viewApp(cloud, 'contoso-orders-client');
    expect(roleAssignments(cloud, 'contoso-orders-api')).toEqual([
      'ServicePrincipal Contoso Orders Client Orders.Read.All',
    ]);
    expect(client.grants).toHaveLength(1);
    expect(client.grants[0]?.scopes).toEqual(['access_as_user']);

    cloud.log.clear();
    const again = await runAction(cloud, inputs, { workspace });
    expect(again.code).toBe(0);
    expect(cloud.log.writes('graph')).toEqual([]);
  });

  it('refuses two profiles that both create a credential before any write', async () => {
    const { cloud } = handle;
    writeFileSync(join(workspace, 'a.yaml'), 'displayName: Contoso A\n');
    writeFileSync(join(workspace, 'b.yaml'), 'displayName: Contoso B\n');
    cloud.log.clear();
    const result = await runAction(
      cloud,
      { profile: 'a.yaml\nb.yaml', 'secret-name': 'CONTOSO_SECRET' },
      { workspace },
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/each create a credential, but a run has one secret-name/);
    expect(cloud.log.writes('graph')).toEqual([]);
  });
});
