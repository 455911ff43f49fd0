// Out-of-band changes to what a profile registered: each shows in the plan (log text and `plan`
// output) without a write, and apply undoes it. Also the inline profile of issue 3 as written.
import { beforeAll, describe, expect, it } from '@jest/globals';
import type { LocalCloud } from '@register-entra-app/local-cloud';
import { runAction } from '@register-entra-app/local-cloud/runner';
import {
  grantAppRoleByHand,
  resetTenant,
  revokeAppRoleByHand,
  viewApp,
  useLocalCloud,
} from '@register-entra-app/local-cloud/testing';
import { EXCHANGE, GRAPH, ROLE } from './profile-expectations.js';
import { contoso, docbits, expectMatchesProfile, grantOf, type Target } from './profile-targets.js';

const handle = useLocalCloud();

const MAIL_READ_WRITE_ROLE = ROLE.graph['Mail.ReadWrite'];

interface DriftCase {
  name: string;
  target: Target;
  /** The out-of-band change, made directly in the tenant. */
  edit: (cloud: LocalCloud) => void;
  /** Rows the plan must print (matched against one log line each). */
  rows: RegExp[];
  /** Change kinds the `plan` output must hold. */
  kinds: string[];
}

const DRIFT: DriftCase[] = [
  {
    name: 'a permission added by hand to requiredResourceAccess',
    target: contoso,
    edit: (cloud) => {
      const { app } = viewApp(cloud, contoso.uniqueName);
      app.requiredResourceAccess
        .find((r) => r.resourceAppId === GRAPH)!
        .resourceAccess.push({ id: MAIL_READ_WRITE_ROLE, type: 'Role' });
    },
    rows: [/^ {2}- permission +Microsoft Graph +Mail\.ReadWrite \(application\)$/],
    kinds: ['updateApplication', 'removePermission'],
  },
  {
    name: 'consent revoked by deleting an app role assignment',
    target: contoso,
    edit: (cloud) =>
      revokeAppRoleByHand(cloud, contoso.uniqueName, EXCHANGE, ROLE.exchange.full_access_as_app),
    rows: [/^ {2}\+ consent +Office 365 Exchange Online +full_access_as_app$/],
    kinds: ['grantAppRole'],
  },
  {
    name: 'an extra app role assignment granted by hand',
    target: contoso,
    edit: (cloud) => grantAppRoleByHand(cloud, contoso.uniqueName, GRAPH, MAIL_READ_WRITE_ROLE),
    rows: [/^ {2}- consent +Microsoft Graph +Mail\.ReadWrite$/],
    kinds: ['revokeAppRole'],
  },
  {
    name: 'a redirect URI edited by hand',
    target: contoso,
    edit: (cloud) => {
      viewApp(cloud, contoso.uniqueName).app.web.redirectUris = [
        'https://archive.contoso.example/auth-edited',
      ];
    },
    rows: [
      /^ {2}~ redirect URIs +- https:\/\/archive\.contoso\.example\/auth-edited {2}\+ https:\/\/archive\.contoso\.example\/auth$/,
    ],
    kinds: ['updateApplication'],
  },
  {
    name: 'the sign-in audience changed by hand',
    target: contoso,
    edit: (cloud) => {
      viewApp(cloud, contoso.uniqueName).app.signInAudience = 'AzureADMultipleOrgs';
    },
    rows: [/^ {2}~ audience +multitenant -> single tenant$/],
    kinds: ['updateApplication'],
  },
  {
    name: 'a delegated scope removed from the grant',
    target: docbits,
    edit: (cloud) => {
      grantOf(cloud, docbits.uniqueName).scope = 'User.Read';
    },
    rows: [/^ {2}~ consent +Microsoft Graph +\+ Mail\.ReadWrite \(delegated\)$/],
    kinds: ['updateDelegatedGrant'],
  },
  {
    name: 'a delegated scope added to the grant by hand',
    target: docbits,
    edit: (cloud) => {
      grantOf(cloud, docbits.uniqueName).scope = 'User.Read Mail.ReadWrite Mail.Send';
    },
    rows: [/^ {2}~ consent +Microsoft Graph +- Mail\.Send \(delegated\)$/],
    kinds: ['updateDelegatedGrant'],
  },
  {
    name: 'the delegated grant deleted',
    target: docbits,
    edit: (cloud) => {
      cloud.tenant.permissionGrants.delete(grantOf(cloud, docbits.uniqueName).id);
    },
    rows: [
      /^ {2}\+ consent +Microsoft Graph +(User\.Read Mail\.ReadWrite|Mail\.ReadWrite User\.Read) \(delegated\)$/,
    ],
    kinds: ['createDelegatedGrant'],
  },
  {
    name: 'the access token version of a personal-account app set back to 1',
    target: {
      ...docbits,
      inputs: { ...docbits.inputs, profile: 'docbits-email-import-personal' },
      uniqueName: 'docbits-email-import-personal',
    },
    edit: (cloud) => {
      viewApp(cloud, 'docbits-email-import-personal').app.api = { requestedAccessTokenVersion: 1 };
    },
    rows: [/^ {2}~ access token version +1 -> 2$/],
    kinds: ['updateApplication'],
  },
];

function planKinds(output: string | undefined): string[] {
  const plan = JSON.parse(output ?? '') as { changes: Array<{ kind: string }> };
  return plan.changes.map((c) => c.kind);
}

function logLines(stdout: string): string[] {
  return stdout.split(/\r?\n/);
}

describe('the inline profile from the issue', () => {
  beforeAll(() => resetTenant(handle.cloud));

  it('outputs the plan as JSON: the app, the counts of the log header, and typed changes in run order', async () => {
    const { cloud } = handle;
    const result = await runAction(cloud, { ...contoso.inputs, mode: 'plan' });
    const plan = JSON.parse(result.outputs.plan ?? '') as Record<string, unknown>;
    expect(Object.keys(plan).sort()).toEqual([
      'changes',
      'displayName',
      'isNew',
      'notices',
      'summary',
      'target',
    ]);
    expect(plan).toMatchObject({
      target: 'contoso-mail-archive',
      displayName: 'Contoso Mail Archive',
      isNew: true,
      notices: [],
    });
    const header =
      /Plan for "Contoso Mail Archive" \(new\): (\d+) to add, (\d+) to change, (\d+) to remove/.exec(
        result.stdout,
      );
    expect(plan.summary).toEqual({
      add: Number(header?.[1]),
      change: Number(header?.[2]),
      remove: Number(header?.[3]),
    });
    const changes = plan.changes as Array<Record<string, any>>;
    expect(changes.map((c) => c.kind)).toEqual([
      'createApplication',
      'addPermission',
      'addPermission',
      'addPermission',
      'addPermission',
      'createServicePrincipal',
      'grantAppRole',
      'grantAppRole',
      'grantAppRole',
      'createDelegatedGrant',
    ]);
    expect(changes[0]?.application).toMatchObject({
      uniqueName: 'contoso-mail-archive',
      signInAudience: 'AzureADMyOrg',
      web: { redirectUris: ['https://archive.contoso.example/auth'] },
    });
    const granted = changes
      .filter((c) => c.kind === 'grantAppRole')
      .map((c) => `${c.permission.resourceAppId} ${c.permission.id} ${c.permission.value}`);
    expect(granted.sort()).toEqual(
      [
        `${EXCHANGE} ${ROLE.exchange.full_access_as_app} full_access_as_app`,
        `${GRAPH} ${ROLE.graph['Group.Read.All']} Group.Read.All`,
        `${GRAPH} ${ROLE.graph['User.Read.All']} User.Read.All`,
      ].sort(),
    );
    expect(changes.at(-1)).toEqual({
      kind: 'createDelegatedGrant',
      resourceAppId: GRAPH,
      resourceDisplayName: 'Microsoft Graph',
      scopes: ['User.Read'],
    });
    expect(cloud.log.writes('graph')).toEqual([]);
  });

  it('registers the app with its permissions, admin consent and redirect URI, exactly as written', async () => {
    const { cloud } = handle;
    const result = await runAction(cloud, contoso.inputs);
    expect(result.code).toBe(0);
    expectMatchesProfile(cloud, contoso);
    const { app } = viewApp(cloud, contoso.uniqueName);
    expect(app).toMatchObject({
      displayName: 'Contoso Mail Archive',
      signInAudience: 'AzureADMyOrg',
    });
    expect(app.tags).toContain('register-entra-app:managed');
    expect(result.stdout).toMatch(
      /Plan for "Contoso Mail Archive" \(new\): \d+ to add, 0 to change, 0 to remove/,
    );
    expect(result.stdout).toMatch(/\+ consent +Office 365 Exchange Online +full_access_as_app/);
    expect(result.summary).toContain('**Privilege increases**');
    expect(result.summary).toContain(
      '- **high**: Office 365 Exchange Online `full_access_as_app` (application)',
    );
    // Nothing outside the named app: writes address it, its service principal, or consent for it.
    const sp = viewApp(cloud, contoso.uniqueName).servicePrincipal!;
    const resources = [GRAPH, EXCHANGE].map(
      (appId) => cloud.tenant.servicePrincipalByAppId(appId)!.id,
    );
    const allowed = [
      /^PATCH \/applications\(uniqueName='contoso-mail-archive'\)$/,
      new RegExp(`^(PATCH|POST) /applications/${app.id}(/|$)`),
      /^POST \/servicePrincipals$/,
      new RegExp(`^POST /servicePrincipals/(${resources.join('|')})/appRoleAssignedTo$`),
      /^POST \/oauth2PermissionGrants$/,
    ];
    // $batch items name paths without the version segment; direct requests carry it.
    const writes = cloud.log
      .writes('graph')
      .map((w) => `${w.method} ${decodeURIComponent(w.path).replace(/^\/v1\.0\//, '/')}`);
    expect(writes.filter((w) => !allowed.some((pattern) => pattern.test(w)))).toEqual([]);
    expect(cloud.tenant.servicePrincipals.get(sp.id)?.appId).toBe(app.appId);
    expect(
      [...cloud.tenant.applications.values()].map((a) => a.uniqueName ?? a.displayName).sort(),
    ).toEqual(['contoso-mail-archive', 'register-entra-app deployer']);
  });

  it('changes nothing on a second run', async () => {
    const { cloud } = handle;
    const result = await runAction(cloud, contoso.inputs);
    expect(result.code).toBe(0);
    expect(cloud.log.writes('graph')).toEqual([]);
    expect(result.outputs.changed).toBe('false');
  });
});

describe.each(DRIFT)('after $name', ({ target, edit, rows, kinds }) => {
  beforeAll(async () => {
    const { cloud } = handle;
    resetTenant(cloud);
    const first = await runAction(cloud, target.inputs);
    if (first.code !== 0) throw new Error(`The first run failed:\n${first.stdout}`);
    edit(cloud);
  });

  it('shows the change in the plan text and the plan output, and mode plan writes nothing', async () => {
    const { cloud } = handle;
    const result = await runAction(cloud, { ...target.inputs, mode: 'plan' });
    expect(result.code).toBe(0);
    expect(cloud.log.writes('graph')).toEqual([]);
    expect(result.outputs.changed).toBe('true');
    for (const row of rows)
      expect(logLines(result.stdout).filter((line) => row.test(line))).toHaveLength(1);
    expect(planKinds(result.outputs.plan)).toEqual(expect.arrayContaining(kinds));
  });

  it('undoes the change on apply, after which a run changes nothing', async () => {
    const { cloud } = handle;
    const result = await runAction(cloud, target.inputs);
    expect(result.code).toBe(0);
    expect(result.outputs.changed).toBe('true');
    for (const row of rows)
      expect(logLines(result.stdout).filter((line) => row.test(line))).toHaveLength(1);
    expectMatchesProfile(cloud, target);
    cloud.log.clear();
    const again = await runAction(cloud, target.inputs);
    expect(cloud.log.writes('graph')).toEqual([]);
    expect(again.outputs.changed).toBe('false');
  });
});
