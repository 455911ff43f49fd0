// What the reconciler must not do on its own: take over an app it did not create, hide drift from
// a scheduled check; and what it must do for a new tenant: create a missing first-party resource.
import { beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { LEAST_PRIVILEGE_ROLES, type LocalCloud } from '@register-entra-app/local-cloud';
import { runAction } from '@register-entra-app/local-cloud/runner';
import {
  addHandMadeApplication,
  resetTenant,
  revokeAppRoleByHand,
  viewApp,
  useLocalCloud,
} from '@register-entra-app/local-cloud/testing';
import { EXCHANGE, GRAPH, ROLE } from './profile-expectations.js';

const MANAGED_TAG = 'register-entra-app:managed';

const profile = (uniqueName: string, displayName: string): string => `displayName: ${displayName}
uniqueName: ${uniqueName}
permissions:
  - resource: Microsoft Graph
    application: [User.Read.All]
  - resource: Office 365 Exchange Online
    application: [full_access_as_app]
credential:
  type: none
`;

function deleteServicePrincipal(cloud: LocalCloud, appId: string): void {
  const sp = cloud.tenant.servicePrincipalByAppId(appId);
  if (!sp) throw new Error(`No service principal for ${appId}.`);
  cloud.tenant.servicePrincipals.delete(sp.id);
}

describe('a first-party resource whose service principal the tenant lacks', () => {
  // Graph lets only Application.ReadWrite.All create the service principal of another tenant's app.
  const handle = useLocalCloud({
    deployerRoles: [...LEAST_PRIVILEGE_ROLES, 'Application.ReadWrite.All'],
  });
  const app = profile('exchange-archive', 'Exchange Archive');
  const resourceRow =
    /^ {2}\+ resource +Office 365 Exchange Online +service principal for appId 00000002-0000-0ff1-ce00-000000000000$/m;
  beforeEach(() => {
    resetTenant(handle.cloud);
    deleteServicePrincipal(handle.cloud, EXCHANGE);
  });

  it('is shown in the plan of mode plan, which writes nothing', async () => {
    const { cloud } = handle;
    const result = await runAction(cloud, { app, mode: 'plan' });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(resourceRow);
    expect(cloud.log.writes('graph')).toEqual([]);
    expect(cloud.tenant.servicePrincipalByAppId(EXCHANGE)).toBeUndefined();
    const plan = JSON.parse(result.outputs.plan ?? '') as {
      changes: Array<{ kind: string; appId?: string }>;
    };
    expect(plan.changes[0]).toMatchObject({
      kind: 'createResourceServicePrincipal',
      appId: EXCHANGE,
    });
    // Its permissions resolve only through its service principal, so the plan names them in a notice.
    expect(result.stdout).toContain(
      '::notice::Office 365 Exchange Online has no service principal in this tenant yet: apply creates it first, then adds and grants full_access_as_app (application).',
    );
  });

  it('is created from its well-known appId, and its permissions are granted in the same run', async () => {
    const { cloud } = handle;
    const result = await runAction(cloud, { app });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(resourceRow);
    expect(result.stdout).toMatch(
      /^ {2}\+ consent +Office 365 Exchange Online +full_access_as_app$/m,
    );
    const exchange = cloud.tenant.servicePrincipalByAppId(EXCHANGE);
    expect(exchange?.displayName).toBe('Office 365 Exchange Online');
    const view = viewApp(cloud, 'exchange-archive');
    expect(view.requiredResourceAccess).toEqual(
      [
        `${EXCHANGE} Role ${ROLE.exchange.full_access_as_app}`,
        `${GRAPH} Role ${ROLE.graph['User.Read.All']}`,
      ].sort(),
    );
    expect(view.assignments).toEqual(
      [
        `${EXCHANGE} ${ROLE.exchange.full_access_as_app}`,
        `${GRAPH} ${ROLE.graph['User.Read.All']}`,
      ].sort(),
    );
    expect(result.outputs.changed).toBe('true');
  });
});

describe('a first-party resource the least-privileged identity may not create', () => {
  const handle = useLocalCloud();
  beforeAll(() => deleteServicePrincipal(handle.cloud, EXCHANGE));

  it('fails at once with what to do, without creating the app', async () => {
    const { cloud } = handle;
    const started = Date.now();
    const result = await runAction(cloud, { app: profile('exchange-archive', 'Exchange Archive') });
    expect(result.code).toBe(1);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(result.stdout).toContain(
      '::error::Office 365 Exchange Online has no service principal in this tenant',
    );
    expect(result.stdout).toContain('az ad sp create --id 00000002-0000-0ff1-ce00-000000000000');
    expect(result.stdout).toContain('Application.ReadWrite.All');
    expect(cloud.log.writes('graph')).toEqual([
      { method: 'POST', path: '/v1.0/servicePrincipals' },
    ]);
    expect(cloud.tenant.applicationByUniqueName('exchange-archive')).toBeUndefined();
  });
});

describe('an existing app registration the action did not create', () => {
  const handle = useLocalCloud();
  beforeEach(() => resetTenant(handle.cloud));

  const cases = [
    {
      name: 'with the same uniqueName',
      existing: { displayName: 'Payroll Export (portal)', uniqueName: 'payroll-export' },
    },
    {
      name: 'with the same display name and no uniqueName',
      existing: { displayName: 'Payroll Export', uniqueName: null },
    },
  ];

  it.each(cases)(
    '$name is not taken over without adopt: the error says so and nothing is written',
    async ({ existing }) => {
      const { cloud } = handle;
      const app = addHandMadeApplication(cloud, existing);
      const before = structuredClone(app);
      const result = await runAction(cloud, { app: profile('payroll-export', 'Payroll Export') });
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(/::error::.*adopt: true/);
      expect(result.stdout).toContain(app.appId);
      expect(cloud.log.writes('graph')).toEqual([]);
      expect(cloud.tenant.applications.get(app.id)).toEqual(before);
      expect(cloud.tenant.applications.size).toBe(2);
    },
  );

  it.each(cases)(
    '$name is taken over with adopt: true, keeping its appId',
    async ({ existing }) => {
      const { cloud } = handle;
      const app = addHandMadeApplication(cloud, existing);
      const result = await runAction(cloud, {
        app: profile('payroll-export', 'Payroll Export'),
        adopt: 'true',
      });
      expect(result.code).toBe(0);
      const view = viewApp(cloud, 'payroll-export');
      expect(view.app.id).toBe(app.id);
      expect(view.app.appId).toBe(app.appId);
      expect(view.app.displayName).toBe('Payroll Export');
      expect(view.app.tags).toContain(MANAGED_TAG);
      expect(view.assignments).toEqual(
        [
          `${EXCHANGE} ${ROLE.exchange.full_access_as_app}`,
          `${GRAPH} ${ROLE.graph['User.Read.All']}`,
        ].sort(),
      );
      expect(result.outputs['client-id']).toBe(app.appId);
      cloud.log.clear();
      const again = await runAction(cloud, { app: profile('payroll-export', 'Payroll Export') });
      expect(again.code).toBe(0);
      expect(cloud.log.writes('graph')).toEqual([]);
    },
  );
});

describe('mode plan with fail-on-drift', () => {
  const handle = useLocalCloud();
  const app = profile('drift-watch', 'Drift Watch');
  beforeAll(async () => {
    const first = await runAction(handle.cloud, { app });
    if (first.code !== 0) throw new Error(`The first run failed:\n${first.stdout}`);
  });

  it('passes when the tenant matches the profile', async () => {
    const { cloud } = handle;
    const result = await runAction(cloud, { app, mode: 'plan', 'fail-on-drift': 'true' });
    expect(result.code).toBe(0);
    expect(result.outputs.changed).toBe('false');
    expect(result.stdout).not.toContain('::error');
  });

  it('fails the step with a drift message when there are changes, and writes nothing', async () => {
    const { cloud } = handle;
    revokeAppRoleByHand(cloud, 'drift-watch', EXCHANGE, ROLE.exchange.full_access_as_app);
    const result = await runAction(cloud, { app, mode: 'plan', 'fail-on-drift': 'true' });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/::error::Drift found: the tenant does not match the profile/);
    expect(result.stdout).toMatch(
      /^ {2}\+ consent +Office 365 Exchange Online +full_access_as_app$/m,
    );
    expect(result.outputs.changed).toBe('true');
    expect(cloud.log.writes('graph')).toEqual([]);
  });
});
