import { describe, expect, it } from '@jest/globals';
import type { DesiredAppRole, DesiredScope } from '../../src/model/entitlements.js';
import type { AppRole, PermissionScope } from '../../src/model/graph-types.js';
import type { ObservedState } from '../../src/model/observed.js';
import type { Change, ChangeKind } from '../../src/plan/changes.js';
import { computePlan } from '../../src/plan/compute-plan.js';
import { formatPlanText } from '../../src/plan/format-plan.js';
import { planEntitlements } from '../../src/plan/plan-entitlements.js';
import {
  APP_SP_ID,
  NOW,
  desiredState,
  observedEmpty,
  observedMatching,
  withApplication,
} from './fixtures/plan/states.js';

const ADMIN: DesiredAppRole = {
  value: 'Portal.Admin',
  displayName: 'Portal administrators',
  description: 'Administer the portal.',
  allowedMemberTypes: ['User'],
  isEnabled: true,
};
const READ: DesiredScope = {
  value: 'access_as_user',
  type: 'User',
  adminConsentDisplayName: 'Access the API',
  adminConsentDescription: 'Call the API as the user.',
  userConsentDisplayName: null,
  userConsentDescription: null,
  isEnabled: true,
};
const ADMIN_ID = 'a0000000-0000-4000-8000-000000000001';
const READ_ID = 'b0000000-0000-4000-8000-000000000001';
const heldRole = (edit: Partial<AppRole> = {}): AppRole => ({ id: ADMIN_ID, ...ADMIN, ...edit });
const heldScope = (edit: Partial<PermissionScope> = {}): PermissionScope => ({
  id: READ_ID,
  ...READ,
  ...edit,
});

function ids(): () => string {
  let n = 0;
  return () => `new-${++n}`;
}

const desired = (prune = true, roles = [ADMIN], scopes = [READ]) =>
  desiredState({
    prune,
    application: {
      appRoles: roles,
      api: { requestedAccessTokenVersion: null, oauth2PermissionScopes: scopes },
    },
  });

const observedWith = (roles: AppRole[], scopes: PermissionScope[]): ObservedState => {
  const matching = observedMatching(desiredState());
  return withApplication(matching, {
    appRoles: roles,
    api: {
      requestedAccessTokenVersion: null,
      oauth2PermissionScopes: scopes,
      preAuthorizedApplications: [],
      knownClientApplications: [],
    },
  });
};

interface Case {
  name: string;
  prune?: boolean;
  roles?: DesiredAppRole[];
  scopes?: DesiredScope[];
  observed: ObservedState;
  kinds: ChangeKind[];
  rows?: string[];
}

const CASES: Case[] = [
  {
    name: 'gives new roles and scopes new ids in one write',
    observed: observedWith([], []),
    kinds: ['writeEntitlements'],
    rows: ['add app role Portal.Admin', 'add scope access_as_user'],
  },
  {
    name: 'writes nothing when the roles and scopes match, by value',
    observed: observedWith([heldRole()], [heldScope()]),
    kinds: [],
  },
  {
    name: 'disables an enabled role in its own write before changing it',
    roles: [{ ...ADMIN, description: 'Run the portal.' }],
    observed: observedWith([heldRole()], [heldScope()]),
    kinds: ['disableEntitlements', 'writeEntitlements'],
    rows: ['change app role Portal.Admin'],
  },
  {
    name: 'changes a role that is already disabled in one write',
    roles: [{ ...ADMIN, description: 'Run the portal.', isEnabled: false }],
    observed: observedWith([heldRole({ isEnabled: false })], [heldScope()]),
    kinds: ['writeEntitlements'],
    rows: ['change app role Portal.Admin'],
  },
  {
    name: 'disables a scope in place without a separate write',
    scopes: [{ ...READ, isEnabled: false }],
    observed: observedWith([heldRole()], [heldScope()]),
    kinds: ['writeEntitlements'],
    rows: ['change scope access_as_user'],
  },
  {
    name: 'removes a scope the profile dropped (prune): disable first, then remove',
    scopes: [],
    observed: observedWith([heldRole()], [heldScope()]),
    kinds: ['disableEntitlements', 'writeEntitlements'],
    rows: ['remove scope access_as_user'],
  },
  {
    name: 'keeps a scope added by hand without prune',
    prune: false,
    scopes: [],
    observed: observedWith([heldRole()], [heldScope()]),
    kinds: [],
  },
];

describe('planEntitlements', () => {
  it.each(CASES)('$name', (c) => {
    const changes = planEntitlements(
      desired(c.prune ?? true, c.roles ?? [ADMIN], c.scopes ?? [READ]),
      c.observed,
      ids(),
    );
    expect(changes.map((change) => change.kind)).toEqual(c.kinds);
    const write = changes.find((change) => change.kind === 'writeEntitlements');
    if (c.rows)
      expect(
        write?.kind === 'writeEntitlements'
          ? write.rows.map((r) => `${r.action} ${r.what} ${r.name}`)
          : [],
      ).toEqual(c.rows);
  });

  it('keeps the ids of matched roles and scopes and gives new ones the generator’s', () => {
    const changes = planEntitlements(
      desired(true, [ADMIN, { ...ADMIN, value: 'Portal.Reader' }]),
      observedWith([heldRole()], [heldScope()]),
      ids(),
    );
    const write = changes.at(-1) as Extract<Change, { kind: 'writeEntitlements' }>;
    expect(write.write.appRoles.map((r) => [r.value, r.id])).toEqual([
      ['Portal.Admin', ADMIN_ID],
      ['Portal.Reader', 'new-1'],
    ]);
    expect(write.write.api.oauth2PermissionScopes.map((s) => s.id)).toEqual([READ_ID]);
  });

  it('renames a role pinned by id: disables it, then changes its value, keeping the id', () => {
    const changes = planEntitlements(
      desired(true, [{ ...ADMIN, id: ADMIN_ID, value: 'Portal.Owner' }]),
      observedWith([heldRole()], [heldScope()]),
      ids(),
    );
    expect(changes[0]).toMatchObject({
      kind: 'disableEntitlements',
      disabled: [{ what: 'app role', value: 'Portal.Admin', reason: 'change' }],
      write: { appRoles: [{ id: ADMIN_ID, value: 'Portal.Admin', isEnabled: false }] },
    });
    expect(changes[1]).toMatchObject({
      kind: 'writeEntitlements',
      write: { appRoles: [{ id: ADMIN_ID, value: 'Portal.Owner', isEnabled: true }] },
      rows: [{ action: 'change', detail: 'value Portal.Admin -> Portal.Owner' }],
    });
  });

  it('removes a pruned role that still has assignments only after them, at the end of the plan', () => {
    const observed = {
      ...observedWith([heldRole(), heldRole({ id: 'c0', value: 'Old.Role' })], [heldScope()]),
      appRoleAssignedTo: [
        { id: 'x', appRoleId: 'c0', principalId: 'group-1', resourceId: APP_SP_ID },
      ],
    };
    const plan = computePlan(desired(), observed, { now: NOW, verify: false, newId: ids() });
    const kinds = plan.changes.map((c) => c.kind);
    // Disabling alone is a change Graph accepts in place: the first write does it.
    expect(kinds.slice(0, 2)).toEqual(['writeEntitlements', 'writeEntitlements']);
    const last = plan.changes[1] as Extract<Change, { kind: 'writeEntitlements' }>;
    expect(last.afterAssignments).toBe(true);
    expect(last.write.appRoles.map((r) => r.value)).toEqual(['Portal.Admin']);
    const first = plan.changes[0] as Extract<Change, { kind: 'writeEntitlements' }>;
    expect(first.write.appRoles).toContainEqual(
      expect.objectContaining({ id: 'c0', isEnabled: false }),
    );
    expect(formatPlanText(plan)).toMatch(
      /- app role +"Old\.Role" +after its assignments are removed/,
    );
  });

  it('pre-authorizes clients by scope value and drops scopes that go away', () => {
    const state = desiredState({
      application: {
        api: {
          requestedAccessTokenVersion: null,
          oauth2PermissionScopes: [READ],
          preAuthorizedApplications: [{ appId: 'client-1', scopes: ['access_as_user'] }],
          knownClientApplications: ['client-1'],
        },
      },
    });
    const changes = planEntitlements(state, observedEmpty(), ids());
    expect(changes).toMatchObject([
      {
        kind: 'writeEntitlements',
        write: {
          api: {
            oauth2PermissionScopes: [{ id: 'new-1', value: 'access_as_user' }],
            preAuthorizedApplications: [{ appId: 'client-1', scopes: ['access_as_user'] }],
            knownClientApplications: ['client-1'],
          },
        },
      },
    ]);
  });
});

describe('identifier URIs naming the app’s own client ID', () => {
  const state = desiredState({
    application: { identifierUris: ['api://${{ app.clientId }}', 'https://contoso.example/api'] },
  });

  it('creates the app without them and adds them once its client ID is known', () => {
    const plan = computePlan(state, observedEmpty(), { now: NOW, verify: false });
    expect(plan.changes[0]).toMatchObject({
      kind: 'createApplication',
      application: { identifierUris: ['https://contoso.example/api'] },
    });
    expect(plan.changes[1]).toMatchObject({
      kind: 'updateApplication',
      patch: { identifierUris: ['api://${{ app.clientId }}', 'https://contoso.example/api'] },
    });
    expect(formatPlanText(plan)).toMatch(
      /application ID URIs +\+ api:\/\/\(known after create\)$/m,
    );
  });

  it('compares them with the existing app’s client ID filled in', () => {
    const matching = observedMatching(desiredState());
    const appId = matching.application!.appId;
    const observed = withApplication(matching, {
      identifierUris: [`api://${appId}`, 'https://contoso.example/api'],
    });
    const plan = computePlan(state, observed, { now: NOW, verify: false });
    expect(plan.changes.filter((c) => c.kind === 'updateApplication')).toEqual([]);
  });
});
