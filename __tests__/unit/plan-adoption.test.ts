import { describe, it, expect } from '@jest/globals';
import { MANAGED_TAG } from '../../src/model/well-known.js';
import { InputError } from '../../src/errors.js';
import { computePlan, needsReplan } from '../../src/plan/compute-plan.js';
import {
  NOW,
  desiredState,
  observedEmpty,
  observedMatching,
  withApplication,
} from './fixtures/plan/states.js';

const base = desiredState();
const matching = observedMatching(base);

describe('computePlan adoption and look-alikes', () => {
  const unmanaged = withApplication(matching, { tags: ['by-hand'] });
  const lookAlike = {
    id: 'app-lookalike',
    appId: 'lookalike-app-id',
    uniqueName: null,
    displayName: 'CodeTwo Backup',
    tags: [],
  };

  it('refuses to take over an existing app the action did not create', () => {
    expect(() => computePlan(base, unmanaged, { now: NOW, verify: true })).toThrow(InputError);
    expect(() => computePlan(base, unmanaged, { now: NOW, verify: true })).toThrow(
      /"CodeTwo Backup" \(appId c0de7w00-0000-4000-8000-000000000001\) exists but was not created by register-entra-app.*Set adopt: true/,
    );
  });

  it('adds the managed tag when adopting an existing app', () => {
    const plan = computePlan(desiredState({ adopt: true }), unmanaged, { now: NOW, verify: true });
    expect(plan.changes).toEqual([
      {
        kind: 'updateApplication',
        patch: { tags: [MANAGED_TAG] },
        diffs: [{ property: 'tags', from: ['by-hand'], to: [MANAGED_TAG] }],
      },
    ]);
  });

  it('refuses to create a look-alike of an app with the same displayName', () => {
    const observed = { ...observedEmpty(), sameNameApplications: [lookAlike] };
    let error: unknown;
    try {
      computePlan(base, observed, { now: NOW, verify: true });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).input).toBe('adopt');
    expect((error as Error).message).toMatch(
      /named "CodeTwo Backup" already exists \(appId lookalike-app-id\).*look-alike.*adopt: true/,
    );
  });

  it('plans adopting the same-name app by setting its uniqueName, then re-planning', () => {
    const observed = { ...observedEmpty(), sameNameApplications: [lookAlike] };
    const plan = computePlan(desiredState({ adopt: true }), observed, { now: NOW, verify: true });
    expect(plan.changes).toEqual([
      {
        kind: 'adoptApplication',
        id: 'app-lookalike',
        appId: 'lookalike-app-id',
        displayName: 'CodeTwo Backup',
        uniqueName: 'codetwo-backup',
      },
    ]);
    expect(plan.isNew).toBe(false);
    expect(needsReplan(plan)).toBe(true);
  });

  it('sets the uniqueName of an adopted app read by id', () => {
    const plan = computePlan(
      desiredState({ adopt: true }),
      withApplication(matching, { uniqueName: null, tags: [] }),
      { now: NOW, verify: true },
    );
    expect(plan.changes).toMatchObject([
      { kind: 'updateApplication', patch: { uniqueName: 'codetwo-backup', tags: [MANAGED_TAG] } },
    ]);
  });

  it('refuses to adopt when several apps share the displayName', () => {
    const observed = {
      ...observedEmpty(),
      sameNameApplications: [lookAlike, { ...lookAlike, id: 'second', appId: 'second-app-id' }],
    };
    expect(() =>
      computePlan(desiredState({ adopt: true }), observed, { now: NOW, verify: true }),
    ).toThrow(/ambiguous: 2 app registrations/);
  });

  it('refuses to adopt an app whose uniqueName is already set to something else', () => {
    const observed = {
      ...observedEmpty(),
      sameNameApplications: [{ ...lookAlike, uniqueName: 'codetwo' }],
    };
    expect(() =>
      computePlan(desiredState({ adopt: true }), observed, { now: NOW, verify: true }),
    ).toThrow(/Set uniqueName: codetwo/);
  });
});
