// A run stopped between any two of its writes (the local cloud fails every write after the n-th,
// as if the job had been cancelled there), then run again; and two runs on one app at once.
// Either way: one app, a GitHub secret that signs in, and a third run with nothing to do.
import { describe, expect, it } from '@jest/globals';
import type { LocalCloud } from '@register-entra-app/local-cloud';
import { runAction, type ActionResult } from '@register-entra-app/local-cloud/runner';
import {
  expectSingleApp,
  expectWorkingSecret,
  listActionCredentials,
} from './checks/tenant-checks.js';
import { withLocalCloud } from '@register-entra-app/local-cloud/testing';
import { CONCURRENT_CASES, STOP_CASES } from './tables/interruption-cases.js';
import { probeProfile } from './tables/probe-profile.js';

const profile = (key: string): string =>
  probeProfile(`Interrupted ${key}`, `interrupted-${key}`, 'secret');

const secretName = (key: string): string => `INTERRUPTED_${key.toUpperCase().replace(/-/g, '_')}`;

function run(
  cloud: LocalCloud,
  key: string,
  inputs: Record<string, string> = {},
): Promise<ActionResult> {
  return runAction(cloud, { app: profile(key), 'secret-name': secretName(key), ...inputs });
}

function describeFailure(result: ActionResult): { code: number; log: string } {
  return {
    code: result.code,
    log: result.code === 0 ? '' : (result.stdout + result.stderr).slice(-2000),
  };
}

/** Asserts one app, a working GitHub secret, and that one more run sends no write. */
async function expectConvergedWithoutLoss(cloud: LocalCloud, key: string): Promise<void> {
  const app = expectSingleApp(cloud, `interrupted-${key}`, `Interrupted ${key}`);
  await expectWorkingSecret(cloud, app, secretName(key), ['User.Read.All']);
  cloud.log.clear();
  const again = await run(cloud, key);
  expect(describeFailure(again)).toEqual({ code: 0, log: '' });
  expect([...cloud.log.writes('graph'), ...cloud.log.writes('github')]).toEqual([]);
  expect(listActionCredentials(app, secretName(key)).length).toBeLessThanOrEqual(2);
}

describe('a run stopped between two writes, then run again', () => {
  it.concurrent.each(STOP_CASES.map((c, index) => ({ ...c, key: `stop-${index}` })))(
    'loses nothing when stopped $name',
    ({ key, service, n, rotate }) =>
      withLocalCloud({}, async (cloud) => {
        if (rotate) expect(describeFailure(await run(cloud, key))).toEqual({ code: 0, log: '' });
        cloud.faults.failWritesAfter(service, n);
        // keep-credentials 0: the rotation also removes the old secret, one more write to stop before.
        const stopped = await run(
          cloud,
          key,
          rotate ? { rotate: 'always', 'keep-credentials': '0' } : {},
        );
        expect(stopped.code).toBe(1);
        expect(stopped.stdout).toMatch(
          service === 'graph'
            ? /(POST|PATCH) \/\S+ failed: 500/
            : /(secret|variable) INTERRUPTED_\S+ .*failed: 500/,
        );
        cloud.faults.clear();
        expect(describeFailure(await run(cloud, key))).toEqual({ code: 0, log: '' });
        await expectConvergedWithoutLoss(cloud, key);
      }),
  );
});

describe('two runs on the same app at the same time', () => {
  it.concurrent.each(CONCURRENT_CASES.map((c, index) => ({ ...c, key: `twin-${index}` })))(
    'create one app and leave a working secret $name',
    ({ key, setUp }) =>
      withLocalCloud({}, async (cloud) => {
        setUp(cloud);
        const results = await Promise.all([run(cloud, key), run(cloud, key)]);
        // Both may succeed; a run that lost a race must say why.
        for (const result of results)
          if (result.code !== 0) expect(result.stdout).toMatch(/::error::\S/);
        expect(results.some((r) => r.code === 0)).toBe(true);
        cloud.faults.clear();
        // Back to real speed without winding back: what the runs created must not lie in the future.
        cloud.setClockRate(1);
        expectSingleApp(cloud, `interrupted-${key}`, `Interrupted ${key}`);
        expect(describeFailure(await run(cloud, key))).toEqual({ code: 0, log: '' });
        await expectConvergedWithoutLoss(cloud, key);
      }),
  );
});
