// A run SIGKILLed before each of its writes in turn (every state a kill can leave), then a normal
// run and a third: the third sends no write, GitHub holds a live credential that its record names,
// and no credential GitHub never held is left on the app.
import type { ChildProcess } from 'node:child_process';
import { describe, expect, it } from '@jest/globals';
import type { LocalCloud } from '@register-entra-app/local-cloud';
import { expectHeldAndNoLitter } from './checks/held-credential.js';
import { runAction, type ActionResult } from '@register-entra-app/local-cloud/runner';
import { expectSingleApp } from './checks/tenant-checks.js';
import { withLocalCloud } from '@register-entra-app/local-cloud/testing';
import { KILL_CASES, type KillCase } from './tables/kill-cases.js';
import { probeProfile } from './tables/probe-profile.js';

const KEEP = 1;

function run(
  cloud: LocalCloud,
  c: KillCase,
  point: number,
  inputs: Record<string, string> = {},
  onSpawn?: (child: ChildProcess) => void,
): Promise<ActionResult> {
  const key = `killed-${c.key}-${point}`;
  return runAction(
    cloud,
    {
      app: probeProfile(`Killed ${c.key} ${point}`, key, c.type),
      'secret-name': `KILLED_${c.key.toUpperCase().replace(/-/g, '_')}_${point}`,
      'keep-credentials': String(KEEP),
      ...inputs,
    },
    { onSpawn },
  );
}

const failure = (r: ActionResult) => ({ code: r.code, log: r.code ? r.log.slice(-1500) : '' });

/** Kills the run before its write number `point`; returns false when it finished first. */
async function killAt(cloud: LocalCloud, c: KillCase, point: number): Promise<boolean> {
  if (c.rotate) expect(failure(await run(cloud, c, point))).toEqual({ code: 0, log: '' });
  let child: ChildProcess | undefined;
  let killed = false;
  cloud.faults.killBeforeWrite(point, () => {
    killed = true;
    child?.kill('SIGKILL');
  });
  const stopped = await run(cloud, c, point, c.rotate ? { rotate: 'always' } : {}, (p) => {
    child = p;
  });
  cloud.faults.clear();
  if (!killed) expect(failure(stopped)).toEqual({ code: 0, log: '' });
  return killed;
}

/** A normal run, then a third that sends no write and leaves GitHub holding a live credential. */
async function expectRecovered(
  cloud: LocalCloud,
  c: KillCase,
  point: number,
  overlapping = false,
): Promise<void> {
  expect(failure(await run(cloud, c, point))).toEqual({ code: 0, log: '' });
  cloud.log.clear();
  expect(failure(await run(cloud, c, point))).toEqual({ code: 0, log: '' });
  expect([...cloud.log.writes('graph'), ...cloud.log.writes('github')]).toEqual([]);
  const key = `killed-${c.key}-${point}`;
  const app = expectSingleApp(cloud, key, `Killed ${c.key} ${point}`);
  const secretName = `KILLED_${c.key.toUpperCase().replace(/-/g, '_')}_${point}`;
  await expectHeldAndNoLitter(cloud, app, secretName, KEEP, overlapping);
}

/** Kills a run before each of its writes in turn, each followed by the recovery runs. */
async function expectRecoveryAfterEveryKill(cloud: LocalCloud, c: KillCase): Promise<void> {
  let point = 0;
  for (; await killAt(cloud, c, point); point++) {
    try {
      await expectRecovered(cloud, c, point);
    } catch (error) {
      throw new Error(`After a kill before write ${point}: ${(error as Error).message}`);
    }
  }
  // The loop ends at the first point past the run's last write: every write was a kill point.
  expect(point).toBeGreaterThan(c.rotate ? 2 : 6);
}

describe('a run SIGKILLed before any one of its writes', () => {
  it.concurrent.each(KILL_CASES)(
    'ends with a live credential in GitHub and nothing it never held, killing $name',
    (c) => withLocalCloud({}, (cloud) => expectRecoveryAfterEveryKill(cloud, c)),
    600_000,
  );

  // GitHub's times have whole seconds: with the cloud's clock all but stopped, every write of every
  // run lands in the same second, so nothing can be told from times alone.
  it.concurrent.each(KILL_CASES.filter((c) => c.rotate))(
    'ends the same way when every write lands in the same second, killing $name',
    (c) =>
      withLocalCloud({}, (cloud) => {
        cloud.setClockRate(1e-9);
        return expectRecoveryAfterEveryKill(cloud, { ...c, key: `${c.key}-same-second` });
      }),
    600_000,
  );
});

describe('overlapping rotations while GitHub is slow to store', () => {
  it.concurrent.each([2, 3, 4])(
    '%i runs at once leave, after one follow-up run, a live credential in GitHub and no write to do, and after the next rotation nothing beyond keep-credentials',
    (runs) =>
      withLocalCloud({}, async (cloud) => {
        const c: KillCase = {
          name: 'overlap',
          key: `overlap-${runs}`,
          type: 'secret',
          rotate: true,
        };
        expect(failure(await run(cloud, c, 0))).toEqual({ code: 0, log: '' });
        // Every secret write waits, so each run's write is in flight while the others plan and remove.
        cloud.faults.add({
          service: 'github',
          method: 'PUT',
          path: /\/secrets\//,
          holdMs: 1500,
          times: Infinity,
        });
        const results = await Promise.all(
          Array.from({ length: runs }, () => run(cloud, c, 0, { rotate: 'always' })),
        );
        // A run that lost a race more often than it retries must say why.
        for (const result of results)
          if (result.code !== 0) expect(result.stdout).toMatch(/::error::\S/);
        cloud.faults.clear();
        await expectRecovered(cloud, c, 0, true);
        // Credentials made by the overlapping runs may stay until the next rotation, no longer.
        expect(failure(await run(cloud, c, 0, { rotate: 'always' }))).toEqual({ code: 0, log: '' });
        const app = expectSingleApp(cloud, `killed-${c.key}-0`, `Killed ${c.key} 0`);
        await expectHeldAndNoLitter(
          cloud,
          app,
          `KILLED_${c.key.toUpperCase().replace(/-/g, '_')}_0`,
          KEEP,
        );
      }),
    300_000,
  );
});
