import { describe, expect, it } from '@jest/globals';
import { GraphError } from '../../src/errors.js';
import type { ApplyContext } from '../../src/apply/apply-context.js';
import { FALLBACK_LIFETIME_DAYS, addWithinPolicy } from '../../src/apply/credential-lifetime.js';

const DAY_MS = 86_400_000;

function policyError(code: string): GraphError {
  return new GraphError({
    method: 'POST',
    path: '/applications/x/addPassword',
    status: 400,
    code,
    message: `Refused as per assigned policy 'p-1'.`,
  });
}

function fakeRun(lifetimeDays: number): { run: ApplyContext; warnings: string[] } {
  const warnings: string[] = [];
  const run = {
    desired: { credential: { lifetimeDays } },
    logger: { info: () => undefined, warning: (m: string) => warnings.push(m) },
  } as unknown as ApplyContext;
  return { run, warnings };
}

/** An add that the policy refuses beyond maxDays; returns the days it was asked for. */
function addUpTo(maxDays: number | null, code = 'CredentialInvalidLifetimeAsPerAppPolicy') {
  const asked: number[] = [];
  const add = async (endDateTime: string): Promise<number> => {
    const days = Math.round((Date.parse(endDateTime) - Date.now()) / DAY_MS);
    asked.push(days);
    if (maxDays === null || days > maxDays) throw policyError(code);
    return days;
  };
  return { add, asked };
}

const in99Years = (): string => new Date(Date.now() + 99 * 365 * DAY_MS).toISOString();

describe('addWithinPolicy', () => {
  it.each([
    {
      name: 'steps a never-expiring certificate down to the longest lifetime a 400-day policy accepts',
      type: 'certificate' as const,
      maxDays: 400,
      expected: 365,
    },
    {
      name: 'steps a never-expiring secret down to one day when that is all the policy accepts',
      type: 'secret' as const,
      maxDays: 1,
      expected: 1,
    },
  ])('$name', async ({ type, maxDays, expected }) => {
    const { run, warnings } = fakeRun(0);
    const { add, asked } = addUpTo(maxDays);
    await expect(addWithinPolicy(run, type, in99Years(), add)).resolves.toBe(expected);
    expect(asked.slice(1)).toEqual(FALLBACK_LIFETIME_DAYS.filter((d) => d >= expected));
    expect(warnings).toEqual([
      expect.stringContaining(`the new one is valid for ${expected} days`),
    ]);
  });

  it('gives up with the last refusal as the cause when no lifetime is accepted', async () => {
    const { run } = fakeRun(0);
    const { add } = addUpTo(null);
    await expect(addWithinPolicy(run, 'secret', in99Years(), add)).rejects.toThrow(
      'refuses client secrets of every lifetime down to 1 day',
    );
  });

  it('does not step down a lifetime the profile or input set, and tries only once', async () => {
    const { run } = fakeRun(180);
    const { add, asked } = addUpTo(90);
    await expect(
      addWithinPolicy(run, 'certificate', new Date(Date.now() + 180 * DAY_MS).toISOString(), add),
    ).rejects.toThrow(
      "The tenant's app management policy refuses certificates valid for 180 days: it allows only shorter lifetimes.",
    );
    expect(asked).toEqual([180]);
  });

  it('passes other Graph errors through unchanged', async () => {
    const { run } = fakeRun(0);
    const { add } = addUpTo(null, 'Request_BadRequest');
    await expect(addWithinPolicy(run, 'secret', in99Years(), add)).rejects.toMatchObject({
      code: 'Request_BadRequest',
    });
  });
});
