// What GitHub holds is known, not inferred: a credential deleted by hand in the portal is repaired
// by the next run (and reported by mode plan / fail-on-drift), and an app that accepts personal
// Microsoft accounts rotates within its two-secret limit.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import type { LocalCloud, StoredApplication } from '@register-entra-app/local-cloud';
import { expectHeldAndNoLitter, findHeldKeyId } from './checks/held-credential.js';
import { runAction, type ActionResult } from '@register-entra-app/local-cloud/runner';
import { REPOSITORY, withLocalCloud } from '@register-entra-app/local-cloud/testing';
import { probeProfile } from './tables/probe-profile.js';

const failure = (r: ActionResult) => ({ code: r.code, log: r.code ? r.log.slice(-1500) : '' });

function app(cloud: LocalCloud, uniqueName: string): StoredApplication {
  const stored = cloud.tenant.applicationByUniqueName(uniqueName);
  if (!stored) throw new Error(`${uniqueName} was not registered.`);
  return stored;
}

function writes(cloud: LocalCloud) {
  return [...cloud.log.writes('graph'), ...cloud.log.writes('github')];
}

describe('the credential GitHub holds', () => {
  it('is replaced by the next run after it was deleted by hand, and mode plan with fail-on-drift says why', () =>
    withLocalCloud({}, async (cloud) => {
      const inputs = {
        app: probeProfile('Held Probe', 'held-probe', 'secret'),
        'secret-name': 'HELD',
      };
      expect(failure(await runAction(cloud, inputs))).toEqual({ code: 0, log: '' });
      const registered = app(cloud, 'held-probe');
      const held = findHeldKeyId(cloud, registered, 'HELD');
      // An admin deletes it in the portal.
      registered.passwordCredentials = registered.passwordCredentials.filter(
        (c) => c.keyId !== held,
      );

      cloud.log.clear();
      const plan = await runAction(cloud, { ...inputs, mode: 'plan', 'fail-on-drift': 'true' });
      expect(plan.code).toBe(1);
      expect(plan.stdout).toContain('(GitHub holds a credential the app no longer has)');
      expect(plan.stdout).toMatch(/holds credential \S+, which the app no longer has/);
      expect(writes(cloud)).toEqual([]);

      const repaired = await runAction(cloud, inputs);
      expect(failure(repaired)).toEqual({ code: 0, log: '' });
      expect(repaired.outputs['credential-id']).toBe(
        findHeldKeyId(cloud, app(cloud, 'held-probe'), 'HELD'),
      );
      cloud.log.clear();
      expect(failure(await runAction(cloud, inputs))).toEqual({ code: 0, log: '' });
      expect(writes(cloud)).toEqual([]);
      await expectHeldAndNoLitter(cloud, app(cloud, 'held-probe'), 'HELD', 1);
    }));
});

/** Waits until check() holds (polls every 50 ms, 30 s at most). */
async function until(check: () => boolean): Promise<void> {
  for (let waited = 0; !check(); waited += 50) {
    if (waited > 30_000) throw new Error('Timed out waiting.');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('two overlapping rotations without a concurrency group', () => {
  it(
    "leave GitHub holding a live credential when the slower run's value lands after the other run's",
    () =>
      withLocalCloud({}, async (cloud) => {
        const inputs = {
          app: probeProfile('Race Probe', 'race-probe', 'secret'),
          'secret-name': 'RACE',
        };
        expect(failure(await runAction(cloud, inputs))).toEqual({ code: 0, log: '' });
        // Credentials made from now on are surely later than the secret's last write.
        cloud.advanceClock(5000);
        // On GitHub: X marks pending, Y marks pending, Y's value, X's value (held 6 s), X's record,
        // then Y's record (held 14 s); Y planned to remove X's credential as never stored.
        const variable = /\/actions\/variables\/RACE_KEY_ID$/;
        cloud.faults.add({
          service: 'github',
          method: 'PUT',
          path: /\/secrets\/RACE$/,
          holdMs: 6000,
        });
        cloud.faults.add({
          service: 'github',
          method: 'PATCH',
          path: variable,
          holdMs: 0,
          times: 2,
        });
        cloud.faults.add({ service: 'github', method: 'PATCH', path: variable, holdMs: 14_000 });
        const x = runAction(cloud, { ...inputs, rotate: 'always' });
        await until(
          () =>
            cloud.github.variableValue(REPOSITORY, 'RACE_KEY_ID')?.startsWith('pending') === true,
        );
        const y = runAction(cloud, { ...inputs, rotate: 'always' });
        const results = await Promise.all([x, y]);
        cloud.faults.clear();
        expect(results.map(failure)).toEqual([
          { code: 0, log: '' },
          { code: 0, log: '' },
        ]);
        expect(results[1].stdout).toMatch(
          /Kept 1 older credential\(s\) because GitHub secret RACE was written again after this run's write/,
        );
        // What GitHub holds signs in, before and after a follow-up run; a third run writes nothing.
        expect(findHeldKeyId(cloud, app(cloud, 'race-probe'), 'RACE')).toBeDefined();
        expect(failure(await runAction(cloud, inputs))).toEqual({ code: 0, log: '' });
        cloud.log.clear();
        expect(failure(await runAction(cloud, inputs))).toEqual({ code: 0, log: '' });
        expect(writes(cloud)).toEqual([]);
        await expectHeldAndNoLitter(cloud, app(cloud, 'race-probe'), 'RACE', 1, true);
      }),
    120_000,
  );

  it(
    "leave a PFX that opens, after one follow-up run, when one run's PFX lands after the other run's password",
    () =>
      withLocalCloud({}, async (cloud) => {
        const inputs = {
          app: probeProfile('Pair Race', 'pair-race', 'certificate'),
          'secret-name': 'PAIR',
        };
        expect(failure(await runAction(cloud, inputs))).toEqual({ code: 0, log: '' });
        // The first PFX write waits while the other run writes its password and its PFX.
        cloud.faults.add({
          service: 'github',
          method: 'PUT',
          path: /\/secrets\/PAIR$/,
          holdMs: 6000,
        });
        const results = await Promise.all([
          runAction(cloud, { ...inputs, rotate: 'always' }),
          runAction(cloud, { ...inputs, rotate: 'always' }),
        ]);
        cloud.faults.clear();
        // Two certificate adds can cross (keyCredentials is written whole): the run whose
        // certificate is lost fails and says so; the other stores its own.
        expect(results.filter((r) => r.code === 0).length).toBeGreaterThan(0);
        for (const result of results)
          if (result.code !== 0) expect(result.stdout).toMatch(/::error::\S/);
        expect(failure(await runAction(cloud, inputs))).toEqual({ code: 0, log: '' });
        cloud.log.clear();
        expect(failure(await runAction(cloud, inputs))).toEqual({ code: 0, log: '' });
        expect(writes(cloud)).toEqual([]);
        await expectHeldAndNoLitter(cloud, app(cloud, 'pair-race'), 'PAIR', 1, true);
      }),
    120_000,
  );
});

describe('strings from Graph in the log', () => {
  it('cannot issue a workflow command or an ANSI sequence through a credential name made in the portal', () =>
    withLocalCloud({}, async (cloud) => {
      const inputs = {
        app: probeProfile('Log Probe', 'log-probe', 'secret'),
        'secret-name': 'LOGGED',
      };
      expect(failure(await runAction(cloud, inputs))).toEqual({ code: 0, log: '' });
      const registered = app(cloud, 'log-probe');
      registered.passwordCredentials.push({
        keyId: randomUUID(),
        displayName: 'register-entra-app LOGGED 2020-01-01\n::error::pwned\u001b[31m\u0000',
        startDateTime: '2020-01-01T00:00:00.000Z',
        endDateTime: '2020-06-01T00:00:00.000Z',
        hint: 'abc',
        customKeyIdentifier: null,
        secretText: null,
        _secret: 'expired-secret-value',
      });
      const result = await runAction(cloud, inputs);
      expect(failure(result)).toEqual({ code: 0, log: '' });
      // The expired credential is removed, and its name shows in the plan row, escaped.
      expect(result.stdout).toContain('(expired)');
      expect(result.stdout).toContain('\\u001b[31m');
      expect(result.stdout).not.toMatch(/^\s*::error::pwned/m);
      // eslint-disable-next-line no-control-regex -- the test looks for raw NUL and ESC characters
      expect(result.stdout).not.toMatch(/[\u0000\u001b]/);
    }));
});

describe('an app that accepts personal Microsoft accounts (at most two client secrets)', () => {
  const inputs = { profile: 'docbits-email-import-personal', 'secret-name': 'DOCBITS_PERSONAL' };

  it('rotates three times in a row with rotate: always, never holding more than two secrets', () =>
    withLocalCloud({}, async (cloud) => {
      expect(failure(await runAction(cloud, inputs))).toEqual({ code: 0, log: '' });
      for (let i = 0; i < 3; i++) {
        cloud.log.clear();
        const result = await runAction(cloud, { ...inputs, rotate: 'always' });
        expect(failure(result)).toEqual({ code: 0, log: '' });
        // The older secret goes before the new one is added: the count never passes two.
        const order = cloud.log
          .writes('graph')
          .map((w) => w.path)
          .filter((p) => /addPassword|removePassword/.test(p));
        expect(order.map((p) => p.replace(/.*\//, ''))).toEqual(
          i === 0 ? ['addPassword'] : ['removePassword', 'addPassword'],
        );
        const registered = app(cloud, 'docbits-email-import-personal');
        expect(registered.passwordCredentials.length).toBeLessThanOrEqual(2);
        await expectHeldAndNoLitter(cloud, registered, 'DOCBITS_PERSONAL', 1);
      }
    }));

  it('stops before any write when a secret it did not create takes the second place', () =>
    withLocalCloud({}, async (cloud) => {
      expect(failure(await runAction(cloud, inputs))).toEqual({ code: 0, log: '' });
      const registered = app(cloud, 'docbits-email-import-personal');
      const now = new Date();
      registered.passwordCredentials.push({
        keyId: randomUUID(),
        displayName: 'Added in the portal',
        startDateTime: now.toISOString(),
        endDateTime: new Date(now.getTime() + 86_400_000 * 30).toISOString(),
        hint: 'abc',
        customKeyIdentifier: null,
        secretText: null,
        _secret: 'portal-secret-value',
      });
      cloud.log.clear();
      const result = await runAction(cloud, { ...inputs, rotate: 'always' });
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(
        /::error::.*at most 2 client secrets.*"Added in the portal".*was not created by register-entra-app.*remove it in the Entra admin center/,
      );
      expect(writes(cloud)).toEqual([]);
      expect(registered.passwordCredentials.map((c) => c.displayName)).toContain(
        'Added in the portal',
      );
    }));
});
