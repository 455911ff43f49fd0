import { describe, it, expect } from '@jest/globals';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { DesiredState } from '../../src/model/desired.js';
import type { ObservedState } from '../../src/model/observed.js';
import type { Plan } from '../../src/plan/changes.js';
import { computePlan } from '../../src/plan/compute-plan.js';
import {
  NO_CHANGES,
  countChanges,
  formatPlanMarkdown,
  formatPlanText,
  toPlanJson,
} from '../../src/plan/format-plan.js';
import {
  APP_SP_ID,
  NOW,
  desiredState,
  exchange,
  graph,
  observedEmpty,
  observedMatching,
  permission,
  secretCredential,
  toRequiredResourceAccess,
} from './fixtures/plan/states.js';

/** Compares with __tests__/unit/fixtures/plan/<name>; UPDATE_GOLDEN=1 rewrites the file. */
function expectGolden(name: string, actual: string): void {
  const file = new URL(`./fixtures/plan/${name}`, import.meta.url);
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(file, `${actual}\n`);
  if (!existsSync(file))
    throw new Error(`golden file ${name} is missing: run with UPDATE_GOLDEN=1`);
  expect(actual).toBe(readFileSync(file, 'utf8').replace(/\n$/, ''));
}

const base = desiredState();

/** The tenant after someone edited the app by hand: a permission added and consented, Mail.Send consent revoked, a redirect URI edited. */
function drifted(desired: DesiredState): ObservedState {
  const matching = observedMatching(desired);
  const app = matching.application!;
  return {
    ...matching,
    application: {
      ...app,
      web: {
        redirectUris: [
          'https://backup.example.com/signin',
          'https://backup.example.com/consent-old',
        ],
      },
      requiredResourceAccess: toRequiredResourceAccess([
        ...desired.permissions,
        permission('Directory.ReadWrite.All'),
      ]),
    },
    appRoleAssignments: [
      ...matching.appRoleAssignments.filter((a) => a.id !== 'assignment-Mail.Send'),
      {
        id: 'by-hand',
        appRoleId: permission('Directory.ReadWrite.All').id,
        principalId: APP_SP_ID,
        resourceId: graph.id,
      },
    ],
  };
}

const plan = (desired: DesiredState, observed: ObservedState): Plan =>
  computePlan(desired, observed, { now: NOW, verify: true });
const withExchange = desiredState({
  permissions: [
    permission('User.Read.All'),
    permission('Mail.Send'),
    permission('full_access_as_app', 'application', exchange),
    permission('User.Read', 'delegated'),
  ],
});
const freshPlan = plan(withExchange, observedEmpty());
const convergedPlan = plan(base, observedMatching(base));
const driftPlan = plan(base, drifted(base));
const prunelessPlan = plan(desiredState({ prune: false }), drifted(base));
const rotation = observedMatching(base);
const rotationPlan = plan(base, {
  ...rotation,
  application: {
    ...rotation.application!,
    passwordCredentials: [
      secretCredential('key-older', 170, 200),
      secretCredential('key-newest', 160),
      secretCredential('portal', 175, 180, 'Created in the portal'),
    ],
  },
});

/** One change of every kind not covered by the computed plans above, for the rows' wording. */
const everyKindPlan: Plan = {
  target: 'codetwo-backup',
  displayName: 'CodeTwo Backup',
  isNew: false,
  notices: [],
  changes: [
    {
      kind: 'createResourceServicePrincipal',
      appId: exchange.appId,
      displayName: exchange.displayName,
    },
    {
      kind: 'adoptApplication',
      id: 'app-1',
      appId: 'appid-1',
      displayName: 'CodeTwo Backup',
      uniqueName: 'codetwo-backup',
    },
    {
      kind: 'updateApplication',
      patch: {},
      diffs: [
        { property: 'uniqueName', from: null, to: 'codetwo-backup' },
        { property: 'displayName', from: 'CodeTwo', to: 'CodeTwo Backup' },
        { property: 'signInAudience', from: 'AzureADMultipleOrgs', to: 'AzureADMyOrg' },
        { property: 'isFallbackPublicClient', from: true, to: null },
        { property: 'tags', from: ['HideApp'], to: ['register-entra-app:managed'] },
        { property: 'publicClient.redirectUris', from: [], to: ['http://localhost'] },
        { property: 'requiredResourceAccess', from: [], to: [] },
      ],
    },
    {
      kind: 'addFederatedCredential',
      credential: {
        name: 'main',
        issuer: 'https://token.actions.githubusercontent.com',
        subject: 'repo:contoso/backup:ref:refs/heads/main',
        audiences: ['api://AzureADTokenExchange'],
      },
    },
    {
      kind: 'updateFederatedCredential',
      id: 'fic-prod',
      from: {
        name: 'prod',
        issuer: 'https://token.actions.githubusercontent.com',
        subject: 'repo:contoso/backup:environment:production',
        audiences: ['api://AzureADTokenExchange'],
      },
      credential: {
        name: 'prod',
        issuer: 'https://token.actions.githubusercontent.com',
        subject: 'repo:contoso/backup:environment:prod',
        audiences: ['api://AzureADTokenExchange'],
        description: 'deploys',
      },
    },
    { kind: 'removeFederatedCredential', id: 'fic-old', name: 'old' },
    {
      kind: 'revokeAppRole',
      assignmentId: 'a',
      permission: null,
      appRoleId: 'role-gone',
      resourceId: 'sp-gone',
      resourceAppId: null,
      resourceDisplayName: null,
    },
    {
      kind: 'updateDelegatedGrant',
      grantId: 'g',
      resourceAppId: graph.appId,
      resourceDisplayName: graph.displayName,
      from: ['openid', 'Mail.Read'],
      to: ['openid', 'profile'],
    },
    {
      kind: 'deleteDelegatedGrant',
      grantId: 'h',
      resourceId: exchange.id,
      resourceAppId: exchange.appId,
      resourceDisplayName: exchange.displayName,
      scopes: ['EWS.AccessAsUser.All'],
    },
    {
      kind: 'addCredential',
      type: 'certificate',
      displayName: 'register-entra-app CODETWO_CERT 2026-11-22',
      endDateTime: '2027-05-21T09:00:00.000Z',
      reason: 'secret-stale',
    },
    { kind: 'storeSecret', secretName: 'CODETWO_CERT' },
    { kind: 'verifyCredential' },
    {
      kind: 'removeCredential',
      type: 'secret',
      keyId: 'k',
      displayName: 'register-entra-app CODETWO_CERT 2026-01-02',
      reason: 'superseded',
    },
  ],
};

describe('formatPlanText', () => {
  it.each([
    {
      name: 'shows a new app with its permissions, consent and secret',
      file: 'fresh.txt',
      subject: freshPlan,
    },
    {
      name: 'says nothing changes when the app matches the profile',
      file: 'converged.txt',
      subject: convergedPlan,
    },
    {
      name: 'shows drift: a permission added by hand, revoked consent and an edited redirect URI',
      file: 'drift.txt',
      subject: driftPlan,
    },
    {
      name: 'shows only additions when prune is off',
      file: 'drift-prune-off.txt',
      subject: prunelessPlan,
    },
    {
      name: 'shows a rotation: new secret, delivery, verification, then removal of the superseded one',
      file: 'rotation.txt',
      subject: rotationPlan,
    },
    {
      name: 'words every other kind of change, naming unknown resources by id',
      file: 'every-kind.txt',
      subject: everyKindPlan,
    },
  ])('$name', ({ file, subject }) => {
    expectGolden(file, formatPlanText(subject));
  });

  it('prints exactly the no-changes sentence under the header of a converged plan', () => {
    expect(formatPlanText(convergedPlan).split('\n')).toEqual([
      'Plan for "CodeTwo Backup" (existing): 0 to add, 0 to change, 0 to remove',
      NO_CHANGES,
    ]);
  });
});

describe('formatPlanMarkdown', () => {
  it('lists privilege increases before the changes, per app', () => {
    expectGolden(
      'summary.md',
      formatPlanMarkdown([freshPlan, driftPlan, convergedPlan, rotationPlan]),
    );
    const markdown = formatPlanMarkdown([freshPlan]);
    expect(markdown.indexOf('**Privilege increases**')).toBeLessThan(markdown.indexOf('```diff'));
  });

  it('has no privilege section when nothing gains access', () => {
    expect(formatPlanMarkdown([convergedPlan])).not.toContain('Privilege increases');
  });
});

describe('countChanges', () => {
  it.each([
    {
      name: 'counts every row of a new app as an addition',
      subject: freshPlan,
      expected: { add: 12, change: 0, remove: 0 },
    },
    {
      name: 'counts nothing for a converged app',
      subject: convergedPlan,
      expected: { add: 0, change: 0, remove: 0 },
    },
    {
      name: 'counts drift as additions, property changes and removals',
      subject: driftPlan,
      expected: { add: 1, change: 1, remove: 2 },
    },
  ])('$name', ({ subject, expected }) => {
    expect(countChanges(subject)).toEqual(expected);
  });
});

describe('toPlanJson', () => {
  it('gives the same JSON whatever the key order of the changes', () => {
    const reordered: Plan = {
      ...driftPlan,
      changes: driftPlan.changes.map(
        (c) => Object.fromEntries(Object.entries(c).reverse()) as typeof c,
      ),
    };
    expect(JSON.stringify(toPlanJson(reordered))).toBe(JSON.stringify(toPlanJson(driftPlan)));
  });

  it('holds kinds, names, ids and counts', () => {
    const json = toPlanJson(driftPlan) as {
      target: string;
      summary: unknown;
      changes: Array<{ kind: string }>;
    };
    expect(json.target).toBe('codetwo-backup');
    expect(json.summary).toEqual(countChanges(driftPlan));
    expect(json.changes.map((c) => c.kind)).toEqual(driftPlan.changes.map((c) => c.kind));
    expect(Object.keys(json)).toEqual([
      'changes',
      'displayName',
      'isNew',
      'notices',
      'summary',
      'target',
    ]);
  });
});
