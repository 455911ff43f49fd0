import { describe, it, expect } from '@jest/globals';
import type { DesiredState } from '../../src/model/desired.js';
import type { ObservedState } from '../../src/model/observed.js';
import { MANAGED_TAG } from '../../src/model/well-known.js';
import type { Change, ChangeKind } from '../../src/plan/changes.js';
import { type PlanOptions, computePlan, needsReplan } from '../../src/plan/compute-plan.js';
import {
  APP_SP_ID,
  NOW,
  desiredState,
  exchange,
  githubFederatedCredential,
  graph,
  observedEmpty,
  observedMatching,
  permission,
  toRequiredResourceAccess,
  withApplication,
} from './fixtures/plan/states.js';

interface Case {
  name: string;
  desired: DesiredState;
  observed: ObservedState;
  options?: Pick<PlanOptions, 'missingResources'>;
  /** Each change, in order, matched as a subset. */
  expected: Array<Partial<Change> & { kind: ChangeKind }>;
}

const base = desiredState();
const matching = observedMatching(base);
const app = matching.application!;

const withApp = (edit: Parameters<typeof withApplication>[1]): ObservedState =>
  withApplication(matching, edit);

const applicationCases: Case[] = [
  {
    name: 'creates the app, its service principal, consent and a first secret, in that order',
    desired: base,
    observed: observedEmpty(),
    expected: [
      { kind: 'createApplication', application: base.application },
      { kind: 'addPermission', permission: permission('User.Read.All') },
      { kind: 'addPermission', permission: permission('Mail.Send') },
      { kind: 'addPermission', permission: permission('User.Read', 'delegated') },
      { kind: 'createServicePrincipal' },
      { kind: 'grantAppRole', permission: permission('User.Read.All') },
      { kind: 'grantAppRole', permission: permission('Mail.Send') },
      { kind: 'createDelegatedGrant', resourceAppId: graph.appId, scopes: ['User.Read'] },
      { kind: 'addCredential', type: 'secret', reason: 'none-yet' },
      { kind: 'storeSecret', secretName: 'CODETWO_CLIENT_SECRET' },
      { kind: 'verifyCredential' },
    ],
  },
  {
    name: 'plans nothing when the tenant matches the profile',
    desired: base,
    observed: matching,
    expected: [],
  },
  {
    name: 'ignores order-only differences in redirect URIs, tags and requiredResourceAccess',
    desired: desiredState({ application: { tags: [MANAGED_TAG, 'backup'] } }),
    observed: withApp({
      tags: ['backup', MANAGED_TAG],
      web: { redirectUris: [...app.web.redirectUris].reverse() },
      requiredResourceAccess: [
        {
          resourceAppId: graph.appId,
          resourceAccess: [...app.requiredResourceAccess[0].resourceAccess].reverse(),
        },
      ],
    }),
    expected: [],
  },
  {
    name: 'patches only the differing properties, sending a whole collection when part of it differs',
    desired: base,
    observed: withApp({
      description: 'edited by hand',
      web: { redirectUris: ['https://backup.example.com/signin', 'https://old.example.com'] },
    }),
    expected: [
      {
        kind: 'updateApplication',
        patch: { description: base.application.description, web: base.application.web },
        diffs: [
          { property: 'description', from: 'edited by hand', to: base.application.description },
          {
            property: 'web.redirectUris',
            from: ['https://backup.example.com/signin', 'https://old.example.com'],
            to: base.application.web.redirectUris,
          },
        ],
      },
    ],
  },
  {
    name: 'treats an empty description as the unset one Graph returns',
    desired: desiredState({ application: { description: '', isFallbackPublicClient: false } }),
    observed: withApp({ description: null, isFallbackPublicClient: null }),
    expected: [],
  },
  {
    name: 'removes a permission added by hand and revokes its consent when prune is on',
    desired: base,
    observed: {
      ...withApp({
        requiredResourceAccess: toRequiredResourceAccess([
          ...base.permissions,
          permission('Directory.ReadWrite.All'),
        ]),
      }),
      appRoleAssignments: [
        ...matching.appRoleAssignments,
        {
          id: 'by-hand',
          appRoleId: permission('Directory.ReadWrite.All').id,
          principalId: APP_SP_ID,
          resourceId: graph.id,
        },
      ],
    },
    expected: [
      {
        kind: 'updateApplication',
        patch: { requiredResourceAccess: base.application.requiredResourceAccess },
      },
      { kind: 'removePermission', permission: permission('Directory.ReadWrite.All') },
      {
        kind: 'revokeAppRole',
        assignmentId: 'by-hand',
        permission: permission('Directory.ReadWrite.All'),
        resourceAppId: graph.appId,
      },
    ],
  },
  {
    name: 'keeps what was added by hand when prune is off, and still adds what the profile asks for',
    desired: desiredState({ prune: false, application: { tags: [MANAGED_TAG, 'backup'] } }),
    observed: {
      ...withApp({
        tags: [MANAGED_TAG, 'by-hand'],
        requiredResourceAccess: toRequiredResourceAccess([
          ...base.permissions,
          permission('Mail.Read'),
        ]),
      }),
      appRoleAssignments: [
        ...matching.appRoleAssignments,
        {
          id: 'by-hand',
          appRoleId: permission('Mail.Read').id,
          principalId: APP_SP_ID,
          resourceId: graph.id,
        },
      ],
    },
    expected: [
      {
        kind: 'updateApplication',
        patch: { tags: [MANAGED_TAG, 'backup', 'by-hand'] },
        diffs: [
          {
            property: 'tags',
            from: [MANAGED_TAG, 'by-hand'],
            to: [MANAGED_TAG, 'backup', 'by-hand'],
          },
        ],
      },
    ],
  },
  {
    name: 'creates the service principal of an existing app that has none, then consents',
    desired: base,
    observed: { ...matching, servicePrincipal: null, appRoleAssignments: [], delegatedGrants: [] },
    expected: [
      { kind: 'createServicePrincipal' },
      { kind: 'grantAppRole', permission: permission('User.Read.All') },
      { kind: 'grantAppRole', permission: permission('Mail.Send') },
      { kind: 'createDelegatedGrant', scopes: ['User.Read'] },
    ],
  },
  {
    name: 'creates missing resource service principals before anything else',
    desired: base,
    observed: matching,
    options: { missingResources: [{ appId: exchange.appId, displayName: exchange.displayName }] },
    expected: [
      {
        kind: 'createResourceServicePrincipal',
        appId: exchange.appId,
        displayName: exchange.displayName,
      },
    ],
  },
];

const fic = githubFederatedCredential('main');
const federatedCases: Case[] = [
  {
    name: 'adds, updates and removes federated credentials by name',
    desired: desiredState({
      federatedIdentityCredentials: [
        fic,
        githubFederatedCredential('prod', 'repo:contoso/backup:environment:prod'),
      ],
    }),
    observed: {
      ...matching,
      federatedIdentityCredentials: [
        {
          ...githubFederatedCredential('prod', 'repo:contoso/backup:environment:production'),
          id: 'fic-prod',
        },
        { ...githubFederatedCredential('old'), id: 'fic-old' },
      ],
    },
    expected: [
      { kind: 'addFederatedCredential', credential: fic },
      {
        kind: 'updateFederatedCredential',
        id: 'fic-prod',
        credential: githubFederatedCredential('prod', 'repo:contoso/backup:environment:prod'),
      },
      { kind: 'removeFederatedCredential', id: 'fic-old', name: 'old' },
    ],
  },
  {
    name: 'keeps federated credentials the profile does not name when prune is off',
    desired: desiredState({ prune: false, federatedIdentityCredentials: [fic] }),
    observed: {
      ...matching,
      federatedIdentityCredentials: [
        { ...fic, id: 'fic-main' },
        { ...githubFederatedCredential('old'), id: 'fic-old' },
      ],
    },
    expected: [],
  },
  {
    name: 'ignores audience order and an unset description',
    desired: desiredState({
      federatedIdentityCredentials: [{ ...fic, audiences: ['a', 'b'], description: '' }],
    }),
    observed: {
      ...matching,
      federatedIdentityCredentials: [
        { ...fic, audiences: ['b', 'a'], description: null, id: 'fic-main' },
      ],
    },
    expected: [],
  },
];

describe('computePlan', () => {
  it.each([...applicationCases, ...federatedCases])(
    '$name',
    ({ desired, observed, options, expected }) => {
      const plan = computePlan(desired, observed, { now: NOW, verify: true, ...options });
      expect(plan.changes).toMatchObject(expected);
    },
  );

  it('leaves out the verification step when verify is off', () => {
    const plan = computePlan(base, observedEmpty(), { now: NOW, verify: false });
    expect(plan.changes.map((c) => c.kind)).not.toContain('verifyCredential');
    expect(plan.changes.at(-1)).toEqual({
      kind: 'storeSecret',
      secretName: 'CODETWO_CLIENT_SECRET',
    });
  });

  it('names the app and says whether it is new', () => {
    expect(computePlan(base, observedEmpty(), { now: NOW, verify: true })).toMatchObject({
      target: 'codetwo-backup',
      displayName: 'CodeTwo Backup',
      isNew: true,
    });
    expect(computePlan(base, matching, { now: NOW, verify: true }).isNew).toBe(false);
  });

  it('names the permissions it cannot plan yet on a resource the tenant lacks', () => {
    const missingResources = [
      {
        appId: exchange.appId,
        displayName: exchange.displayName,
        permissions: ['full_access_as_app (application)'],
      },
    ];
    const plan = computePlan(base, matching, { now: NOW, verify: true, missingResources });
    expect(plan.notices).toContainEqual({
      level: 'notice',
      message: `${exchange.displayName} has no service principal in this tenant yet: apply creates it first, then adds and grants full_access_as_app (application).`,
    });
  });

  it('asks the caller to re-plan after creating a resource service principal', () => {
    const plan = computePlan(base, matching, {
      now: NOW,
      verify: true,
      missingResources: [{ appId: exchange.appId, displayName: exchange.displayName }],
    });
    expect(needsReplan(plan)).toBe(true);
    expect(needsReplan(computePlan(base, matching, { now: NOW, verify: true }))).toBe(false);
  });
});
