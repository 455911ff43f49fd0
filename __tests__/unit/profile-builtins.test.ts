import { describe, it, expect } from '@jest/globals';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ResourceServicePrincipal } from '../../src/model/graph-types.js';
import { FIRST_PARTY_RESOURCES, MANAGED_TAG } from '../../src/model/well-known.js';
import { loadProfile } from '../../src/profile/load-profile.js';
import {
  createProfileSource,
  findBuiltinProfilesDir,
  readProfile,
} from '../../src/profile/read-profile.js';
import { buildDesiredState } from '../../src/profile/resolve-permissions.js';

const GRAPH = FIRST_PARTY_RESOURCES['Microsoft Graph'];
const EXCHANGE = FIRST_PARTY_RESOURCES['Office 365 Exchange Online'];
const SHAREPOINT = FIRST_PARTY_RESOURCES['Office 365 SharePoint Online'];

// Real ids, checked against the published service principals (permission-catalog.json).
const PERMISSION_IDS: Array<
  [appId: string, kind: 'application' | 'delegated', value: string, id: string]
> = [
  [GRAPH, 'application', 'Directory.Read.All', '7ab1d382-f21e-4acd-a863-ba3e13f7da61'],
  [GRAPH, 'application', 'Directory.ReadWrite.All', '19dbc75e-c2e2-444c-a770-ec69d8559fc7'],
  [GRAPH, 'application', 'Device.ReadWrite.All', '1138cb37-bd11-4084-a2b7-9f71582aeddb'],
  [GRAPH, 'application', 'Group.Read.All', '5b567255-7703-4780-807c-7be8301ae99b'],
  [GRAPH, 'application', 'Group.ReadWrite.All', '62a82d76-70ea-41e2-9197-370581804d09'],
  [GRAPH, 'application', 'GroupMember.Read.All', '98830695-27a2-44f7-8c18-0c3ebc9698f6'],
  [GRAPH, 'application', 'Mail.ReadWrite', 'e2a3a72e-5f79-4c64-b1b1-878b674786c9'],
  [GRAPH, 'application', 'MailboxSettings.ReadWrite', '6931bccd-447a-43d1-b442-00a195474933'],
  [GRAPH, 'application', 'User.Read.All', 'df021288-bdef-4463-88db-98f22de89214'],
  [GRAPH, 'application', 'User.ReadWrite.All', '741f803b-c850-494e-b5df-cde7c675a1ca'],
  [GRAPH, 'delegated', 'User.Read', 'e1fe6dd8-ba31-4d61-89e7-88639da4683d'],
  [GRAPH, 'delegated', 'Mail.ReadWrite', '024d486e-b451-40bb-833d-3e66d98c5c73'],
  [EXCHANGE, 'application', 'full_access_as_app', 'dc890d15-9560-4a4c-9b7f-a736ec74ec40'],
  [SHAREPOINT, 'application', 'Sites.FullControl.All', '678536fe-1083-478a-9c59-b99265e6b0d3'],
  [SHAREPOINT, 'application', 'User.Read.All', 'df021288-bdef-4463-88db-98f22de89214'],
];

/** Returns the three first-party resource service principals with the permissions above. */
function firstPartyResources(): ResourceServicePrincipal[] {
  return Object.entries(FIRST_PARTY_RESOURCES).map(([displayName, appId], index) => ({
    id: `sp-${index}`,
    appId,
    displayName,
    appRoles: PERMISSION_IDS.filter(([id, kind]) => id === appId && kind === 'application').map(
      ([, , value, id]) => ({
        id,
        value,
        displayName: value,
        allowedMemberTypes: ['Application'],
        isEnabled: true,
      }),
    ),
    oauth2PermissionScopes: PERMISSION_IDS.filter(
      ([id, kind]) => id === appId && kind === 'delegated',
    ).map(([, , value, id]) => ({
      id,
      value,
      adminConsentDisplayName: value,
      type: 'Admin',
      isEnabled: true,
    })),
  }));
}

const OPTIONS = {
  rotate: 'auto',
  rotateDaysBeforeExpiry: 30,
  keep: 1,
  secretName: 'APP_SECRET',
  prune: true,
  adopt: false,
} as const;
const COMMAND_CENTER = { commandCenterUrl: 'https://commvault.contoso.example/adminconsole' };

const cases: Array<{
  name: string;
  vars?: Record<string, string>;
  audience: string;
  credential: string;
  permissions: Record<string, string[]>;
  instances?: number;
}> = [
  {
    name: 'codetwo-exchange-rules-siu',
    audience: 'AzureADMyOrg',
    credential: 'secret',
    permissions: { [`${EXCHANGE} application`]: ['full_access_as_app'] },
  },
  {
    name: 'codetwo-email-signatures-siu',
    audience: 'AzureADMyOrg',
    credential: 'secret',
    permissions: { [`${EXCHANGE} application`]: ['full_access_as_app'] },
  },
  {
    name: 'codetwo-backup-exchange',
    audience: 'AzureADMyOrg',
    credential: 'secret',
    permissions: {
      [`${GRAPH} application`]: [
        'Directory.Read.All',
        'Group.Read.All',
        'MailboxSettings.ReadWrite',
        'User.Read.All',
      ],
      [`${EXCHANGE} application`]: ['full_access_as_app'],
    },
  },
  {
    name: 'codetwo-backup-sharepoint',
    audience: 'AzureADMyOrg',
    credential: 'certificate',
    permissions: {
      [`${GRAPH} application`]: ['Directory.Read.All', 'Group.Read.All', 'User.Read.All'],
      [`${EXCHANGE} application`]: ['full_access_as_app'],
      [`${SHAREPOINT} application`]: ['Sites.FullControl.All', 'User.Read.All'],
    },
  },
  {
    name: 'codetwo-migration-source',
    audience: 'AzureADMyOrg',
    credential: 'secret',
    permissions: {
      [`${GRAPH} application`]: [
        'Directory.Read.All',
        'MailboxSettings.ReadWrite',
        'User.Read.All',
      ],
      [`${EXCHANGE} application`]: ['full_access_as_app'],
    },
  },
  {
    name: 'codetwo-migration-target',
    audience: 'AzureADMyOrg',
    credential: 'secret',
    permissions: {
      [`${GRAPH} application`]: [
        'Directory.Read.All',
        'MailboxSettings.ReadWrite',
        'User.Read.All',
      ],
      [`${EXCHANGE} application`]: ['full_access_as_app'],
    },
  },
  {
    name: 'codetwo-migration-target-create-mailboxes',
    audience: 'AzureADMyOrg',
    credential: 'secret',
    permissions: {
      [`${GRAPH} application`]: [
        'Device.ReadWrite.All',
        'Directory.Read.All',
        'Directory.ReadWrite.All',
        'MailboxSettings.ReadWrite',
        'User.Read.All',
        'User.ReadWrite.All',
      ],
      [`${EXCHANGE} application`]: ['full_access_as_app'],
    },
  },
  {
    name: 'commvault-exchange',
    vars: COMMAND_CENTER,
    audience: 'AzureADMyOrg',
    credential: 'secret',
    permissions: {
      [`${GRAPH} application`]: ['Directory.Read.All', 'Group.ReadWrite.All'],
      [`${EXCHANGE} application`]: ['full_access_as_app'],
    },
    instances: 5,
  },
  {
    name: 'docbits-email-import',
    audience: 'AzureADMultipleOrgs',
    credential: 'secret',
    permissions: { [`${GRAPH} delegated`]: ['Mail.ReadWrite', 'User.Read'] },
  },
  {
    name: 'docbits-email-import-personal',
    audience: 'AzureADandPersonalMicrosoftAccount',
    credential: 'secret',
    permissions: { [`${GRAPH} delegated`]: ['Mail.ReadWrite', 'User.Read'] },
  },
  {
    name: 'mail-gateway-smtp-oauth',
    audience: 'AzureADMyOrg',
    credential: 'secret',
    permissions: { [`${GRAPH} application`]: ['Mail.ReadWrite'] },
  },
  {
    name: 'mail-gateway-graph-delivery',
    audience: 'AzureADMyOrg',
    credential: 'secret',
    permissions: {
      [`${GRAPH} application`]: [
        'Group.Read.All',
        'GroupMember.Read.All',
        'Mail.ReadWrite',
        'User.Read.All',
      ],
    },
  },
];

const source = createProfileSource('/nonexistent-workspace');

describe('built-in profiles', () => {
  it('has a test case for every built-in profile', () => {
    expect(source.listBuiltins()).toEqual(cases.map((entry) => entry.name).sort());
  });

  it.each(cases)('$name loads and resolves to the permissions its manual lists', (entry) => {
    const spec = loadProfile(
      { profile: entry.name, vars: entry.vars ?? {}, workspace: '/nonexistent-workspace' },
      source,
    );
    const { desired, missingResources } = buildDesiredState(spec, firstPartyResources(), OPTIONS);

    expect(missingResources).toEqual([]);
    expect(desired.application.signInAudience).toBe(entry.audience);
    expect(desired.credential.type).toBe(entry.credential);
    expect(desired.application.tags).toContain(MANAGED_TAG);
    const actual: Record<string, string[]> = {};
    for (const permission of desired.permissions) {
      const expectedId = PERMISSION_IDS.find(
        ([appId, kind, value]) =>
          appId === permission.resourceAppId &&
          kind === permission.kind &&
          value === permission.value,
      )?.[3];
      expect(permission.id).toBe(expectedId);
      (actual[`${permission.resourceAppId} ${permission.kind}`] ??= []).push(permission.value);
    }
    expect(actual).toEqual(entry.permissions);
    expect(
      spec.instances === null ? 1 : 'mailboxes' in spec.instances ? 5 : spec.instances.count,
    ).toBe(entry.instances ?? 1);
  });

  it.each(cases)(
    '$name names its manual in a header comment and points editors at the schema',
    ({ name }) => {
      const text = readFileSync(resolve(findBuiltinProfilesDir() ?? '', `${name}.yaml`), 'utf8');
      expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=./schema.json');
      expect(text).toMatch(/^# .*(https:\/\/|No vendor manual)/m);
    },
  );

  it('rejects a client secret for codetwo-backup-sharepoint and says why', () => {
    const spec = loadProfile(
      { profile: 'codetwo-backup-sharepoint', vars: {}, workspace: '/w' },
      source,
    );
    expect(() =>
      buildDesiredState(spec, firstPartyResources(), { ...OPTIONS, credentialType: 'secret' }),
    ).toThrow(
      "Invalid input 'credential-type': 'secret' is not accepted: codetwo-backup-sharepoint accepts only a certificate: SharePoint Online app-only access does not accept client secrets.",
    );
  });

  it('puts the Command Center URL into the Commvault redirect URI and computes apps from mailboxes', () => {
    const spec = loadProfile(
      {
        profile: 'commvault-exchange',
        vars: { ...COMMAND_CENTER, mailboxes: '3501' },
        workspace: '/w',
      },
      source,
    );
    expect(spec.webRedirectUris).toEqual([COMMAND_CENTER.commandCenterUrl]);
    expect(spec.instances).toEqual({ mailboxes: 3501 });
  });

  it('reads a workspace profile that extends a built-in and expands its instances', () => {
    const workspace = mkdtempSync(join(tmpdir(), 'profile-'));
    writeFileSync(
      join(workspace, 'commvault.yml'),
      'extends: commvault-exchange\ndisplayName: Contoso Commvault\n',
    );
    const targets = readProfile(
      {
        profile: 'commvault.yml',
        app: 'uniqueName: contoso-commvault\n',
        vars: { ...COMMAND_CENTER, mailboxes: '2501' },
      },
      workspace,
    );
    expect(
      targets.map((target) => [target.suffix, target.spec.displayName, target.spec.uniqueName]),
    ).toEqual(
      ['01', '02', '03', '04', '05', '06'].map((suffix) => [
        suffix,
        `Contoso Commvault ${suffix}`,
        `contoso-commvault-${suffix}`,
      ]),
    );
    expect(targets[0].spec.source).toBe('commvault-exchange + commvault.yml + input app');
  });
});
