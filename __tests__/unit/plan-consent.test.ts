import { describe, it, expect } from '@jest/globals';
import type { DesiredState } from '../../src/model/desired.js';
import type { ObservedState } from '../../src/model/observed.js';
import type { Change, ChangeKind } from '../../src/plan/changes.js';
import { computePlan } from '../../src/plan/compute-plan.js';
import {
  APP_SP_ID,
  NOW,
  desiredState,
  graph,
  observedMatching,
  permission,
} from './fixtures/plan/states.js';

interface Case {
  name: string;
  desired: DesiredState;
  observed: ObservedState;
  /** Each change, in order, matched as a subset. */
  expected: Array<Partial<Change> & { kind: ChangeKind }>;
}

const base = desiredState();
const matching = observedMatching(base);

const consentCases: Case[] = [
  {
    name: 're-grants an application permission whose consent was revoked by hand',
    desired: base,
    observed: {
      ...matching,
      appRoleAssignments: matching.appRoleAssignments.filter(
        (a) => a.id !== 'assignment-Mail.Send',
      ),
    },
    expected: [{ kind: 'grantAppRole', permission: permission('Mail.Send') }],
  },
  {
    name: 'revokes an assignment to a resource the tenant no longer knows, naming it by ids',
    desired: base,
    observed: {
      ...matching,
      appRoleAssignments: [
        ...matching.appRoleAssignments,
        { id: 'orphan', appRoleId: 'role-x', principalId: APP_SP_ID, resourceId: 'sp-gone' },
      ],
    },
    expected: [
      {
        kind: 'revokeAppRole',
        assignmentId: 'orphan',
        permission: null,
        appRoleId: 'role-x',
        resourceId: 'sp-gone',
        resourceAppId: null,
        resourceDisplayName: null,
      },
    ],
  },
  {
    name: 'keeps consent the profile does not ask for when prune is off',
    desired: desiredState({ prune: false }),
    observed: {
      ...matching,
      appRoleAssignments: [
        ...matching.appRoleAssignments,
        { id: 'orphan', appRoleId: 'role-x', principalId: APP_SP_ID, resourceId: 'sp-gone' },
      ],
    },
    expected: [],
  },
  {
    name: 'compares delegated scopes as a set, not as a string',
    desired: desiredState({
      permissions: [permission('openid', 'delegated'), permission('profile', 'delegated')],
    }),
    observed: observedMatching(
      desiredState({
        permissions: [permission('profile', 'delegated'), permission('openid', 'delegated')],
      }),
    ),
    expected: [],
  },
  {
    name: 'patches the delegated grant to hold exactly the desired scopes',
    desired: desiredState({
      permissions: [permission('openid', 'delegated'), permission('profile', 'delegated')],
    }),
    observed: observedMatching(
      desiredState({
        permissions: [permission('openid', 'delegated'), permission('offline_access', 'delegated')],
      }),
    ),
    expected: [
      { kind: 'updateApplication' },
      { kind: 'addPermission' },
      { kind: 'removePermission' },
      {
        kind: 'updateDelegatedGrant',
        grantId: `grant-${graph.id}`,
        from: ['openid', 'offline_access'],
        to: ['openid', 'profile'],
      },
    ],
  },
  {
    name: 'unions delegated scopes when prune is off',
    desired: desiredState({
      prune: false,
      permissions: [permission('openid', 'delegated'), permission('profile', 'delegated')],
    }),
    observed: observedMatching(
      desiredState({
        permissions: [permission('openid', 'delegated'), permission('offline_access', 'delegated')],
      }),
    ),
    expected: [
      { kind: 'updateApplication' },
      { kind: 'addPermission', permission: permission('profile', 'delegated') },
      {
        kind: 'updateDelegatedGrant',
        from: ['openid', 'offline_access'],
        to: ['openid', 'profile', 'offline_access'],
      },
    ],
  },
  {
    name: 'deletes the delegated grant of a resource the profile no longer names when prune is on',
    desired: desiredState({ permissions: [permission('User.Read.All')] }),
    observed: observedMatching(
      desiredState({
        permissions: [permission('User.Read.All'), permission('User.Read', 'delegated')],
      }),
    ),
    expected: [
      { kind: 'updateApplication' },
      { kind: 'removePermission', permission: permission('User.Read', 'delegated') },
      {
        kind: 'deleteDelegatedGrant',
        grantId: `grant-${graph.id}`,
        resourceId: graph.id,
        resourceAppId: graph.appId,
        scopes: ['User.Read'],
      },
    ],
  },
  {
    name: 'leaves single-user consent grants alone',
    desired: base,
    observed: {
      ...matching,
      delegatedGrants: [
        ...matching.delegatedGrants,
        {
          id: 'user',
          clientId: APP_SP_ID,
          consentType: 'Principal',
          principalId: 'u1',
          resourceId: graph.id,
          scope: 'Mail.Read',
        },
      ],
    },
    expected: [],
  },
];

describe('computePlan consent', () => {
  it.each(consentCases)('$name', ({ desired, observed, expected }) => {
    expect(computePlan(desired, observed, { now: NOW, verify: true }).changes).toMatchObject(
      expected,
    );
  });
});
