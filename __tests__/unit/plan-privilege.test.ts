import { describe, it, expect } from '@jest/globals';
import type { Plan } from '../../src/plan/changes.js';
import { classifyPermission } from '../../src/plan/privilege.js';
import { listPrivilegeIncreases } from '../../src/plan/privilege-increases.js';
import { exchange, graph, permission } from './fixtures/plan/states.js';

describe('classifyPermission', () => {
  it.each([
    {
      name: 'rates an application permission as elevated',
      kind: 'application',
      value: 'User.Read.All',
      expected: 'elevated',
    },
    {
      name: 'rates a delegated permission as normal',
      kind: 'delegated',
      value: 'User.Read',
      expected: 'normal',
    },
    {
      name: 'rates full_access_as_app as high',
      kind: 'application',
      value: 'full_access_as_app',
      expected: 'high',
    },
    {
      name: 'rates Sites.FullControl.All as high',
      kind: 'application',
      value: 'Sites.FullControl.All',
      expected: 'high',
    },
    {
      name: 'rates any ReadWrite.All permission as high',
      kind: 'application',
      value: 'Mail.ReadWrite.All',
      expected: 'high',
    },
    {
      name: 'rates a delegated ReadWrite.All permission as high',
      kind: 'delegated',
      value: 'Files.ReadWrite.All',
      expected: 'high',
    },
    {
      name: 'rates any Directory permission as high',
      kind: 'delegated',
      value: 'Directory.Read.All',
      expected: 'high',
    },
    {
      name: 'rates AppRoleAssignment.ReadWrite.All as high',
      kind: 'application',
      value: 'AppRoleAssignment.ReadWrite.All',
      expected: 'high',
    },
    {
      name: 'rates Application.ReadWrite.All as high',
      kind: 'application',
      value: 'Application.ReadWrite.All',
      expected: 'high',
    },
    {
      name: 'rates any RoleManagement permission as high',
      kind: 'application',
      value: 'RoleManagement.Read.Directory',
      expected: 'high',
    },
    {
      name: 'rates Mail.Send as application permission as elevated, not high',
      kind: 'application',
      value: 'Mail.Send',
      expected: 'elevated',
    },
  ] as const)('$name', ({ kind, value, expected }) => {
    expect(classifyPermission(kind, value)).toBe(expected);
  });
});

describe('listPrivilegeIncreases', () => {
  const plan = (changes: Plan['changes']): Plan => ({
    target: 't',
    displayName: 'T',
    isNew: false,
    changes,
    notices: [],
  });

  it('lists added application permissions and their consent, in plan order', () => {
    const increases = listPrivilegeIncreases(
      plan([
        {
          kind: 'addPermission',
          permission: permission('full_access_as_app', 'application', exchange),
        },
        { kind: 'addPermission', permission: permission('User.Read', 'delegated') },
        { kind: 'grantAppRole', permission: permission('User.Read.All') },
      ]),
    );
    expect(
      increases.map(({ kind, values, level, resourceDisplayName }) => ({
        kind,
        values,
        level,
        resourceDisplayName,
      })),
    ).toEqual([
      {
        kind: 'application',
        values: ['full_access_as_app'],
        level: 'high',
        resourceDisplayName: exchange.displayName,
      },
      {
        kind: 'application',
        values: ['User.Read.All'],
        level: 'elevated',
        resourceDisplayName: graph.displayName,
      },
    ]);
  });

  it('lists only the high scopes a delegated grant adds', () => {
    const increases = listPrivilegeIncreases(
      plan([
        {
          kind: 'createDelegatedGrant',
          resourceAppId: graph.appId,
          resourceDisplayName: 'Microsoft Graph',
          scopes: ['User.Read', 'Directory.Read.All'],
        },
        {
          kind: 'updateDelegatedGrant',
          grantId: 'g',
          resourceAppId: graph.appId,
          resourceDisplayName: 'Microsoft Graph',
          from: ['Files.ReadWrite.All'],
          to: ['Files.ReadWrite.All', 'openid'],
        },
      ]),
    );
    expect(increases.map((i) => [i.values, i.level])).toEqual([[['Directory.Read.All'], 'high']]);
  });

  it('does not count removals as increases', () => {
    const increases = listPrivilegeIncreases(
      plan([
        { kind: 'removePermission', permission: permission('Directory.ReadWrite.All') },
        {
          kind: 'revokeAppRole',
          assignmentId: 'a',
          permission: permission('Directory.ReadWrite.All'),
          appRoleId: 'r',
          resourceId: graph.id,
          resourceAppId: graph.appId,
          resourceDisplayName: graph.displayName,
        },
      ]),
    );
    expect(increases).toEqual([]);
  });
});
