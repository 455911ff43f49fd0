// Every built-in profile against a fresh local tenant: the first run makes the tenant hold exactly
// what the profile says, the second changes nothing, and mode: plan never writes.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { REPO_ROOT, runAction } from '@register-entra-app/local-cloud/runner';
import { resetTenant, viewApp, useLocalCloud } from '@register-entra-app/local-cloud/testing';
import {
  BUILTIN_EXPECTATIONS,
  expectedAccessKeys,
  expectedAssignmentKeys,
  expectedGrants,
  type BuiltinExpectation,
} from './profile-expectations.js';

const handle = useLocalCloud();
const NO_CHANGES = 'No changes. The app registration matches the profile.';
const MANAGED_TAG = 'register-entra-app:managed';
const REPOSITORY = { scope: 'repository', owner: 'octo-org', repo: 'octo-repo' } as const;

const builtins = readdirSync(join(REPO_ROOT, 'profiles'))
  .filter((file) => file.endsWith('.yaml'))
  .map((file) => file.slice(0, -'.yaml'.length))
  .sort();

interface PlanJson {
  target: string;
  displayName: string;
  isNew: boolean;
  summary: { add: number; change: number; remove: number };
  changes: Array<{ kind: string }>;
  notices: unknown[];
}

function parsePlans(output: string | undefined): PlanJson[] {
  const parsed = JSON.parse(output ?? '') as PlanJson | PlanJson[];
  return Array.isArray(parsed) ? parsed : [parsed];
}

function expectReconciled(
  expected: BuiltinExpectation,
  uniqueName: string,
  displayName: string,
): void {
  const view = viewApp(handle.cloud, uniqueName);
  expect(view.app.displayName).toBe(displayName);
  expect(view.app.signInAudience).toBe(expected.signInAudience);
  expect([...view.app.web.redirectUris].sort()).toEqual([...expected.webRedirectUris].sort());
  expect(view.app.publicClient.redirectUris).toEqual([]);
  expect(view.app.isFallbackPublicClient ?? false).toBe(expected.isFallbackPublicClient);
  expect(view.app.tags).toContain(MANAGED_TAG);
  // Graph refuses an app that signs in personal accounts any access token version but 2.
  if (expected.signInAudience.includes('Personal'))
    expect(view.app.api?.requestedAccessTokenVersion).toBe(2);
  expect(view.requiredResourceAccess).toEqual(expectedAccessKeys(expected));
  expect(view.servicePrincipal).toBeDefined();
  expect(view.assignments).toEqual(expectedAssignmentKeys(expected));
  expect(view.grants).toEqual(expectedGrants(expected));
}

describe('the built-in profiles', () => {
  it('each have an expectation written out in this test, and nothing else does', () => {
    expect(builtins).toEqual(Object.keys(BUILTIN_EXPECTATIONS).sort());
  });

  describe.each(builtins.map((name) => ({ name, expected: BUILTIN_EXPECTATIONS[name] })))(
    '$name',
    ({ name, expected }) => {
      const inputs = { profile: name, ...expected.inputs };
      beforeAll(() => resetTenant(handle.cloud));

      it('reconciles a fresh tenant to exactly the profile: permissions, admin consent and properties', async () => {
        const { cloud } = handle;
        const result = await runAction(cloud, inputs);
        expect(result.stdout).not.toContain('::error');
        expect(result.code).toBe(0);
        for (const app of expected.apps)
          expectReconciled(expected, app.uniqueName, app.displayName);
        expect(result.outputs.changed).toBe('true');
        const secretName = expected.inputs['secret-name'];
        if (secretName) expect(cloud.github.state.secret(REPOSITORY, secretName)).toBeDefined();
        expect(result.outputs['client-id']).toBe(
          viewApp(cloud, expected.apps[0].uniqueName).app.appId,
        );
        const plans = parsePlans(result.outputs.plan);
        expect(plans.map((p) => p.target)).toEqual(expected.apps.map((a) => a.uniqueName));
        for (const plan of plans) {
          expect(plan.isNew).toBe(true);
          expect(plan.changes[0]?.kind).toBe('createApplication');
          expect(plan.changes.filter((c) => c.kind === 'grantAppRole')).toHaveLength(
            expectedAssignmentKeys(expected).length,
          );
          expect(plan.summary.add).toBeGreaterThan(0);
          expect(plan.summary.remove).toBe(0);
        }
      });

      it('sends Graph and GitHub no write on a second run and outputs changed=false', async () => {
        const { cloud } = handle;
        const result = await runAction(cloud, inputs);
        expect(result.code).toBe(0);
        expect(cloud.log.writes('graph')).toEqual([]);
        expect(cloud.log.writes('github')).toEqual([]);
        expect(result.outputs.changed).toBe('false');
        expect(result.stdout.split(NO_CHANGES)).toHaveLength(expected.apps.length + 1);
        for (const plan of parsePlans(result.outputs.plan))
          expect(plan).toMatchObject({
            isNew: false,
            changes: [],
            summary: { add: 0, change: 0, remove: 0 },
          });
      });

      it('in mode plan shows a changed tenant and sends no write', async () => {
        const { cloud } = handle;
        const { uniqueName } = expected.apps[0];
        const before = viewApp(cloud, uniqueName);
        before.app.web.redirectUris = ['https://edited-by-hand.contoso.example/auth'];
        for (const [id, a] of cloud.tenant.appRoleAssignments)
          if (a.principalId === before.servicePrincipal?.id)
            cloud.tenant.appRoleAssignments.delete(id);
        for (const [id, g] of cloud.tenant.permissionGrants)
          if (g.clientId === before.servicePrincipal?.id) cloud.tenant.permissionGrants.delete(id);

        const result = await runAction(cloud, { ...inputs, mode: 'plan' });
        expect(result.code).toBe(0);
        expect(cloud.log.writes('graph')).toEqual([]);
        expect(cloud.log.writes('github')).toEqual([]);
        expect(result.outputs.changed).toBe('true');
        expect(result.stdout).toMatch(
          /~ redirect URIs +.*\+ https:\/\/edited-by-hand|~ redirect URIs +- https:\/\/edited-by-hand/,
        );
        expect(result.stdout).toMatch(/\+ consent /);
        const [plan] = parsePlans(result.outputs.plan);
        expect(plan?.changes.map((c) => c.kind)).toContain('updateApplication');
        expect(viewApp(cloud, uniqueName).app.web.redirectUris).toEqual([
          'https://edited-by-hand.contoso.example/auth',
        ]);
        expect(viewApp(cloud, uniqueName).assignments).toEqual([]);
      });
    },
  );
});
