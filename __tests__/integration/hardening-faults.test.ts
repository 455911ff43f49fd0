// Faults real Entra, Graph and GitHub produce, injected by the local cloud one row at a time: each
// run either converges or fails naming the cause, and nothing is lost (one app, a working secret).
import { describe, expect, it } from '@jest/globals';
import type { LocalCloud } from '@register-entra-app/local-cloud';
import { runAction, type ActionResult } from '@register-entra-app/local-cloud/runner';
import {
  expectSingleApp,
  expectWorkingSecret,
  listActionCredentials,
} from './checks/tenant-checks.js';
import { withLocalCloud } from '@register-entra-app/local-cloud/testing';
import { FAULT_CASES, type FaultCase } from './tables/fault-cases.js';
import { probeProfile } from './tables/probe-profile.js';

const profile = (index: number, certificate: boolean): string =>
  probeProfile(`Fault Row ${index}`, `fault-row-${index}`, certificate ? 'certificate' : 'secret');

async function run(
  cloud: LocalCloud,
  index: number,
  certificate = false,
  inputs: Record<string, string> = {},
): Promise<ActionResult> {
  return runAction(cloud, {
    app: profile(index, certificate),
    'secret-name': `FAULT_${index}_SECRET`,
    ...inputs,
  });
}

async function expectConverged(
  cloud: LocalCloud,
  index: number,
  result: ActionResult,
  certificate = false,
): Promise<void> {
  expect({
    code: result.code,
    log: result.code === 0 ? '' : (result.stdout + result.stderr).slice(-2500),
  }).toEqual({ code: 0, log: '' });
  cloud.faults.clear();
  const app = expectSingleApp(cloud, `fault-row-${index}`, `Fault Row ${index}`);
  const sp = cloud.tenant.servicePrincipalByAppId(app.appId)!;
  expect(sp).toBeDefined();
  expect(cloud.tenant.grantedRoleValues(sp.id, '00000003-0000-0000-c000-000000000000')).toEqual([
    'User.Read.All',
  ]);
  expect(
    [...cloud.tenant.permissionGrants.values()]
      .filter((g) => g.clientId === sp.id)
      .map((g) => g.scope),
  ).toEqual(['User.Read']);
  expect(app.federatedIdentityCredentials.map((f) => f.name)).toEqual(['github-main']);
  // '' when the run had nothing to do (the previous run's credential is the one in GitHub).
  expect(result.outputs.verified).not.toBe('false');
  const secretName = `FAULT_${index}_SECRET`;
  if (certificate) {
    expect(app.keyCredentials.map((k) => k.keyId)).toContain(result.outputs['credential-id']);
    expect(
      cloud.github.secretValue(
        { scope: 'repository', owner: 'octo-org', repo: 'octo-repo' },
        secretName,
      ),
    ).toBeDefined();
  } else {
    await expectWorkingSecret(cloud, app, secretName, ['User.Read.All']);
  }
  expect(listActionCredentials(app, secretName).length).toBeLessThanOrEqual(2);
}

/** Milliseconds of the cloud's clock between each throttled answer and the client's next attempt at the same request. */
function measureRetryGaps(cloud: LocalCloud, honours: NonNullable<FaultCase['honours']>): number[] {
  const matching = cloud.log.entries.filter(
    (e) =>
      e.service === honours.service &&
      e.method === honours.method &&
      honours.path.test(e.path.split('?')[0]),
  );
  return matching.flatMap((entry, i) =>
    entry.status === honours.status && matching[i + 1] ? [matching[i + 1].at - entry.at] : [],
  );
}

describe('faults injected by the local cloud', () => {
  // Each row has a cloud of its own, so rows run side by side (most of a row is waiting).
  it.concurrent.each(FAULT_CASES.map((c, index) => ({ ...c, index })))(
    'survives $name',
    ({ index, inject, clockRate, certificate, rotate, fails, honours }) =>
      withLocalCloud({}, async (cloud) => {
        if (rotate)
          await expectConverged(cloud, index, await run(cloud, index, certificate), certificate);
        if (clockRate) cloud.setClockRate(clockRate);
        inject(cloud);
        const first = await run(cloud, index, certificate, rotate ? { rotate: 'always' } : {});
        if (honours) {
          const gaps = measureRetryGaps(cloud, honours);
          expect(gaps.length).toBeGreaterThan(0);
          for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(honours.seconds * 1000 - 5);
        }
        if (!fails) return expectConverged(cloud, index, first, certificate);
        expect(first.code).toBe(1);
        expect(first.stdout).toMatch(fails);
        cloud.faults.clear();
        await expectConverged(cloud, index, await run(cloud, index, certificate), certificate);
      }),
  );
});
