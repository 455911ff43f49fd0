import { describe, expect, it } from '@jest/globals';
import { toExpectedRoles } from '../../src/apply/apply-verify.js';
import { combineResults } from '../../src/credentials/ports.js';
import type { ResolvedPermission } from '../../src/model/desired.js';

const GRAPH = '00000003-0000-0000-c000-000000000000';
const EXCHANGE = '00000002-0000-0ff1-ce00-000000000000';

function permission(
  resourceAppId: string,
  resourceDisplayName: string,
  kind: ResolvedPermission['kind'],
  value: string,
): ResolvedPermission {
  return { resourceAppId, resourceDisplayName, kind, value, id: `${value}-id` };
}

describe('toExpectedRoles', () => {
  it('groups application permissions by resource and leaves delegated ones out', () => {
    const expected = toExpectedRoles([
      permission(EXCHANGE, 'Office 365 Exchange Online', 'application', 'full_access_as_app'),
      permission(GRAPH, 'Microsoft Graph', 'application', 'User.Read.All'),
      permission(GRAPH, 'Microsoft Graph', 'delegated', 'User.Read'),
    ]);
    expect(expected).toEqual([
      { resourceAppId: GRAPH, resourceDisplayName: 'Microsoft Graph', roles: ['User.Read.All'] },
      {
        resourceAppId: EXCHANGE,
        resourceDisplayName: 'Office 365 Exchange Online',
        roles: ['full_access_as_app'],
      },
    ]);
  });

  it('always asks for a Microsoft Graph token, so a credential without Graph roles is still tried', () => {
    expect(
      toExpectedRoles([
        permission(EXCHANGE, 'Office 365 Exchange Online', 'application', 'full_access_as_app'),
      ])[0],
    ).toEqual({
      resourceAppId: GRAPH,
      resourceDisplayName: 'Microsoft Graph',
      roles: [],
    });
  });
});

describe('combineResults', () => {
  it('is ok only when every resource verified, and reports the first failure', () => {
    const combined = combineResults([
      { ok: true, roles: ['User.Read.All'], missing: [], attempts: 1 },
      {
        ok: false,
        roles: [],
        missing: ['full_access_as_app'],
        attempts: 3,
        reason: 'Office 365 Exchange Online: roles missing',
      },
    ]);
    expect(combined).toEqual({
      ok: false,
      roles: ['User.Read.All'],
      missing: ['full_access_as_app'],
      attempts: 4,
      reason: 'Office 365 Exchange Online: roles missing',
    });
  });
});
