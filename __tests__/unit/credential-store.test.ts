import { describe, expect, it } from '@jest/globals';
import { toHeldCredential, toPendingRecord } from '../../src/credentials/credential-store.js';

const secret = { exists: true, updatedAt: '2026-12-04T10:00:05Z' };
const record = (value: string, updatedAt = '2026-12-04T10:00:05Z') => ({
  exists: true,
  value,
  updatedAt,
});

describe('toHeldCredential', () => {
  it('trusts a record written in the same second as the value or later', () => {
    expect(toHeldCredential('APP', secret, record('k1'))).toEqual({
      name: 'APP',
      ...secret,
      keyId: 'k1',
      recordCurrent: true,
    });
    expect(
      toHeldCredential('APP', secret, record('k1', '2026-12-04T10:00:04Z')).recordCurrent,
    ).toBe(false);
  });

  it('reads a pending record as an interrupted delivery, whatever the times say', () => {
    expect(toHeldCredential('APP', secret, record(toPendingRecord('k2', 'k1')))).toEqual({
      name: 'APP',
      ...secret,
      keyId: 'k1',
      recordCurrent: false,
      interruptedKeyId: 'k2',
    });
    expect(toHeldCredential('APP', secret, record(toPendingRecord('k2', null)))).toMatchObject({
      keyId: null,
      recordCurrent: false,
      interruptedKeyId: 'k2',
    });
  });

  it('has no record without the variable', () => {
    expect(
      toHeldCredential('APP', secret, { exists: false, value: null, updatedAt: null }),
    ).toEqual({ name: 'APP', ...secret, keyId: null, recordCurrent: false });
  });
});
