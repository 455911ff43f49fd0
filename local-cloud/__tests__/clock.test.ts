import { describe, expect, it } from '@jest/globals';
import { CloudClock } from '../clock.js';
import { toFaultResponse, toRealTimeRule } from '../faults.js';

describe('the local cloud clock', () => {
  it('runs k times as fast after setRate, from where it stood, and advance adds on top', () => {
    let real = 1_000_000;
    const clock = new CloudClock(() => real);
    real += 1000;
    expect(clock.now()).toBe(1_001_000);
    clock.setRate(60);
    real += 1000;
    expect(clock.now()).toBe(1_061_000);
    clock.advance(5000);
    expect(clock.now()).toBe(1_066_000);
    clock.reset();
    expect(clock.now()).toBe(real);
  });

  it('refuses a rate that is not a positive number', () => {
    expect(() => new CloudClock().setRate(0)).toThrow('positive number');
  });
});

describe('Retry-After under a fast clock', () => {
  it.each([
    { name: 'a whole number at rate 1 is sent as is', retryAfter: 2, rate: 1, header: '2' },
    { name: 'a fraction at rate 1 is sent as is', retryAfter: '1.5', rate: 1, header: '1.5' },
    {
      name: 'a whole number at rate 20 is divided by the rate',
      retryAfter: 2,
      rate: 20,
      header: '0.1',
    },
    {
      name: 'a fraction at rate 60 keeps millisecond precision',
      retryAfter: '1.5',
      rate: 60,
      header: '0.025',
    },
  ])('$name', ({ retryAfter, rate, header }) => {
    const rule = toRealTimeRule({ service: 'graph', status: 429, retryAfter }, rate);
    expect(toFaultResponse('graph', rule).headers['retry-after']).toBe(header);
  });
});
