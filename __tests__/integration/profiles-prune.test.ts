// prune: what the profile no longer asks for is removed (permissions, consent, the delegated
// grant), and with prune: false whatever was added by hand stays.
import { beforeAll, describe, expect, it } from '@jest/globals';
import { runAction } from '@register-entra-app/local-cloud/runner';
import {
  grantAppRoleByHand,
  resetTenant,
  revokeAppRoleByHand,
  viewApp,
  useLocalCloud,
} from '@register-entra-app/local-cloud/testing';
import {
  EXCHANGE,
  GRAPH,
  ROLE,
  SCOPE,
  expectedAccessKeys,
  expectedAssignmentKeys,
} from './profile-expectations.js';
import { CONTOSO, CONTOSO_PERMISSIONS, contoso, docbits, grantOf } from './profile-targets.js';

const handle = useLocalCloud();
const MAIL_READ_WRITE_ROLE = ROLE.graph['Mail.ReadWrite'];

describe('with prune: false', () => {
  beforeAll(async () => {
    const { cloud } = handle;
    resetTenant(cloud);
    await runAction(cloud, contoso.inputs);
    await runAction(cloud, docbits.inputs);
  });

  it('keeps permissions, consent and redirect URIs added by hand while restoring what the profile asks for', async () => {
    const { cloud } = handle;
    const { app } = viewApp(cloud, contoso.uniqueName);
    app.requiredResourceAccess
      .find((r) => r.resourceAppId === GRAPH)!
      .resourceAccess.push({ id: MAIL_READ_WRITE_ROLE, type: 'Role' });
    app.web.redirectUris.push('https://archive.contoso.example/extra');
    grantAppRoleByHand(cloud, contoso.uniqueName, GRAPH, MAIL_READ_WRITE_ROLE);
    revokeAppRoleByHand(cloud, contoso.uniqueName, GRAPH, ROLE.graph['Group.Read.All']);

    const result = await runAction(cloud, { ...contoso.inputs, prune: 'false' });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/\+ consent +Microsoft Graph +Group\.Read\.All/);
    expect(result.stdout).not.toMatch(/^ {2}- /m);
    const view = viewApp(cloud, contoso.uniqueName);
    expect(view.requiredResourceAccess).toEqual(
      [...expectedAccessKeys(CONTOSO_PERMISSIONS), `${GRAPH} Role ${MAIL_READ_WRITE_ROLE}`].sort(),
    );
    expect(view.assignments).toEqual(
      [...expectedAssignmentKeys(CONTOSO_PERMISSIONS), `${GRAPH} ${MAIL_READ_WRITE_ROLE}`].sort(),
    );
    expect([...view.app.web.redirectUris].sort()).toEqual([
      'https://archive.contoso.example/auth',
      'https://archive.contoso.example/extra',
    ]);
  });

  it('keeps a delegated scope added by hand and sends no write when nothing is missing', async () => {
    const { cloud } = handle;
    grantOf(cloud, docbits.uniqueName).scope = 'User.Read Mail.ReadWrite Mail.Send';
    cloud.log.clear();
    const result = await runAction(cloud, { ...docbits.inputs, prune: 'false' });
    expect(result.code).toBe(0);
    expect(cloud.log.writes('graph')).toEqual([]);
    expect(result.outputs.changed).toBe('false');
    expect(grantOf(cloud, docbits.uniqueName).scope).toBe('User.Read Mail.ReadWrite Mail.Send');
  });
});

describe('a profile that asks for less than the app holds', () => {
  const secret = { 'secret-name': 'CODETWO_MIGRATION_SECRET' };
  const more = { profile: 'codetwo-migration-target-create-mailboxes', ...secret };
  const less = { profile: 'codetwo-migration-target', ...secret };
  const dropped = [
    'Device.ReadWrite.All',
    'Directory.ReadWrite.All',
    'User.ReadWrite.All',
  ] as const;
  const migrationTarget = {
    application: {
      [EXCHANGE]: [ROLE.exchange.full_access_as_app],
      [GRAPH]: [
        ROLE.graph['Directory.Read.All'],
        ROLE.graph['MailboxSettings.ReadWrite'],
        ROLE.graph['User.Read.All'],
      ],
    },
    delegated: {},
  };
  beforeAll(async () => {
    resetTenant(handle.cloud);
    const first = await runAction(handle.cloud, more);
    if (first.code !== 0) throw new Error(`The first run failed:\n${first.stdout}`);
  });

  it('with prune: false keeps the permissions and consent it no longer asks for', async () => {
    const { cloud } = handle;
    const result = await runAction(cloud, { ...less, prune: 'false' });
    expect(result.code).toBe(0);
    expect(cloud.log.writes('graph')).toEqual([]);
    expect(viewApp(cloud, 'codetwo-migration-target').assignments).toHaveLength(7);
  });

  it('removes them from requiredResourceAccess and revokes their consent when switching to the smaller profile', async () => {
    const { cloud } = handle;
    const result = await runAction(cloud, less);
    expect(result.code).toBe(0);
    for (const value of dropped) {
      expect(result.stdout).toMatch(
        new RegExp(
          `^ {2}- permission +Microsoft Graph +${value.replace(/\./g, '\\.')} \\(application\\)$`,
          'm',
        ),
      );
      expect(result.stdout).toMatch(
        new RegExp(`^ {2}- consent +Microsoft Graph +${value.replace(/\./g, '\\.')}$`, 'm'),
      );
    }
    const view = viewApp(cloud, 'codetwo-migration-target');
    expect(view.requiredResourceAccess).toEqual(expectedAccessKeys(migrationTarget));
    expect(view.assignments).toEqual(expectedAssignmentKeys(migrationTarget));
    cloud.log.clear();
    await runAction(cloud, less);
    expect(cloud.log.writes('graph')).toEqual([]);
  });

  it('deletes the delegated grant when the profile no longer asks for delegated permissions', async () => {
    const { cloud } = handle;
    await runAction(cloud, contoso.inputs);
    const withoutDelegated = CONTOSO.replace('    delegated: [User.Read]\n', '');
    const result = await runAction(cloud, { app: withoutDelegated });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^ {2}- consent +Microsoft Graph +User\.Read \(delegated\)$/m);
    expect(
      cloud.log
        .writes('graph')
        .filter((w) => w.method === 'DELETE' && w.path.includes('oauth2PermissionGrants')),
    ).toHaveLength(1);
    expect(viewApp(cloud, contoso.uniqueName).grants).toEqual([]);
    expect(viewApp(cloud, contoso.uniqueName).requiredResourceAccess).not.toContain(
      `${GRAPH} Scope ${SCOPE.graph['User.Read']}`,
    );
  });
});
