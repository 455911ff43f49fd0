import { describe, it, expect } from '@jest/globals';
import { ProfileError } from '../../src/errors.js';
import { loadProfile, type ProfileSource } from '../../src/profile/load-profile.js';
import { CONTOSO } from '../fixtures/contoso-profile.js';

/** Returns a ProfileSource over in-memory built-ins and workspace files. */
function memorySource(
  builtins: Record<string, string>,
  files: Record<string, string> = {},
): ProfileSource {
  return {
    readBuiltin: (name) => builtins[name],
    listBuiltins: () => Object.keys(builtins),
    readWorkspaceFile: (path) => files[path],
  };
}

/** Returns the ProfileError thrown by `load`, failing the test when nothing is thrown. */
function catchProfileError(load: () => unknown): ProfileError {
  try {
    load();
  } catch (error) {
    if (error instanceof ProfileError) return error;
    throw error;
  }
  throw new Error('expected a ProfileError');
}

const BASE = `displayName: Base App
uniqueName: base-app
description: The base.
notes: Kept unless removed.
web:
  redirectUris: [https://base.contoso.example/auth]
permissions:
  - resource: Microsoft Graph
    application: [User.Read.All]
credential:
  type: secret
  lifetimeDays: 90
  allowed: [secret, certificate]
`;

const builtins = {
  base: BASE,
  child: `extends: base\ndisplayName: Child App\ncredential:\n  type: certificate\n`,
  'cycle-a': 'extends: cycle-b\n',
  'cycle-b': 'extends: cycle-a\n',
  templated: `vars:
  host:
    description: the host name
    required: true
  days:
    default: 30
  public:
    default: 'false'
displayName: App on \${{ vars.host }}
web:
  redirectUris: ['https://\${{ vars.host }}/auth']
isFallbackPublicClient: \${{ vars.public }}
credential:
  lifetimeDays: \${{ vars.days }}
`,
};
const source = memorySource(builtins, {
  'profiles/app.yaml': 'extends: base\ndisplayName: From File\n',
  'profiles/app.json':
    '{ "displayName": "From JSON", "permissions": [{ "resource": "Microsoft Graph", "delegated": ["User.Read"] }] }',
});

describe('loadProfile', () => {
  it('accepts the Contoso example as written and fills the defaults', () => {
    const spec = loadProfile({ app: CONTOSO, vars: {}, workspace: '/w' }, source);
    expect(spec).toMatchObject({
      source: 'input app',
      displayName: 'Contoso Mail Archive',
      uniqueName: 'contoso-mail-archive',
      description: null,
      notes: null,
      signInAudience: 'AzureADMyOrg',
      webRedirectUris: ['https://archive.contoso.example/auth'],
      publicClientRedirectUris: [],
      isFallbackPublicClient: null,
      permissions: [
        {
          resource: 'Microsoft Graph',
          application: ['User.Read.All', 'Group.Read.All'],
          delegated: ['User.Read'],
        },
        {
          resource: 'Office 365 Exchange Online',
          application: ['full_access_as_app'],
          delegated: [],
        },
      ],
      credential: { type: 'none', allowed: ['secret', 'certificate', 'none'] },
      federatedCredentials: [],
      tags: [],
      instances: null,
    });
    expect(spec.positions?.['permissions[1].application[0]']).toEqual({
      file: 'input app',
      line: 11,
      column: 19,
      path: 'permissions[1].application[0]',
    });
  });

  it('derives uniqueName from displayName as a lower-case slug', () => {
    const spec = loadProfile(
      { app: 'displayName: "  Contoso Mail — Archive (EU) "\n', vars: {}, workspace: '/w' },
      source,
    );
    expect(spec.uniqueName).toBe('contoso-mail-archive-eu');
  });

  it("leaves a federated credential's audience to the run's cloud when the profile gives none", () => {
    const app =
      'displayName: X\nfederatedCredentials:\n  - name: github-main\n    issuer: https://token.actions.githubusercontent.com\n    subject: repo:contoso/app:ref:refs/heads/main\n';
    const spec = loadProfile({ app, vars: {}, workspace: '/w' }, source);
    expect(spec.federatedCredentials).toEqual([
      {
        name: 'github-main',
        issuer: 'https://token.actions.githubusercontent.com',
        subject: 'repo:contoso/app:ref:refs/heads/main',
        audiences: [],
        description: null,
      },
    ]);
  });

  const mergeCases: Array<{
    name: string;
    profile?: string;
    app?: string;
    expected: Record<string, unknown>;
  }> = [
    {
      name: 'a built-in alone',
      profile: 'base',
      expected: {
        displayName: 'Base App',
        credential: { type: 'secret', lifetimeDays: 90, allowed: ['secret', 'certificate'] },
      },
    },
    {
      name: 'app over profile merges mappings deeply',
      profile: 'base',
      app: 'credential:\n  lifetimeDays: 30\n',
      expected: {
        displayName: 'Base App',
        credential: { type: 'secret', lifetimeDays: 30, allowed: ['secret', 'certificate'] },
      },
    },
    {
      name: 'app over profile replaces lists whole',
      profile: 'base',
      app: 'permissions:\n  - resource: Office 365 Exchange Online\n    application: [full_access_as_app]\n',
      expected: {
        permissions: [
          {
            resource: 'Office 365 Exchange Online',
            application: ['full_access_as_app'],
            delegated: [],
          },
        ],
      },
    },
    {
      name: 'null in app removes a key',
      profile: 'base',
      app: 'notes: null\nweb: null\n',
      expected: { notes: null, description: 'The base.', webRedirectUris: [] },
    },
    {
      name: 'extends starts from a built-in',
      profile: 'child',
      expected: {
        displayName: 'Child App',
        uniqueName: 'base-app',
        credential: { type: 'certificate', lifetimeDays: 90, allowed: ['secret', 'certificate'] },
      },
    },
    {
      name: 'app can extend a built-in on its own',
      app: 'extends: child\nnotes: mine\n',
      expected: { displayName: 'Child App', notes: 'mine', source: 'base + child + input app' },
    },
    {
      name: 'a workspace file can extend a built-in',
      profile: 'profiles/app.yaml',
      expected: {
        displayName: 'From File',
        uniqueName: 'base-app',
        source: 'base + profiles/app.yaml',
      },
    },
    {
      name: 'a JSON workspace file loads',
      profile: 'profiles/app.json',
      expected: { displayName: 'From JSON', uniqueName: 'from-json' },
    },
  ];

  it.each(mergeCases)('merges layers: $name', ({ profile, app, expected }) => {
    expect(loadProfile({ profile, app, vars: {}, workspace: '/w' }, source)).toMatchObject(
      expected,
    );
  });

  it('fills ${{ vars.NAME }} in strings, and gives numbers and booleans to whole-value placeholders in such fields', () => {
    const spec = loadProfile(
      {
        profile: 'templated',
        vars: { host: 'mail.contoso.example', public: 'true' },
        workspace: '/w',
      },
      source,
    );
    expect(spec.displayName).toBe('App on mail.contoso.example');
    expect(spec.webRedirectUris).toEqual(['https://mail.contoso.example/auth']);
    expect(spec.isFallbackPublicClient).toBe(true);
    expect(spec.credential.lifetimeDays).toBe(30);
  });

  it('names a missing required variable and the input that sets it', () => {
    const error = catchProfileError(() =>
      loadProfile({ profile: 'templated', vars: {}, workspace: '/w' }, source),
    );
    expect(error.message).toContain(
      "Variable 'host' (the host name) is required: set it in the input 'vars' as host=<value>.",
    );
    expect(error.problems[0]).toMatchObject({ file: 'templated', line: 9, path: 'displayName' });
  });

  it('refuses a vars input the profile does not use, suggesting the closest declared name', () => {
    const error = catchProfileError(() =>
      loadProfile(
        { profile: 'templated', vars: { host: 'h.example', dayz: '5' }, workspace: '/w' },
        source,
      ),
    );
    expect(error.message).toContain(
      "input vars: Input 'vars' sets 'dayz', which the profile does not use; did you mean 'days'?",
    );
  });

  it('lists the closest and all available names for an unknown built-in profile', () => {
    const error = catchProfileError(() =>
      loadProfile({ profile: 'bsae', vars: {}, workspace: '/w' }, source),
    );
    expect(error.message).toContain(
      "Unknown built-in profile 'bsae'; did you mean 'base'? Available: base, child, cycle-a, cycle-b, templated.",
    );
  });

  it('reports an extends cycle', () => {
    const error = catchProfileError(() =>
      loadProfile({ profile: 'cycle-a', vars: {}, workspace: '/w' }, source),
    );
    expect(error.message).toContain(
      "extends: 'cycle-a' makes a cycle (cycle-a → cycle-b → cycle-a)",
    );
  });

  it('reports a missing workspace file with the workspace it looked in', () => {
    const error = catchProfileError(() =>
      loadProfile({ profile: 'profiles/none.yaml', vars: {}, workspace: '/w' }, source),
    );
    expect(error.message).toContain(
      "Profile file 'profiles/none.yaml' not found in the workspace (/w)",
    );
  });

  it('gives the YAML parser line and column for broken YAML', () => {
    const error = catchProfileError(() =>
      loadProfile(
        {
          app: 'displayName: X\npermissions:\n  - resource: [Microsoft Graph\n',
          vars: {},
          workspace: '/w',
        },
        source,
      ),
    );
    expect(error.problems[0]).toMatchObject({ file: 'input app', line: 4 });
    expect(error.message).toMatch(/input app:4:\d+: not valid YAML: /);
  });

  it('reports a duplicate key as broken YAML', () => {
    const error = catchProfileError(() =>
      loadProfile({ app: 'displayName: X\ndisplayName: Y\n', vars: {}, workspace: '/w' }, source),
    );
    expect(error.problems[0]).toMatchObject({ file: 'input app', line: 2, column: 1 });
    expect(error.message).toContain(
      "not valid YAML: the key 'displayName' is given twice in one mapping",
    );
  });

  it('collects every problem into one error, in reading order', () => {
    const error = catchProfileError(() =>
      loadProfile(
        {
          app: 'displayName: X\npermisions: []\nsignInAudience: Everyone\ntagz: []\n',
          vars: {},
          workspace: '/w',
        },
        source,
      ),
    );
    expect(error.problems.map((problem) => problem.line)).toEqual([2, 3, 4]);
    expect(error.message.split('\n')[0]).toBe('Invalid profile input app (3 problems):');
  });
});
