// Bad profiles fail with an error that names the key path and line, as an annotation on that line,
// and change nothing: no Graph write, no GitHub secret; problems found before sign-in send nothing.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { runAction } from '@register-entra-app/local-cloud/runner';
import { useLocalCloud } from '@register-entra-app/local-cloud/testing';

const handle = useLocalCloud();
const FILE = '.github/entra/app.yaml';

interface BadProfileCase {
  name: string;
  /** Contents of .github/entra/app.yaml (the `profile` input names it unless inputs say otherwise). */
  file?: string;
  inputs?: Record<string, string>;
  /** Fragments the error must contain. */
  message: Array<string | RegExp>;
  /** The line of FILE the annotation points at; undefined when the problem is not in FILE. */
  line?: number;
  /** true when the problem can only be found after reading the tenant (permission and resource names). */
  afterSignIn?: boolean;
}

const base = (lines: string): string =>
  `displayName: Contoso Mail Archive\nuniqueName: contoso-mail-archive\n${lines}credential:\n  type: none\n`;
const federated = (count: number): string =>
  'federatedCredentials:\n' +
  Array.from(
    { length: count },
    (_, i) =>
      `  - name: branch-${i}\n    issuer: https://token.actions.githubusercontent.com\n    subject: repo:octo-org/octo-repo:ref:refs/heads/b${i}\n`,
  ).join('');

const CASES: BadProfileCase[] = [
  {
    name: 'broken YAML',
    file: base('permissions:\n  - resource: Microsoft Graph\n    application: [User.Read.All\n'),
    message: [/YAML|flow sequence|Missing/i],
    line: 6,
  },
  {
    name: 'a duplicated key',
    file: 'displayName: A\ndisplayName: B\ncredential:\n  type: none\n',
    message: ["the key 'displayName' is given twice"],
    line: 2,
  },
  {
    name: 'an unknown key, with the nearest known key suggested',
    file: base('signInAudiance: AzureADMyOrg\n'),
    message: ["Unknown key 'signInAudiance'", "did you mean 'signInAudience'?"],
    line: 3,
  },
  {
    name: 'an unknown nested key, with the nearest known key suggested',
    file: base('web:\n  redirectUri: [https://archive.contoso.example/auth]\n'),
    message: ["Unknown key 'redirectUri' in web", "did you mean 'redirectUris'?"],
    line: 4,
  },
  {
    name: 'a value of the wrong type',
    file: base('isFallbackPublicClient: sometimes\n'),
    message: ['isFallbackPublicClient', /true or false/],
    line: 3,
  },
  {
    name: 'a list given as a single string',
    file: base('permissions: Microsoft Graph\n'),
    message: ['permissions', /array|list/i],
    line: 3,
  },
  {
    name: 'a sign-in audience that does not exist, with the nearest one suggested',
    file: base('signInAudience: AzureADMultipleOrg\n'),
    message: ['signInAudience', 'AzureADMultipleOrgs'],
    line: 3,
  },
  {
    name: 'a uniqueName Graph would refuse',
    file: 'displayName: Contoso\nuniqueName: Contoso Mail Archive\ncredential:\n  type: none\n',
    message: ['uniqueName', 'lower-case letters, digits and single hyphens'],
    line: 2,
  },
  {
    name: 'a profile without a display name',
    file: 'uniqueName: nameless\ncredential:\n  type: none\n',
    message: ['displayName'],
  },
  {
    name: 'an unknown built-in profile in extends, with suggestions',
    file: 'extends: codetwo-backup-exchang\n',
    message: ["Unknown built-in profile 'codetwo-backup-exchang'", 'codetwo-backup-exchange'],
    line: 1,
  },
  {
    name: 'an unknown built-in profile in the profile input, with suggestions',
    inputs: { profile: 'mail-gateway-smtp' },
    message: ["Unknown built-in profile 'mail-gateway-smtp'", 'mail-gateway-smtp-oauth'],
  },
  {
    name: 'an http redirect URI',
    file: base('web:\n  redirectUris: [http://archive.contoso.example/auth]\n'),
    message: ['web.redirectUris[0]', 'http://archive.contoso.example/auth', 'https'],
    line: 4,
  },
  {
    name: 'a redirect URI with a fragment',
    file: base('publicClient:\n  redirectUris:\n    - https://archive.contoso.example/auth#x\n'),
    message: ['publicClient.redirectUris[0]', 'fragment'],
    line: 5,
  },
  {
    name: 'more federated credentials than Entra allows',
    file: base(federated(21)),
    message: ['federatedCredentials: lists 21 items', 'at most 20'],
    // The list's first line, where the value starts.
    line: 4,
  },
  {
    name: 'a federated credential whose issuer is not https',
    file: base(
      'federatedCredentials:\n  - name: main\n    issuer: http://token.example\n    subject: repo:octo-org/octo-repo:ref:refs/heads/main\n',
    ),
    message: ['federatedCredentials[0].issuer', 'https'],
    line: 5,
  },
  {
    name: 'a resource listed twice',
    file: base(
      'permissions:\n  - resource: Microsoft Graph\n    application: [User.Read.All]\n  - resource: microsoft graph\n    delegated: [User.Read]\n',
    ),
    message: ['permissions[1].resource', 'first at permissions[0]'],
    line: 6,
  },
  {
    name: 'a malformed appId as resource',
    file: base(
      'permissions:\n  - resource: 00000003-0000-0000-c000-00000000000\n    application: [User.Read.All]\n',
    ),
    message: ['permissions[0].resource', 'not a well-formed appId'],
    line: 4,
  },
  {
    name: 'a lifetime out of range',
    file: 'displayName: Contoso\ncredential:\n  type: secret\n  lifetimeDays: 5000\n',
    inputs: { 'secret-name': 'CONTOSO_SECRET' },
    message: ['credential.lifetimeDays', '3650'],
    line: 4,
  },
  {
    name: 'a placeholder for a variable the profile does not declare',
    file: base('web:\n  redirectUris: ["${{ vars.host }}/auth"]\n'),
    message: ["variable 'host'", 'does not declare'],
    line: 4,
  },
  {
    name: 'a required variable not given',
    inputs: { profile: 'commvault-exchange', 'credential-type': 'none' },
    message: ["Variable 'commandCenterUrl'", 'is required', 'commandCenterUrl=<value>'],
  },
  {
    name: 'a secret asked of codetwo-backup-sharepoint (input)',
    inputs: {
      profile: 'codetwo-backup-sharepoint',
      'credential-type': 'secret',
      'secret-name': 'SHAREPOINT_SECRET',
    },
    message: [
      'codetwo-backup-sharepoint accepts only a certificate',
      'SharePoint Online app-only access does not accept client secrets',
    ],
  },
  {
    name: 'a secret asked of codetwo-backup-sharepoint (profile)',
    file: 'extends: codetwo-backup-sharepoint\ncredential:\n  type: secret\n',
    inputs: { 'secret-name': 'SHAREPOINT_SECRET' },
    message: [
      'credential.type',
      'codetwo-backup-sharepoint accepts only a certificate',
      'does not accept client secrets',
    ],
    line: 3,
  },
  {
    name: 'an unknown permission, with the closest names',
    file: base('permissions:\n  - resource: Microsoft Graph\n    application: [User.Read.Al]\n'),
    message: [
      'permissions[0].application[0]',
      "'User.Read.Al' is not an application permission of Microsoft Graph",
      'User.Read.All',
    ],
    line: 5,
    afterSignIn: true,
  },
  {
    name: 'a permission of the wrong kind',
    file: base(
      'permissions:\n  - resource: Office 365 Exchange Online\n    delegated: [full_access_as_app]\n',
    ),
    message: [
      'permissions[0].delegated[0]',
      'full_access_as_app is an application permission of Office 365 Exchange Online, not a delegated one',
    ],
    line: 5,
    afterSignIn: true,
  },
  {
    name: 'an unknown resource, with the closest names',
    file: base('permissions:\n  - resource: Microsoft Grahp\n    application: [User.Read.All]\n'),
    message: [
      'permissions[0].resource',
      'Microsoft Grahp',
      'has no service principal in the tenant',
      'Microsoft Graph',
    ],
    line: 4,
    afterSignIn: true,
  },
];

function writeWorkspace(file: string | undefined): string {
  const workspace = mkdtempSync(join(tmpdir(), 'rea-profile-'));
  if (file !== undefined) {
    mkdirSync(dirname(join(workspace, FILE)), { recursive: true });
    writeFileSync(join(workspace, FILE), file);
  }
  return workspace;
}

function annotationLines(stdout: string): string[] {
  return stdout.split(/\r?\n/).filter((line) => line.startsWith('::error '));
}

describe('a bad profile', () => {
  it('has at least 15 cases here', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(15);
  });

  it.each(CASES)(
    '($name) fails with a clear error and changes nothing',
    async ({ file, inputs, message, line, afterSignIn }) => {
      const { cloud } = handle;
      const workspace = writeWorkspace(file);
      const result = await runAction(
        cloud,
        { ...(file !== undefined ? { profile: FILE } : {}), ...inputs },
        { workspace },
      );
      expect(result.code).toBe(1);
      const errors = result.stdout.split(/\r?\n/).filter((l) => l.startsWith('::error'));
      expect(errors.length).toBeGreaterThan(0);
      const text = errors.join('\n');
      for (const fragment of message) {
        if (typeof fragment === 'string') expect(text).toContain(fragment);
        else expect(text).toMatch(fragment);
      }
      if (line !== undefined) {
        const escaped = FILE.replace(/[.]/g, '\\.');
        expect(
          annotationLines(result.stdout).some((l) =>
            new RegExp(`^::error [^:]*file=${escaped},line=${line}(,|::)`).test(l),
          ),
        ).toBe(true);
      }
      expect(cloud.log.writes('graph')).toEqual([]);
      expect(cloud.log.writes('github')).toEqual([]);
      if (!afterSignIn) expect(cloud.log.count()).toBe(0);
      expect(cloud.tenant.applicationByUniqueName('contoso-mail-archive')).toBeUndefined();
    },
  );
});
