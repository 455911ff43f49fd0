import { describe, expect, it } from '@jest/globals';
import { GraphError } from '../../src/errors.js';
import {
  DEFAULT_RETRY_POLICY,
  RetrySchedule,
  isConnectionReset,
  isReplicationDelay,
} from '../../src/graph/retry-policy.js';
import { computeBackoffMs, parseRetryAfter } from '../../src/net/retry.js';

const NOW = Date.parse('2026-03-01T12:00:00Z');

describe('parseRetryAfter', () => {
  it.each([
    { name: 'whole seconds', value: '3', expected: 3000 },
    { name: 'fractional seconds', value: '1.5', expected: 1500 },
    { name: 'padded value', value: ' 2 ', expected: 2000 },
    { name: 'an HTTP date in the future', value: 'Sun, 01 Mar 2026 12:00:07 GMT', expected: 7000 },
    { name: 'an HTTP date in the past', value: 'Sun, 01 Mar 2026 11:59:00 GMT', expected: 0 },
    { name: 'garbage', value: 'soon', expected: undefined },
    { name: 'a negative number', value: '-1', expected: undefined },
    { name: 'an empty header', value: '', expected: undefined },
    { name: 'no header', value: null, expected: undefined },
  ])('reads $name', ({ value, expected }) => {
    expect(parseRetryAfter(value, NOW)).toBe(expected);
  });
});

describe('computeBackoffMs', () => {
  const policy = { backoffBaseMs: 1000, backoffCapMs: 30_000 };
  it('grows exponentially under full jitter and stays below the cap', () => {
    const top = (attempt: number) =>
      computeBackoffMs(attempt, { ...policy, random: () => 0.999999 });
    expect([0, 1, 2, 3].map(top)).toEqual([999, 1999, 3999, 7999]);
    expect(top(10)).toBe(29_999);
    expect(computeBackoffMs(3, { ...policy, random: () => 0 })).toBe(0);
  });
});

describe('RetrySchedule', () => {
  it('gives up on transient errors after maxTransientRetries and caps a long Retry-After', () => {
    const schedule = new RetrySchedule({
      ...DEFAULT_RETRY_POLICY,
      maxTransientRetries: 2,
      maxRetryAfterMs: 60_000,
    });
    expect(schedule.nextDelay('transient', 3_600_000)).toBe(60_000);
    expect(schedule.nextDelay('transient', 500)).toBe(500);
    expect(schedule.nextDelay('transient', 500)).toBeUndefined();
  });

  it('bounds replication waits by their total, not their count', () => {
    const schedule = new RetrySchedule({
      ...DEFAULT_RETRY_POLICY,
      replicationWaitMs: 10_000,
      random: () => 0.5,
    });
    const delays: number[] = [];
    for (
      let d = schedule.nextDelay('replication');
      d !== undefined;
      d = schedule.nextDelay('replication')
    )
      delays.push(d);
    expect(delays.length).toBeGreaterThan(2);
    expect(delays.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(10_000);
    expect(Math.min(...delays)).toBeGreaterThan(0);
  });
});

describe('isReplicationDelay', () => {
  const error = (status: number, code: string, message: string) =>
    new GraphError({ method: 'POST', path: '/x', status, code, message });
  it.each([
    {
      name: '404 Request_ResourceNotFound',
      err: error(404, 'Request_ResourceNotFound', "Resource 'x' does not exist"),
      expected: true,
    },
    {
      name: 'a new appId not yet known',
      err: error(
        400,
        'Request_BadRequest',
        "The appId 'a' of the service principal does not reference a valid application object.",
      ),
      expected: true,
    },
    {
      name: 'a new principal not yet known',
      err: error(400, 'Request_BadRequest', 'Not a valid reference update.'),
      expected: true,
    },
    {
      name: 'an unrelated bad request',
      err: error(
        400,
        'Request_BadRequest',
        'Permission being assigned already exists on the object.',
      ),
      expected: false,
    },
    {
      name: 'a plain 403',
      err: error(
        403,
        'Authorization_RequestDenied',
        'Insufficient privileges to complete the operation.',
      ),
      expected: false,
    },
  ])('classifies $name', ({ err, expected }) => {
    expect(isReplicationDelay(err)).toBe(expected);
  });
});

describe('isConnectionReset', () => {
  it('finds the code undici nests in the cause of "fetch failed"', () => {
    const err = new TypeError('fetch failed', {
      cause: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
    });
    expect(isConnectionReset(err)).toBe(true);
    expect(isConnectionReset(new Error('certificate has expired'))).toBe(false);
  });
});
