import { describe, it, expect } from '@jest/globals';
import { ProfileError, InputError } from '../../src/errors.js';
import type { ResourceServicePrincipal } from '../../src/model/graph-types.js';
import { MANAGED_TAG } from '../../src/model/well-known.js';
import { loadProfile } from '../../src/profile/load-profile.js';
import { buildDesiredState, listResourceLookups } from '../../src/profile/resolve-permissions.js';
import type { ProfileSpec } from '../../src/profile/types.js';

const GRAPH = '00000003-0000-0000-c000-000000000000';
const EXCHANGE = '00000002-0000-0ff1-ce00-000000000000';
const SHAREPOINT = '00000003-0000-0ff1-ce00-000000000000';
const CONTOSO_API = '6f1c2d3e-4a5b-4c6d-8e9f-a0b1c2d3e4f5';

function role(
  value: string,
  id: string,
  extra: Partial<{ allowedMemberTypes: string[]; isEnabled: boolean }> = {},
) {
  return {
    id,
    value,
    displayName: value,
    allowedMemberTypes: ['Application'],
    isEnabled: true,
    ...extra,
  };
}
function scope(value: string, id: string) {
  return { id, value, adminConsentDisplayName: value, type: 'Admin', isEnabled: true };
}

const graph: ResourceServicePrincipal = {
  id: 'sp-graph',
  appId: GRAPH,
  displayName: 'Microsoft Graph',
  appRoles: [
    role('User.Read.All', 'df021288-bdef-4463-88db-98f22de89214'),
    role('Group.Read.All', '5b567255-7703-4780-807c-7be8301ae99b'),
    role('Mail.ReadWrite', 'e2a3a72e-5f79-4c64-b1b1-878b674786c9'),
    role('User.ReadWrite.All', '741f803b-c850-494e-b5df-cde7c675a1ca'),
    role('Legacy.Read.All', '11111111-1111-4111-8111-111111111111', { isEnabled: false }),
    role('Reviewer', '22222222-2222-4222-8222-222222222222', { allowedMemberTypes: ['User'] }),
  ],
  oauth2PermissionScopes: [
    scope('User.Read', 'e1fe6dd8-ba31-4d61-89e7-88639da4683d'),
    scope('Mail.ReadWrite', '024d486e-b451-40bb-833d-3e66d98c5c73'),
  ],
};
const exchange: ResourceServicePrincipal = {
  id: 'sp-exchange',
  appId: EXCHANGE,
  displayName: 'Office 365 Exchange Online',
  appRoles: [
    role('full_access_as_app', 'dc890d15-9560-4a4c-9b7f-a736ec74ec40'),
    role('Mail.ReadWrite', 'e2a3a72e-5f79-4c64-b1b1-878b674786c9'),
  ],
  oauth2PermissionScopes: [scope('EWS.AccessAsUser.All', '3b5f3d61-589b-4a3c-a359-5dd4b5ee5bd5')],
};
const sharePoint: ResourceServicePrincipal = {
  id: 'sp-sharepoint',
  appId: SHAREPOINT,
  displayName: 'Office 365 SharePoint Online',
  appRoles: [
    role('User.Read.All', 'df021288-bdef-4463-88db-98f22de89214'),
    role('Sites.FullControl.All', '678536fe-1083-478a-9c59-b99265e6b0d3'),
  ],
  oauth2PermissionScopes: [],
};
const contosoApi: ResourceServicePrincipal = {
  id: 'sp-contoso',
  appId: CONTOSO_API,
  displayName: 'Contoso Orders API',
  appRoles: [role('Orders.Read', '33333333-3333-4333-8333-333333333333')],
  oauth2PermissionScopes: [],
};

const OPTIONS = {
  rotate: 'auto',
  rotateDaysBeforeExpiry: 30,
  keep: 1,
  secretName: 'APP_SECRET',
  prune: true,
  adopt: false,
} as const;
const noBuiltins = {
  readBuiltin: () => undefined,
  listBuiltins: () => [],
  readWorkspaceFile: () => undefined,
};

/** Returns the spec of an inline profile with the given permissions block (YAML). */
function specWith(permissions: string, extra = ''): ProfileSpec {
  return loadProfile(
    {
      app: `displayName: Contoso App\n${extra}permissions:\n${permissions}`,
      vars: {},
      workspace: '/w',
    },
    noBuiltins,
  );
}

/** Returns the message of the error `run` throws. */
function messageOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof ProfileError || error instanceof InputError) return error.message;
    throw error;
  }
  throw new Error('expected an error');
}

describe('listResourceLookups', () => {
  it('looks first-party names and GUIDs up by appId and other names by displayName', () => {
    const spec = specWith(
      `  - { resource: microsoft graph, application: [User.Read.All] }\n  - { resource: ${CONTOSO_API}, application: [Orders.Read] }\n  - { resource: Contoso Billing API, application: [Bills.Read] }\n  - { resource: ${EXCHANGE.toUpperCase()}, application: [full_access_as_app] }\n`,
    );
    expect(listResourceLookups(spec)).toEqual([
      { key: 'microsoft graph', appId: GRAPH, displayName: 'Microsoft Graph' },
      { key: CONTOSO_API, appId: CONTOSO_API },
      { key: 'Contoso Billing API', displayName: 'Contoso Billing API' },
      { key: EXCHANGE.toUpperCase(), appId: EXCHANGE, displayName: 'Office 365 Exchange Online' },
    ]);
  });
});

describe('buildDesiredState', () => {
  it('resolves names to ids, keys them by resource and sorts requiredResourceAccess', () => {
    const spec = specWith(
      '  - resource: Office 365 SharePoint Online\n    application: [User.Read.All]\n  - resource: Microsoft Graph\n    application: [User.Read.All, Group.Read.All]\n    delegated: [User.Read]\n  - resource: Office 365 Exchange Online\n    application: [full_access_as_app]\n',
    );
    const { desired, missingResources } = buildDesiredState(
      spec,
      [graph, exchange, sharePoint],
      OPTIONS,
    );
    expect(missingResources).toEqual([]);
    expect(desired.application.requiredResourceAccess).toEqual([
      {
        resourceAppId: EXCHANGE,
        resourceAccess: [{ id: 'dc890d15-9560-4a4c-9b7f-a736ec74ec40', type: 'Role' }],
      },
      {
        resourceAppId: GRAPH,
        resourceAccess: [
          { id: '5b567255-7703-4780-807c-7be8301ae99b', type: 'Role' },
          { id: 'df021288-bdef-4463-88db-98f22de89214', type: 'Role' },
          { id: 'e1fe6dd8-ba31-4d61-89e7-88639da4683d', type: 'Scope' },
        ],
      },
      {
        resourceAppId: SHAREPOINT,
        resourceAccess: [{ id: 'df021288-bdef-4463-88db-98f22de89214', type: 'Role' }],
      },
    ]);
    const userReadAll = desired.permissions.filter(
      (permission) => permission.value === 'User.Read.All',
    );
    expect(userReadAll.map((permission) => permission.resourceDisplayName)).toEqual([
      'Microsoft Graph',
      'Office 365 SharePoint Online',
    ]);
    expect(desired.application.tags).toEqual([MANAGED_TAG]);
  });

  it('accepts a permission id in place of its name', () => {
    const spec = specWith(
      '  - resource: Office 365 Exchange Online\n    application: [DC890D15-9560-4A4C-9B7F-A736EC74EC40]\n',
    );
    const { desired } = buildDesiredState(spec, [exchange], OPTIONS);
    expect(desired.permissions).toEqual([
      {
        resourceAppId: EXCHANGE,
        resourceDisplayName: 'Office 365 Exchange Online',
        kind: 'application',
        value: 'full_access_as_app',
        id: 'dc890d15-9560-4a4c-9b7f-a736ec74ec40',
      },
    ]);
  });

  it('leaves a first-party resource the tenant lacks for later and resolves the rest', () => {
    const spec = specWith(
      '  - resource: Office 365 SharePoint Online\n    application: [Sites.FullControl.All]\n  - resource: Microsoft Graph\n    application: [User.Read.All]\n',
    );
    const { desired, missingResources } = buildDesiredState(spec, [graph], OPTIONS);
    expect(missingResources).toEqual([
      {
        appId: SHAREPOINT,
        displayName: 'Office 365 SharePoint Online',
        permissions: ['Sites.FullControl.All (application)'],
      },
    ]);
    expect(desired.permissions.map((permission) => permission.value)).toEqual(['User.Read.All']);
  });

  it('resolves another API by display name', () => {
    const spec = specWith('  - resource: Contoso Orders API\n    application: [Orders.Read]\n');
    expect(buildDesiredState(spec, [contosoApi], OPTIONS).desired.permissions[0]).toMatchObject({
      resourceAppId: CONTOSO_API,
      value: 'Orders.Read',
    });
  });

  const failures: Array<{
    name: string;
    permissions: string;
    resources?: ResourceServicePrincipal[];
    says: string;
  }> = [
    {
      name: 'an application permission asked for as delegated',
      permissions:
        '  - resource: Office 365 Exchange Online\n    delegated: [full_access_as_app]\n',
      says: 'input app:4:17: permissions[0].delegated[0]: full_access_as_app is an application permission of Office 365 Exchange Online, not a delegated one; expected it under application.',
    },
    {
      name: 'a delegated permission asked for as application',
      permissions: '  - resource: Microsoft Graph\n    application: [User.Read]\n',
      says: 'permissions[0].application[0]: User.Read is a delegated permission of Microsoft Graph, not an application one; expected it under delegated.',
    },
    {
      name: 'a misspelt permission',
      permissions: '  - resource: Microsoft Graph\n    application: [User.Raed.All]\n',
      says: "permissions[0].application[0]: 'User.Raed.All' is not an application permission of Microsoft Graph; did you mean 'User.Read.All'?",
    },
    {
      name: 'a permission in the wrong case',
      permissions: '  - resource: Microsoft Graph\n    application: [user.read.all]\n',
      says: "'user.read.all' is not an application permission of Microsoft Graph; did you mean 'User.Read.All'?",
    },
    {
      name: 'a permission name cut short',
      permissions: '  - resource: Microsoft Graph\n    application: [User.ReadWrite]\n',
      says: "'User.ReadWrite' is not an application permission of Microsoft Graph; did you mean 'User.ReadWrite.All' or 'Mail.ReadWrite'?",
    },
    {
      name: "Graph's missing Group.Write.All",
      permissions: '  - resource: Microsoft Graph\n    application: [Group.Write.All]\n',
      says: "'Group.Write.All' is not an application permission of Microsoft Graph; did you mean 'Group.Read.All'?",
    },
    {
      name: 'a disabled app role',
      permissions: '  - resource: Microsoft Graph\n    application: [Legacy.Read.All]\n',
      says: 'Legacy.Read.All is disabled on Microsoft Graph',
    },
    {
      name: 'a role only users can hold',
      permissions: '  - resource: Microsoft Graph\n    application: [Reviewer]\n',
      says: 'Reviewer is an app role of Microsoft Graph that only users and groups can hold',
    },
    {
      name: 'an API the tenant lacks',
      permissions: '  - resource: Contoso Order API\n    application: [Orders.Read]\n',
      resources: [graph, contosoApi],
      says: "permissions[0].resource: 'Contoso Order API' has no service principal in the tenant; did you mean 'Contoso Orders API'?",
    },
  ];

  it.each(failures)('explains $name', ({ permissions, resources, says }) => {
    const spec = specWith(permissions);
    expect(
      messageOf(() => buildDesiredState(spec, resources ?? [graph, exchange, sharePoint], OPTIONS)),
    ).toContain(says);
  });

  it('reports every unknown permission at once', () => {
    const spec = specWith(
      '  - resource: Microsoft Graph\n    application: [Nope.One, User.Read.All, Nope.Two]\n',
    );
    expect(messageOf(() => buildDesiredState(spec, [graph], OPTIONS))).toMatch(
      /^Invalid profile input app \(2 problems\):/,
    );
  });

  it('takes the credential from the profile, the inputs overriding it', () => {
    const spec = specWith(
      '  - { resource: Microsoft Graph, application: [User.Read.All] }\n',
      'credential:\n  type: certificate\n  lifetimeDays: 90\n',
    );
    expect(buildDesiredState(spec, [graph], OPTIONS).desired.credential).toEqual({
      type: 'certificate',
      lifetimeDays: 90,
      rotate: 'auto',
      rotateDaysBeforeExpiry: 30,
      keep: 1,
      secretName: 'APP_SECRET',
    });
    expect(
      buildDesiredState(spec, [graph], { ...OPTIONS, credentialType: 'secret', lifetimeDays: 30 })
        .desired.credential,
    ).toMatchObject({ type: 'secret', lifetimeDays: 30 });
  });

  it('uses 180 days by default and 0 (the longest the tenant accepts) for neverExpire', () => {
    const plain = specWith('  - { resource: Microsoft Graph, application: [User.Read.All] }\n');
    const forever = specWith(
      '  - { resource: Microsoft Graph, application: [User.Read.All] }\n',
      'credential:\n  neverExpire: true\n',
    );
    expect(buildDesiredState(plain, [graph], OPTIONS).desired.credential.lifetimeDays).toBe(180);
    expect(buildDesiredState(forever, [graph], OPTIONS).desired.credential.lifetimeDays).toBe(0);
  });

  it('carries application properties, federated credentials, prune and adopt', () => {
    const spec = loadProfile(
      {
        app: 'displayName: Contoso App\nnotes: owned by IT\ntags: [mail]\nisFallbackPublicClient: true\npublicClient:\n  redirectUris: [http://localhost]\nfederatedCredentials:\n  - { name: gh, issuer: https://token.actions.githubusercontent.com, subject: repo:c/a:environment:prod }\n',
        vars: {},
        workspace: '/w',
      },
      noBuiltins,
    );
    const { desired } = buildDesiredState(spec, [], { ...OPTIONS, prune: false, adopt: true });
    expect(desired.application).toMatchObject({
      notes: 'owned by IT',
      tags: ['mail', MANAGED_TAG],
      isFallbackPublicClient: true,
      publicClient: { redirectUris: ['http://localhost'] },
      requiredResourceAccess: [],
    });
    expect(desired.federatedIdentityCredentials).toEqual([
      {
        name: 'gh',
        issuer: 'https://token.actions.githubusercontent.com',
        subject: 'repo:c/a:environment:prod',
        audiences: ['api://AzureADTokenExchange'],
        description: null,
      },
    ]);
    expect([desired.prune, desired.adopt]).toEqual([false, true]);
  });

  it("gives a federated credential without audiences the cloud's token exchange audience and keeps given ones", () => {
    const spec = loadProfile(
      {
        app: 'displayName: Gov App\nfederatedCredentials:\n  - { name: gh, issuer: https://token.actions.githubusercontent.com, subject: repo:c/a:environment:prod }\n  - { name: own, issuer: https://token.actions.githubusercontent.com, subject: repo:c/a:ref:refs/heads/main, audiences: [api://custom] }\n',
        vars: {},
        workspace: '/w',
      },
      noBuiltins,
    );
    const { desired } = buildDesiredState(spec, [], {
      ...OPTIONS,
      federatedAudience: 'api://AzureADTokenExchangeUSGov',
    });
    expect(desired.federatedIdentityCredentials.map((c) => [c.name, c.audiences])).toEqual([
      ['gh', ['api://AzureADTokenExchangeUSGov']],
      ['own', ['api://custom']],
    ]);
  });
});
