// Where a profile comes from (built-in, workspace file, inline app merged over either, extends,
// vars, JSON) and how it names resources (display name or appId); and that differences of order
// alone in the tenant are not changes.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { beforeEach, describe, expect, it } from '@jest/globals';
import { runAction } from '@register-entra-app/local-cloud/runner';
import { resetTenant, viewApp, useLocalCloud } from '@register-entra-app/local-cloud/testing';
import { EXCHANGE, GRAPH, ROLE, SCOPE } from './profile-expectations.js';

const handle = useLocalCloud();
beforeEach(() => resetTenant(handle.cloud));

function workspaceWith(files: Record<string, string>): string {
  const workspace = mkdtempSync(join(tmpdir(), 'rea-sources-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(workspace, path)), { recursive: true });
    writeFileSync(join(workspace, path), text);
  }
  return workspace;
}

interface SourceCase {
  name: string;
  inputs: Record<string, string>;
  files?: Record<string, string>;
  uniqueName: string;
  displayName: string;
  requiredResourceAccess: string[];
  webRedirectUris?: string[];
}

const SOURCES: SourceCase[] = [
  {
    name: 'an inline app merged over a built-in profile',
    inputs: {
      profile: 'mail-gateway-smtp-oauth',
      app: 'displayName: Mail gateway EU\nuniqueName: mail-gateway-eu\ncredential:\n  type: none\n',
    },
    uniqueName: 'mail-gateway-eu',
    displayName: 'Mail gateway EU',
    requiredResourceAccess: [`${GRAPH} Role ${ROLE.graph['Mail.ReadWrite']}`],
  },
  {
    name: 'a workspace file that extends a built-in profile and fills its variable',
    files: {
      '.github/entra/commvault.yaml':
        '# yaml-language-server: $schema=../../profiles/schema.json\nextends: commvault-exchange\ndisplayName: Commvault EXO\nuniqueName: commvault-exo\ninstances: 1\ncredential:\n  type: none\n',
    },
    inputs: {
      profile: '.github/entra/commvault.yaml',
      vars: 'commandCenterUrl=https://cv.contoso.example/adminconsole',
    },
    uniqueName: 'commvault-exo',
    displayName: 'Commvault EXO',
    requiredResourceAccess: [
      `${EXCHANGE} Role ${ROLE.exchange.full_access_as_app}`,
      `${GRAPH} Role ${ROLE.graph['Directory.Read.All']}`,
      `${GRAPH} Role ${ROLE.graph['Group.ReadWrite.All']}`,
    ],
    webRedirectUris: ['https://cv.contoso.example/adminconsole'],
  },
  {
    name: 'a JSON file naming resources by appId',
    files: {
      'entra/app.json': JSON.stringify({
        displayName: 'Archive by appId',
        permissions: [
          { resource: GRAPH, application: ['User.Read.All'], delegated: ['User.Read'] },
          { resource: EXCHANGE.toUpperCase(), application: ['full_access_as_app'] },
        ],
        credential: { type: 'none' },
      }),
    },
    inputs: { profile: 'entra/app.json' },
    uniqueName: 'archive-by-appid',
    displayName: 'Archive by appId',
    requiredResourceAccess: [
      `${EXCHANGE} Role ${ROLE.exchange.full_access_as_app}`,
      `${GRAPH} Role ${ROLE.graph['User.Read.All']}`,
      `${GRAPH} Scope ${SCOPE.graph['User.Read']}`,
    ],
  },
];

describe('a profile', () => {
  it.each(SOURCES)(
    'from $name registers the app it describes, and a second run changes nothing',
    async (source) => {
      const { cloud } = handle;
      const workspace = workspaceWith(source.files ?? {});
      const result = await runAction(cloud, source.inputs, { workspace });
      expect(result.stdout).not.toContain('::error');
      expect(result.code).toBe(0);
      const view = viewApp(cloud, source.uniqueName);
      expect(view.app.displayName).toBe(source.displayName);
      expect(view.requiredResourceAccess).toEqual([...source.requiredResourceAccess].sort());
      expect(view.assignments).toEqual(
        source.requiredResourceAccess
          .filter((k) => k.includes(' Role '))
          .map((k) => k.replace(' Role ', ' '))
          .sort(),
      );
      expect(view.app.web.redirectUris).toEqual(source.webRedirectUris ?? []);
      cloud.log.clear();
      const again = await runAction(cloud, source.inputs, { workspace });
      expect(again.code).toBe(0);
      expect(cloud.log.writes('graph')).toEqual([]);
    },
  );
});

describe('differences of order alone', () => {
  it('are not changes: reordered permissions, redirect URIs, tags and scopes send no write', async () => {
    const { cloud } = handle;
    const app = `displayName: Ordered App
web:
  redirectUris: [https://a.contoso.example/auth, https://b.contoso.example/auth]
tags: [team-mail, tier-1]
permissions:
  - resource: Microsoft Graph
    application: [User.Read.All, Group.Read.All]
    delegated: [User.Read, Mail.ReadWrite]
  - resource: Office 365 Exchange Online
    application: [full_access_as_app]
credential:
  type: none
`;
    const first = await runAction(cloud, { app });
    expect(first.code).toBe(0);
    const view = viewApp(cloud, 'ordered-app');
    view.app.requiredResourceAccess.reverse();
    for (const entry of view.app.requiredResourceAccess) entry.resourceAccess.reverse();
    view.app.web.redirectUris.reverse();
    view.app.tags.reverse();
    const grant = [...cloud.tenant.permissionGrants.values()].find(
      (g) => g.clientId === view.servicePrincipal?.id,
    );
    grant!.scope = ` ${grant!.scope.split(' ').reverse().join('  ')} `;
    cloud.log.clear();
    const result = await runAction(cloud, { app });
    expect(result.code).toBe(0);
    expect(cloud.log.writes('graph')).toEqual([]);
    expect(result.outputs.changed).toBe('false');
    expect(result.stdout).toContain('No changes. The app registration matches the profile.');
  });
});
