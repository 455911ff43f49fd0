import { describe, it, expect } from '@jest/globals';
import { ProfileError } from '../../src/errors.js';
import { loadProfile, type ProfileSource } from '../../src/profile/load-profile.js';

const source: ProfileSource = {
  readBuiltin: (name) =>
    name === 'base'
      ? 'displayName: Base\npermissions:\n  - resource: Microsoft Graph\n    application: [User.Read.All]\n'
      : undefined,
  listBuiltins: () => ['base'],
  readWorkspaceFile: () => undefined,
};

const GRAPH_USER_READ =
  'permissions:\n  - resource: Microsoft Graph\n    application: [User.Read.All]\n';
const ROLE = (value: string): string =>
  `  - value: ${value}\n    displayName: R\n    description: R\n    allowedMemberTypes: [User]\n`;
const longUri = `https://contoso.example/${'a'.repeat(240)}`;
const manyFederated = Array.from(
  { length: 21 },
  (_, index) => `  - { name: fc${index}, issuer: https://issuer.example, subject: s${index} }`,
).join('\n');

// Each bad profile yields one problem: its message names the key path, quotes the value and says
// what is expected; `line` is where the problem is in the inline app input.
const cases: Array<{ name: string; app: string; line: number; path: string; says: string[] }> = [
  {
    name: 'misspelt top-level key',
    app: 'displayName: X\npermisions: []\n',
    line: 2,
    path: 'permisions',
    says: ["Unknown key 'permisions' at top level; did you mean 'permissions'?"],
  },
  {
    name: 'misspelt nested key',
    app: 'displayName: X\nweb:\n  redirectUri: [https://a.example]\n',
    line: 3,
    path: 'web.redirectUri',
    says: ["Unknown key 'redirectUri' in web; did you mean 'redirectUris'?"],
  },
  {
    name: 'misspelt key in a list item',
    app: 'displayName: X\npermissions:\n  - resource: Microsoft Graph\n    aplication: [User.Read.All]\n',
    line: 4,
    path: 'permissions[0].aplication',
    says: ["Unknown key 'aplication' in permissions[0]; did you mean 'application'?"],
  },
  {
    name: 'unknown sign-in audience',
    app: 'displayName: X\nsignInAudience: AzureADMyorg\n',
    line: 2,
    path: 'signInAudience',
    says: [
      "signInAudience: 'AzureADMyorg' is not allowed",
      'expected one of AzureADMyOrg, AzureADMultipleOrgs, AzureADandPersonalMicrosoftAccount',
      "did you mean 'AzureADMyOrg'?",
    ],
  },
  {
    name: 'missing displayName',
    app: `signInAudience: AzureADMyOrg\n${GRAPH_USER_READ}`,
    line: 1,
    path: '',
    says: ["Missing key 'displayName' at top level; expected a name of 1 to 256 characters"],
  },
  {
    name: 'displayName over 256 characters',
    app: `displayName: ${'n'.repeat(257)}\n`,
    line: 1,
    path: 'displayName',
    says: ['displayName: ', 'is 257 characters long; expected a name of 1 to 256 characters'],
  },
  {
    name: 'blank displayName',
    app: "displayName: '   '\n",
    line: 1,
    path: 'displayName',
    says: ['displayName: is blank; expected a name of 1 to 256 characters'],
  },
  {
    name: 'uniqueName with capitals and underscores',
    app: 'displayName: X\nuniqueName: Contoso_App\n',
    line: 2,
    path: 'uniqueName',
    says: [
      "uniqueName: 'Contoso_App' does not have the expected form",
      'expected lower-case letters, digits and single hyphens',
    ],
  },
  {
    name: 'permissions as a mapping',
    app: 'displayName: X\npermissions:\n  resource: Microsoft Graph\n',
    line: 3,
    path: 'permissions',
    says: ['permissions: is a mapping; expected a list'],
  },
  {
    name: 'permission names as a string',
    app: 'displayName: X\npermissions:\n  - resource: Microsoft Graph\n    application: User.Read.All\n',
    line: 4,
    path: 'permissions[0].application',
    says: ["permissions[0].application: 'User.Read.All' is a string; expected a list"],
  },
  {
    name: 'permission without resource',
    app: 'displayName: X\npermissions:\n  - application: [User.Read.All]\n',
    line: 3,
    path: 'permissions[0]',
    says: [
      "Missing key 'resource' in permissions[0]; expected a resource display name, appId or identifier URI, e.g. Microsoft Graph",
    ],
  },
  {
    name: 'permission listed twice',
    app: 'displayName: X\npermissions:\n  - resource: Microsoft Graph\n    application: [User.Read.All, User.Read.All]\n',
    line: 4,
    path: 'permissions[0].application',
    says: ["permissions[0].application: lists 'User.Read.All' twice; expected each value once"],
  },
  {
    name: 'permission entry without permissions',
    app: 'displayName: X\npermissions:\n  - resource: Microsoft Graph\n',
    line: 3,
    path: 'permissions[0]',
    says: [
      "permissions[0]: 'Microsoft Graph' lists no permissions; expected application and/or delegated permission names",
    ],
  },
  {
    name: 'resource listed twice',
    app: `displayName: X\n${GRAPH_USER_READ}  - resource: microsoft graph\n    delegated: [User.Read]\n`,
    line: 5,
    path: 'permissions[1].resource',
    says: [
      "permissions[1].resource: 'microsoft graph' is listed again (first at permissions[0]); expected each resource once",
    ],
  },
  {
    name: 'malformed appId',
    app: 'displayName: X\npermissions:\n  - resource: 00000003-0000-0000-c000-00000000000\n    application: [User.Read.All]\n',
    line: 3,
    path: 'permissions[0].resource',
    says: ["'00000003-0000-0000-c000-00000000000' is not a well-formed appId; expected a GUID"],
  },
  {
    name: 'unknown credential type',
    app: 'displayName: X\ncredential:\n  type: password\n',
    line: 3,
    path: 'credential.type',
    says: ["credential.type: 'password' is not allowed; expected one of secret, certificate, none"],
  },
  {
    name: 'credential lifetime of zero days',
    app: 'displayName: X\ncredential:\n  lifetimeDays: 0\n',
    line: 3,
    path: 'credential.lifetimeDays',
    says: ['credential.lifetimeDays: 0 is too small; expected at least 1'],
  },
  {
    name: 'credential lifetime in words',
    app: 'displayName: X\ncredential:\n  lifetimeDays: ninety\n',
    line: 3,
    path: 'credential.lifetimeDays',
    says: [
      "credential.lifetimeDays: 'ninety' is not valid; expected a whole number of days from 1 to 3650",
    ],
  },
  {
    name: 'no allowed credential types',
    app: 'displayName: X\ncredential:\n  allowed: []\n',
    line: 3,
    path: 'credential.allowed',
    says: ['credential.allowed: lists 0 items; expected at least 1 items'],
  },
  {
    name: 'credential type the profile does not allow',
    app: 'displayName: X\ncredential:\n  type: secret\n  allowed: [certificate]\n  allowedReason: the product signs in with certificates only\n',
    line: 3,
    path: 'credential.type',
    says: [
      "credential.type: 'secret' is not accepted: input app accepts only a certificate: the product signs in with certificates only",
    ],
  },
  {
    name: 'neverExpire beside lifetimeDays',
    app: 'displayName: X\ncredential:\n  lifetimeDays: 30\n  neverExpire: true\n',
    line: 4,
    path: 'credential.neverExpire',
    says: ['credential.neverExpire: is set together with lifetimeDays; expected one of them'],
  },
  {
    name: 'http redirect URI off localhost',
    app: 'displayName: X\nweb:\n  redirectUris:\n    - http://archive.contoso.example/auth\n',
    line: 4,
    path: 'web.redirectUris[0]',
    says: [
      "web.redirectUris[0]: 'http://archive.contoso.example/auth' uses http, which Entra accepts only for localhost and 127.0.0.1",
      'expected an https URL',
    ],
  },
  {
    name: 'wildcard redirect URI',
    app: 'displayName: X\nweb:\n  redirectUris: ["https://*.contoso.example/auth"]\n',
    line: 3,
    path: 'web.redirectUris[0]',
    says: ["'https://*.contoso.example/auth' has a wildcard", 'expected an https URL'],
  },
  {
    name: 'redirect URI with a fragment',
    app: 'displayName: X\nweb:\n  redirectUris: ["https://contoso.example/auth#done"]\n',
    line: 3,
    path: 'web.redirectUris[0]',
    says: ["'https://contoso.example/auth#done' has a fragment", 'expected an https URL'],
  },
  {
    name: 'query string with personal accounts',
    app: 'displayName: X\nsignInAudience: AzureADandPersonalMicrosoftAccount\nweb:\n  redirectUris: ["https://contoso.example/auth?x=1"]\n',
    line: 4,
    path: 'web.redirectUris[0]',
    says: ["'https://contoso.example/auth?x=1' has a query string", 'expected an https URL'],
  },
  {
    name: 'redirect URI over 256 characters',
    app: `displayName: X\nweb:\n  redirectUris:\n    - ${longUri}\n`,
    line: 4,
    path: 'web.redirectUris[0]',
    says: [
      'web.redirectUris[0]: ',
      'is 264 characters long; expected an absolute URI of at most 256 characters',
    ],
  },
  {
    name: 'more than 20 federated credentials',
    app: `displayName: X\nfederatedCredentials:\n${manyFederated}\n`,
    line: 3,
    path: 'federatedCredentials',
    says: ['federatedCredentials: lists 21 items; expected at most 20 items'],
  },
  {
    name: 'federated credential name with spaces',
    app: 'displayName: X\nfederatedCredentials:\n  - name: github main\n    issuer: https://token.actions.githubusercontent.com\n    subject: repo:c/a:ref:refs/heads/main\n',
    line: 3,
    path: 'federatedCredentials[0].name',
    says: [
      "federatedCredentials[0].name: 'github main' does not have the expected form; expected letters, digits, hyphens and underscores",
    ],
  },
  {
    name: 'federated credential names repeated',
    app: 'displayName: X\nfederatedCredentials:\n  - { name: gh, issuer: https://i.example, subject: a }\n  - { name: GH, issuer: https://i.example, subject: b }\n',
    line: 4,
    path: 'federatedCredentials[1].name',
    says: [
      "federatedCredentials[1].name: 'GH' is used again (first at federatedCredentials[0]); expected unique names",
    ],
  },
  {
    name: 'federated credential issuer not https',
    app: 'displayName: X\nfederatedCredentials:\n  - { name: gh, issuer: token.actions.githubusercontent.com, subject: a }\n',
    line: 3,
    path: 'federatedCredentials[0].issuer',
    says: [
      "federatedCredentials[0].issuer: 'token.actions.githubusercontent.com' is not an https URL; expected e.g. https://token.actions.githubusercontent.com",
    ],
  },
  {
    name: 'zero instances',
    app: 'displayName: X\ninstances: 0\n',
    line: 2,
    path: 'instances',
    says: ['instances: 0 is too small; expected at least 1'],
  },
  {
    name: 'misspelt mailboxes',
    app: 'displayName: X\ninstances:\n  mailboxes: 100\n  mailbox: 5\n',
    line: 4,
    path: 'instances.mailbox',
    says: ["Unknown key 'mailbox' in instances; did you mean 'mailboxes'?"],
  },
  {
    name: 'instances in words',
    app: 'displayName: X\ninstances: many\n',
    line: 2,
    path: 'instances',
    says: [
      "instances: 'many' is not valid; expected a whole number of apps from 1 to 99, or { mailboxes: N }",
    ],
  },
  {
    name: 'public client flag as yes',
    app: 'displayName: X\nisFallbackPublicClient: yes\n',
    line: 2,
    path: 'isFallbackPublicClient',
    says: ["isFallbackPublicClient: 'yes' is not valid; expected true or false"],
  },
  {
    name: 'tag listed twice',
    app: 'displayName: X\ntags: [a, a]\n',
    line: 2,
    path: 'tags',
    says: ["tags: lists 'a' twice; expected each value once"],
  },
  {
    name: 'placeholder for an undeclared variable',
    app: 'displayName: App ${{ vars.hots }}\nvars:\n  host: { default: x }\n',
    line: 1,
    path: 'displayName',
    says: [
      "displayName: '${{ vars.hots }}' uses variable 'hots', which the profile does not declare (did you mean 'host'?)",
      'expected a variable declared under vars',
    ],
  },
  {
    name: 'expression that is not a variable',
    app: 'displayName: App ${{ github.ref }}\n',
    line: 1,
    path: 'displayName',
    says: ["displayName: '${{ github.ref }}' is not a profile variable; expected ${{ vars.NAME }}"],
  },
  {
    name: 'a key given twice',
    app: 'displayName: X\nuniqueName: x\ndisplayName: Y\n',
    line: 3,
    path: '',
    says: [
      "not valid YAML: the key 'displayName' is given twice in one mapping; expected each key once",
    ],
  },
  {
    name: 'a quoted key given twice',
    app: '{"displayName": "X", "displayName": "Y"}\n',
    line: 1,
    path: '',
    says: ["the key 'displayName' is given twice"],
  },
  {
    name: 'extends an unknown built-in',
    app: 'extends: bsae\ndisplayName: X\n',
    line: 1,
    path: 'extends',
    says: ["Unknown built-in profile 'bsae'; did you mean 'base'? Available: base."],
  },
  {
    name: 'an app role value used twice',
    app: `displayName: X\nappRoles:\n${ROLE('Orders.Admin')}${ROLE('orders.admin')}`,
    line: 7,
    path: 'appRoles[1].value',
    says: ["'orders.admin' is used again (first at appRoles[0])", 'Graph refuses duplicate values'],
  },
  {
    name: 'a role sharing its value with a scope',
    app: `displayName: X\napi:\n  oauth2PermissionScopes:\n    - { value: Orders.Read, adminConsentDisplayName: R, adminConsentDescription: R }\nappRoles:\n${ROLE('Orders.Read')}`,
    line: 6,
    path: 'appRoles[0].value',
    says: [
      "'Orders.Read' is also a scope's value",
      'expected app roles and scopes to have different values',
    ],
  },
  {
    name: 'a pre-authorized scope the API does not publish',
    app: 'displayName: X\napi:\n  preAuthorizedApplications:\n    - appId: 04b07795-8ddb-461a-bbee-02f9e1bf7b46\n      delegatedPermissionIds: [access_as_user]\n',
    line: 5,
    path: 'api.preAuthorizedApplications[0].delegatedPermissionIds[0]',
    says: ["'access_as_user' is not a scope of this API", '(none defined)'],
  },
  {
    name: 'an http logout URL',
    app: 'displayName: X\nweb:\n  logoutUrl: http://app.contoso.example/signout\n',
    line: 3,
    path: 'web.logoutUrl',
    says: ["breaks Entra ID's rule for web.logoutUrl", 'an https URL'],
  },
  {
    name: 'the app client ID placeholder outside identifierUris',
    app: 'displayName: X\nnotes: api://${{ app.clientId }}\n',
    line: 2,
    path: 'notes',
    says: ["'${{ app.clientId }}' is not a profile variable"],
  },
];

describe('profile problems', () => {
  it('has at least 20 bad profiles', () => {
    expect(cases.length).toBeGreaterThanOrEqual(20);
  });

  it.each(cases)(
    'reports $name with its path, value, expected form and line',
    ({ app, line, path, says }) => {
      let caught: unknown;
      try {
        loadProfile({ app, vars: {}, workspace: '/w' }, source);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(ProfileError);
      const error = caught as ProfileError;
      expect(error.problems).toHaveLength(1);
      const [problem] = error.problems;
      expect(problem.file).toBe('input app');
      expect(problem.line).toBe(line);
      expect(problem.column).toEqual(expect.any(Number));
      expect(problem.path ?? '').toBe(path);
      for (const text of says) expect(problem.message).toContain(text);
      expect(error.message).toContain(`input app:${line}:${problem.column}: ${problem.message}`);
    },
  );
});
