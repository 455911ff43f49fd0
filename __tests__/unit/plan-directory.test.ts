// The planner's owners, enterprise app settings and assignments: tables of desired, observed and
// the changes expected; the deployer is never removed, prune decides what goes.
import { describe, expect, it } from '@jest/globals';
import type { DesiredDirectory, Principal } from '../../src/model/directory.js';
import type { ObservedState } from '../../src/model/observed.js';
import { computePlan } from '../../src/plan/compute-plan.js';
import type { Change } from '../../src/plan/changes.js';
import { formatPlanText } from '../../src/plan/format-plan.js';
import { listPrivilegedPermissions } from '../../src/plan/privilege-increases.js';
import { NOW, desiredState, observedMatching } from './fixtures/plan/states.js';

const alice: Principal = { id: 'u-alice', type: 'user', displayName: 'alice@contoso.example' };
const bob: Principal = { id: 'u-bob', type: 'user', displayName: 'bob@contoso.example' };
const deployer: Principal = {
  id: 'sp-deployer',
  type: 'servicePrincipal',
  displayName: 'Deployer',
};
const admins: Principal = { id: 'g-admins', type: 'group', displayName: 'Portal Admins' };
const DEFAULT_ACCESS = '00000000-0000-0000-0000-000000000000';

const directory = (edit: Partial<DesiredDirectory> = {}): DesiredDirectory => ({
  owners: [alice],
  servicePrincipal: {},
  assignments: null,
  deployerId: deployer.id,
  ...edit,
});

function plan(
  wanted: DesiredDirectory,
  edit: (observed: ObservedState) => ObservedState,
  prune = true,
): Change[] {
  const desired = { ...desiredState({ prune }), directory: wanted };
  const observed = edit(observedMatching(desired));
  return computePlan(desired, observed, { now: NOW, verify: false }).changes.filter((c) =>
    [
      'addOwner',
      'removeOwner',
      'updateServicePrincipal',
      'addAssignment',
      'removeAssignment',
    ].includes(c.kind),
  );
}

const withOwners =
  (owners: Principal[]) =>
  (o: ObservedState): ObservedState => ({
    ...o,
    owners: { application: owners, servicePrincipal: owners },
  });

describe('planDirectory', () => {
  const cases: Array<{
    name: string;
    wanted: DesiredDirectory;
    observe: (o: ObservedState) => ObservedState;
    prune?: boolean;
    expected: unknown[];
  }> = [
    {
      name: 'adds a listed owner to the app and its service principal',
      wanted: directory(),
      observe: withOwners([deployer]),
      expected: [
        { kind: 'addOwner', on: 'application', principal: alice },
        { kind: 'addOwner', on: 'servicePrincipal', principal: alice },
      ],
    },
    {
      name: 'with prune removes an owner added by hand but never the deployer',
      wanted: directory(),
      observe: withOwners([alice, bob, deployer]),
      expected: [
        { kind: 'removeOwner', on: 'application', principal: bob },
        { kind: 'removeOwner', on: 'servicePrincipal', principal: bob },
      ],
    },
    {
      name: 'without prune keeps an owner added by hand',
      wanted: directory(),
      observe: withOwners([alice, bob]),
      prune: false,
      expected: [],
    },
    {
      name: 'leaves owners alone when the profile does not manage them',
      wanted: directory({ owners: null }),
      observe: withOwners([bob]),
      expected: [],
    },
    {
      name: 'patches only the enterprise app settings that differ, keeping Entra tags with prune',
      wanted: directory({
        owners: null,
        servicePrincipal: { appRoleAssignmentRequired: true, tags: ['HideApp'], notes: null },
      }),
      observe: (o) => ({
        ...o,
        servicePrincipal: {
          ...o.servicePrincipal!,
          tags: ['WindowsAzureActiveDirectoryIntegratedApp', 'Old'],
        },
      }),
      expected: [
        {
          kind: 'updateServicePrincipal',
          patch: {
            appRoleAssignmentRequired: true,
            tags: ['HideApp', 'WindowsAzureActiveDirectoryIntegratedApp'],
          },
          diffs: [
            { property: 'servicePrincipal.appRoleAssignmentRequired', from: false, to: true },
            {
              property: 'servicePrincipal.tags',
              from: ['WindowsAzureActiveDirectoryIntegratedApp', 'Old'],
              to: ['HideApp', 'WindowsAzureActiveDirectoryIntegratedApp'],
            },
          ],
        },
      ],
    },
    {
      name: 'assigns a group and, with prune, removes an assignment the profile does not list',
      wanted: directory({
        owners: null,
        assignments: [{ principal: admins, role: null, appRoleId: DEFAULT_ACCESS }],
      }),
      observe: (o) => ({
        ...o,
        appRoleAssignedTo: [
          {
            id: 'a-bob',
            appRoleId: DEFAULT_ACCESS,
            principalId: bob.id,
            resourceId: o.servicePrincipal!.id,
            principalType: 'User',
            principalDisplayName: 'Bob',
          },
        ],
      }),
      expected: [
        { kind: 'addAssignment', principal: admins, role: null, appRoleId: DEFAULT_ACCESS },
        {
          kind: 'removeAssignment',
          assignmentId: 'a-bob',
          appRoleId: DEFAULT_ACCESS,
          role: null,
          principal: { id: bob.id, type: 'user', displayName: 'Bob' },
        },
      ],
    },
  ];

  it.each(cases)('$name', ({ wanted, observe, prune, expected }) => {
    expect(plan(wanted, observe, prune)).toEqual(expected);
  });

  it('shows owners and assignments as privilege increases in the plan text', () => {
    const desired = {
      ...desiredState(),
      directory: directory({
        assignments: [{ principal: admins, role: null, appRoleId: DEFAULT_ACCESS }],
      }),
    };
    const result = computePlan(desired, withOwners([])(observedMatching(desired)), {
      now: NOW,
      verify: false,
    });
    expect(formatPlanText(result)).toMatch(
      /\+ owner +application +user "alice@contoso\.example" +\[high privilege\]/,
    );
    expect(listPrivilegedPermissions(result).map((p) => `${p.kind} ${p.level}`)).toEqual([
      'owner high',
      'owner high',
      'assignment elevated',
    ]);
  });
});
