// Owners, enterprise app settings and assignments end to end: added as the profile lists them,
// drift shown and undone, extras kept without prune and removed with it (never the deployer), and
// a second run that sends no write.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from '@jest/globals';
import type { LocalCloud } from '@register-entra-app/local-cloud';
import { LEAST_PRIVILEGE_ROLES } from '@register-entra-app/local-cloud';
import type { StoredServicePrincipal } from '@register-entra-app/local-cloud';
import { runAction } from '@register-entra-app/local-cloud/runner';
import { useLocalCloud, withLocalCloud } from '@register-entra-app/local-cloud/testing';

/** The documented roles for a profile with owners and assignments. */
const DIRECTORY_ROLES = [
  ...LEAST_PRIVILEGE_ROLES,
  'Application.ReadWrite.All',
  'User.ReadBasic.All',
  'GroupMember.Read.All',
];

const PORTAL = `
displayName: Contoso Portal
uniqueName: contoso-portal
credential:
  type: none
owners:
  - alice@contoso.example
servicePrincipal:
  appRoleAssignmentRequired: true
  tags: [HideApp]
  notes: Owned by the portal team
  notificationEmailAddresses: [portal-ops@contoso.example]
  preferredSingleSignOnMode: oidc
assignments:
  - user: alice@contoso.example
  - group: Portal Admins
  - servicePrincipal: Contoso Worker
`;

const inputs = { app: PORTAL };

/** A service principal of another app in the tenant (a daemon the portal lets in). */
function seedServicePrincipal(cloud: LocalCloud, displayName: string): StoredServicePrincipal {
  const template = cloud.tenant.servicePrincipals.get(cloud.deployer.servicePrincipalId)!;
  const sp = {
    ...structuredClone(template),
    id: randomUUID(),
    appId: randomUUID(),
    displayName,
    appDisplayName: displayName,
    owners: [],
  };
  cloud.tenant.servicePrincipals.set(sp.id, sp);
  return sp;
}

function portal(cloud: LocalCloud) {
  const app = cloud.tenant.applicationByUniqueName('contoso-portal')!;
  const sp = cloud.tenant.servicePrincipalByAppId(app.appId)!;
  const assignments = [...cloud.tenant.appRoleAssignments.values()]
    .filter((a) => a.resourceId === sp.id)
    .map((a) => `${a.principalType} ${a.principalDisplayName} ${a.appRoleId}`)
    .sort();
  return { app, sp, assignments };
}

const DEFAULT_ACCESS = '00000000-0000-0000-0000-000000000000';

describe('owners, enterprise app settings and assignments', () => {
  const handle = useLocalCloud({ deployerRoles: DIRECTORY_ROLES });
  const people = { alice: '', bob: '', admins: '' };

  beforeAll(() => {
    const { tenant } = handle.cloud;
    people.alice = tenant.addUser('alice@contoso.example', 'Alice').id;
    people.bob = tenant.addUser('bob@contoso.example', 'Bob').id;
    people.admins = tenant.addGroup('Portal Admins').id;
  });

  it('adds the owners, settings and assignments by name, marked as privilege changes, and a second run sends no write', async () => {
    const { cloud } = handle;
    seedServicePrincipal(cloud, 'Contoso Worker');
    const first = await runAction(cloud, inputs);
    expect({ code: first.code, log: first.code ? first.stdout.slice(-3000) : '' }).toEqual({
      code: 0,
      log: '',
    });
    expect(first.stdout).toMatch(
      /\+ owner +application +user "alice@contoso\.example" +\[high privilege\]/,
    );
    expect(first.stdout).toMatch(
      /\+ assignment +group "Portal Admins" +default access +\[elevated privilege\]/,
    );
    expect(first.summary).toMatch(
      /\*\*high\*\*: application `user "alice@contoso\.example"` \(owner\)/,
    );
    const { app, sp, assignments } = portal(cloud);
    expect(app.owners).toContain(people.alice);
    expect(sp.owners).toContain(people.alice);
    expect(sp._extra).toMatchObject({
      appRoleAssignmentRequired: true,
      notes: 'Owned by the portal team',
      notificationEmailAddresses: ['portal-ops@contoso.example'],
      preferredSingleSignOnMode: 'oidc',
    });
    expect(sp.tags).toContain('HideApp');
    expect(assignments).toEqual([
      `Group Portal Admins ${DEFAULT_ACCESS}`,
      `ServicePrincipal Contoso Worker ${DEFAULT_ACCESS}`,
      `User Alice ${DEFAULT_ACCESS}`,
    ]);

    cloud.log.clear();
    const again = await runAction(cloud, inputs);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('No changes.');
    expect(cloud.log.writes('graph')).toEqual([]);
  });

  it('shows drift in settings, owners and assignments and undoes it, keeping extra owners and assignments with prune off', async () => {
    const { cloud } = handle;
    const { app, sp } = portal(cloud);
    sp._extra = { ...sp._extra, appRoleAssignmentRequired: false, notes: 'edited by hand' };
    sp.tags = [];
    app.owners.push(people.bob);
    sp.owners = sp.owners.filter((id) => id !== people.alice);
    for (const [id, a] of cloud.tenant.appRoleAssignments)
      if (a.principalId === people.admins) cloud.tenant.appRoleAssignments.delete(id);
    await assignByHand(cloud, sp, people.bob);

    const result = await runAction(cloud, { ...inputs, prune: 'false' });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/~ enterprise app +assignment required +false -> true/);
    expect(result.stdout).toMatch(
      /~ enterprise app +notes +"edited by hand" -> "Owned by the portal team"/,
    );
    expect(result.stdout).toMatch(/~ enterprise app +tags +\+ HideApp/);
    expect(result.stdout).toMatch(/\+ owner +enterprise app +user "alice@contoso\.example"/);
    expect(result.stdout).toMatch(/\+ assignment +group "Portal Admins" +default access/);
    expect(result.stdout).not.toMatch(/^ {2}- /m);
    const after = portal(cloud);
    expect(after.sp._extra).toMatchObject({ appRoleAssignmentRequired: true });
    expect(after.sp.tags).toEqual(['HideApp']);
    expect(after.app.owners).toContain(people.bob);
    expect(after.assignments).toContain(`User Bob ${DEFAULT_ACCESS}`);
    expect(after.assignments).toContain(`Group Portal Admins ${DEFAULT_ACCESS}`);
    expect(after.sp.owners).toContain(people.alice);
  });

  it('with prune removes the owners and assignments the profile does not list, never the deployer', async () => {
    const { cloud } = handle;
    const { app, sp } = portal(cloud);
    const deployer = cloud.deployer.servicePrincipalId;
    if (!app.owners.includes(deployer)) app.owners.push(deployer);
    if (!sp.owners.includes(deployer)) sp.owners.push(deployer);

    const result = await runAction(cloud, inputs);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/- owner +application +user "bob@contoso\.example"/);
    expect(result.stdout).toMatch(/- assignment +user "Bob" +default access/);
    const after = portal(cloud);
    expect([...after.app.owners].sort()).toEqual([people.alice, deployer].sort());
    expect([...after.sp.owners].sort()).toEqual([people.alice, deployer].sort());
    expect(after.assignments).not.toContain(`User Bob ${DEFAULT_ACCESS}`);
    cloud.log.clear();
    expect((await runAction(cloud, inputs)).code).toBe(0);
    expect(cloud.log.writes('graph')).toEqual([]);
  });

  it('refuses a group the tenant does not have before any write, naming the key', async () => {
    const { cloud } = handle;
    cloud.log.clear();
    const result = await runAction(cloud, {
      app: PORTAL.replace('group: Portal Admins', 'group: Portal Admns'),
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      /assignments\[1\]\.group: group "Portal Admns" is not in the tenant/,
    );
    expect(cloud.log.writes('graph')).toEqual([]);
  });
});

async function assignByHand(cloud: LocalCloud, sp: StoredServicePrincipal, userId: string) {
  const user = cloud.tenant.users.get(userId)!;
  const id = randomUUID();
  cloud.tenant.appRoleAssignments.set(id, {
    id,
    appRoleId: DEFAULT_ACCESS,
    principalId: user.id,
    principalDisplayName: user.displayName,
    principalType: 'User',
    resourceId: sp.id,
    resourceDisplayName: sp.displayName,
    createdDateTime: new Date().toISOString(),
    deletedDateTime: null,
    _createdAt: 0,
  });
  return Promise.resolve();
}

describe('least privilege for owners and assignments', () => {
  const cases = [
    {
      name: 'names User.ReadBasic.All when the deployer cannot read users',
      roles: DIRECTORY_ROLES.filter((r) => r !== 'User.ReadBasic.All'),
      missing: 'User.ReadBasic.All',
    },
    {
      name: 'names GroupMember.Read.All when the deployer cannot read groups',
      roles: DIRECTORY_ROLES.filter((r) => r !== 'GroupMember.Read.All'),
      missing: 'GroupMember.Read.All',
    },
    {
      name: 'names Application.ReadWrite.All when Application.ReadWrite.OwnedBy must add another owner',
      roles: DIRECTORY_ROLES.filter((r) => r !== 'Application.ReadWrite.All'),
      missing: 'Application.ReadWrite.All',
    },
  ];
  it('sets the enterprise app of an app it created with the documented minimum, and a second run writes nothing', () =>
    withLocalCloud({ deployerRoles: LEAST_PRIVILEGE_ROLES }, async (cloud) => {
      const app = `
displayName: Contoso Settings Only
servicePrincipal:
  appRoleAssignmentRequired: true
  tags: [HideApp]
credential:
  type: none
`;
      const result = await runAction(cloud, { app });
      expect({ code: result.code, log: result.code ? result.stdout.slice(-2000) : '' }).toEqual({
        code: 0,
        log: '',
      });
      const stored = cloud.tenant.applicationByUniqueName('contoso-settings-only')!;
      const sp = cloud.tenant.servicePrincipalByAppId(stored.appId)!;
      expect(sp._extra).toMatchObject({ appRoleAssignmentRequired: true });
      expect(sp.tags).toEqual(['HideApp']);
      cloud.log.clear();
      expect((await runAction(cloud, { app })).code).toBe(0);
      expect(cloud.log.writes('graph')).toEqual([]);
    }));

  it.concurrent.each(cases)('$name', ({ roles, missing }) =>
    withLocalCloud({ deployerRoles: roles }, async (cloud) => {
      cloud.tenant.addUser('alice@contoso.example', 'Alice');
      cloud.tenant.addGroup('Portal Admins');
      seedServicePrincipal(cloud, 'Contoso Worker');
      const result = await runAction(cloud, inputs);
      expect(result.code).toBe(1);
      const failure = result.stdout
        .split('\n')
        .filter((line) => line.startsWith('::error'))
        .join('\n');
      expect(failure).toMatch(/403 Authorization_RequestDenied/);
      expect(failure).toContain(missing);
    }),
  );
});
