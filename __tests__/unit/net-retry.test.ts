import { describe, expect, it } from '@jest/globals';
import { computeBackoffMs, poll, retry } from '../../src/net/retry.js';

class Busy extends Error {}

// An operation that fails `failures` times with Busy, then returns 'done'.
function flaky(failures: number): { operation: () => Promise<string>; calls: () => number } {
  let calls = 0;
  return {
    operation: async () => {
      if (calls++ < failures) throw new Busy(`busy ${calls}`);
      return 'done';
    },
    calls: () => calls,
  };
}

describe('retry', () => {
  it('retries what the predicate allows, logging one line and sleeping once per retry', async () => {
    const { operation, calls } = flaky(2);
    const slept: number[] = [];
    const logs: string[] = [];
    await expect(
      retry(operation, {
        nextDelayMs: (error, attempt) => (error instanceof Busy ? attempt * 100 : undefined),
        sleep: async (ms) => void slept.push(ms),
        log: (error, delayMs, attempt) =>
          logs.push(`${(error as Error).message} ${delayMs} ${attempt}`),
      }),
    ).resolves.toBe('done');
    expect(calls()).toBe(3);
    expect(slept).toEqual([100, 200]);
    expect(logs).toEqual(['busy 1 100 1', 'busy 2 200 2']);
  });

  it('backs off with full jitter by default and waits what Retry-After asks instead', async () => {
    const { operation } = flaky(3);
    const slept: number[] = [];
    await retry(operation, {
      isRetryable: (error) => error instanceof Busy,
      retryAfterMs: (error) => ((error as Error).message === 'busy 2' ? 5000 : undefined),
      backoff: { backoffBaseMs: 1000, backoffCapMs: 30_000, random: () => 0.5 },
      sleep: async (ms) => void slept.push(ms),
    });
    expect(slept).toEqual([500, 5000, 2000]);
  });

  it('rethrows at once an error the predicate refuses', async () => {
    const slept: number[] = [];
    const failure = new Error('bad request');
    await expect(
      retry(
        async () => {
          throw failure;
        },
        { nextDelayMs: () => undefined, sleep: async (ms) => void slept.push(ms) },
      ),
    ).rejects.toBe(failure);
    expect(slept).toEqual([]);
  });

  it('stops after maxAttempts and hands the last error to giveUp', async () => {
    const { operation, calls } = flaky(10);
    await expect(
      retry(operation, {
        maxAttempts: 3,
        nextDelayMs: () => 1,
        sleep: async () => undefined,
        giveUp: (error, attempt) => `gave up after ${attempt}: ${(error as Error).message}`,
      }),
    ).resolves.toBe('gave up after 3: busy 3');
    expect(calls()).toBe(3);
  });

  it('gives up when the next attempt would start after the deadline', async () => {
    const { operation, calls } = flaky(10);
    let clock = 0;
    await expect(
      retry(operation, {
        nextDelayMs: () => 400,
        deadlineMs: 1000,
        now: () => clock,
        sleep: async (ms) => void (clock += ms),
      }),
    ).rejects.toThrow('busy 3');
    expect(calls()).toBe(3);
    expect(clock).toBe(800);
  });
});

describe('computeBackoffMs', () => {
  const backoff = { backoffBaseMs: 1000, backoffCapMs: 8000 };
  it.each([
    {
      name: 'full jitter spreads over [0, ceiling)',
      jitter: 'full' as const,
      expected: [500, 1000, 2000, 4000, 4000],
    },
    {
      name: 'equal jitter keeps half fixed',
      jitter: 'equal' as const,
      expected: [750, 1500, 3000, 6000, 6000],
    },
    {
      name: 'no jitter waits the ceiling',
      jitter: 'none' as const,
      expected: [1000, 2000, 4000, 8000, 8000],
    },
  ])('$name', ({ jitter, expected }) => {
    expect(
      [0, 1, 2, 3, 4].map((attempt) =>
        computeBackoffMs(attempt, { ...backoff, jitter, random: () => 0.5 }),
      ),
    ).toEqual(expected);
  });
});

describe('poll', () => {
  it('reads until a value shows, backing off between reads', async () => {
    let reads = 0;
    const slept: number[] = [];
    const value = await poll(async () => (++reads === 3 ? 'visible' : undefined), {
      maxAttempts: 5,
      backoff: { backoffBaseMs: 1000, backoffCapMs: 10_000, jitter: 'none' },
      sleep: async (ms) => void slept.push(ms),
    });
    expect(value).toBe('visible');
    expect(slept).toEqual([1000, 2000]);
  });

  it('returns undefined when the value never shows, and passes read errors through', async () => {
    const options = {
      maxAttempts: 2,
      backoff: { backoffBaseMs: 1, backoffCapMs: 1, jitter: 'none' as const },
      sleep: async () => undefined,
    };
    await expect(poll(async () => undefined, options)).resolves.toBeUndefined();
    await expect(
      poll(async () => {
        throw new Error('403');
      }, options),
    ).rejects.toThrow('403');
  });
});
