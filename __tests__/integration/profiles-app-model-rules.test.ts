// Every row of Entra's app-model rules (src/model/app-model-rules.ts) has a bad profile here: the
// action fails before any write, with an error naming the key, the limit and the value, annotated
// on the profile line.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { APP_MODEL_RULES } from '../../src/model/app-model-rules.js';
import { runAction } from '@register-entra-app/local-cloud/runner';
import { useLocalCloud } from '@register-entra-app/local-cloud/testing';

const handle = useLocalCloud();
const FILE = '.github/entra/app.yaml';

interface RuleCase {
  /** The table row the profile breaks. */
  rule: string;
  file: string;
  inputs?: Record<string, string>;
  /** Fragments the error must contain: the key, the limit, the value. */
  message: string[];
  /** Line of FILE the annotation points at. */
  line?: number;
}

const profile = (lines: string, audience = 'AzureADMyOrg', credential = 'none'): string =>
  `displayName: Contoso Mail Archive\nuniqueName: contoso-mail-archive\nsignInAudience: ${audience}\n${lines}credential:\n  type: ${credential}\n`;
const PERSONAL = 'AzureADandPersonalMicrosoftAccount';
const list = (key: string, items: string[]): string =>
  `${key}:\n${items.map((item) => `  - ${item}\n`).join('')}`;
const manyUris = (n: number): string[] =>
  Array.from({ length: n }, (_, i) => `https://archive.contoso.example/auth/${i}`);
const permissions = (resources: number, perResource: number): string =>
  'permissions:\n' +
  Array.from(
    { length: resources },
    (_, r) =>
      `  - resource: 0000000${r % 10}-0000-0000-0000-${String(r).padStart(12, '0')}\n    application: [${Array.from({ length: perResource }, (_, p) => `Role${p}.Read`).join(', ')}]\n`,
  ).join('');

const scopeValue = (i: number, length: number): string => `${i}`.padStart(length, 's');
/** `n` scopes (flow style, under api.oauth2PermissionScopes) whose values are `length` characters long. */
const scopes = (n: number, length: number): string =>
  Array.from(
    { length: n },
    (_, i) =>
      `    - { value: ${scopeValue(i, length)}, adminConsentDisplayName: S, adminConsentDescription: S }\n`,
  ).join('');
const ROLE = '{ value: Archive.Admin, displayName: A, description: A, allowedMemberTypes: [User] }';

const CASES: RuleCase[] = [
  {
    rule: 'displayName.length',
    file: profile('').replace('Contoso Mail Archive', 'A'.repeat(121)),
    message: ['displayName', 'at most 120 characters', 'AAAA'],
    line: 1,
  },
  {
    rule: 'displayName.length.personal',
    file: profile('', PERSONAL).replace('Contoso Mail Archive', 'B'.repeat(91)),
    message: ['displayName', 'at most 90 characters', 'BBBB'],
    line: 1,
  },
  {
    rule: 'tags.form',
    file: profile(list('tags', ["'mail archive'"])),
    message: ['tags[0]', 'no whitespace', "'mail archive'"],
    line: 5,
  },
  {
    rule: 'redirectUris.scheme',
    file: profile('web:\n  redirectUris: [http://archive.contoso.example/auth]\n'),
    message: ['web.redirectUris[0]', 'http', "'http://archive.contoso.example/auth'"],
    line: 5,
  },
  {
    rule: 'redirectUris.length',
    file: profile(`web:\n  redirectUris: [https://archive.contoso.example/${'a'.repeat(240)}]\n`),
    message: ['web.redirectUris[0]', '256'],
    line: 5,
  },
  {
    rule: 'redirectUris.wildcard.personal',
    file: profile('web:\n  redirectUris: [https://*.contoso.example/auth]\n', PERSONAL),
    message: ['web.redirectUris[0]', 'wildcard', "'https://*.contoso.example/auth'"],
    line: 5,
  },
  {
    rule: 'redirectUris.count',
    file: profile(`web:\n  redirectUris: [${manyUris(257).join(', ')}]\n`),
    message: ['web.redirectUris', 'holds 257', 'at most 256 redirect URIs'],
    line: 5,
  },
  {
    rule: 'redirectUris.count.personal',
    file: profile(`web:\n  redirectUris: [${manyUris(101).join(', ')}]\n`, PERSONAL),
    message: ['web.redirectUris', 'holds 101', 'at most 100 redirect URIs'],
    line: 5,
  },
  {
    rule: 'identifierUris.form',
    file: profile(list('identifierUris', ['https://*.contoso.com/archive'])),
    message: ['identifierUris[0]', 'no wildcards', "'https://*.contoso.com/archive'"],
    line: 5,
  },
  {
    rule: 'identifierUris.form.personal',
    file: profile(list('identifierUris', ['urn:contoso:archive']), PERSONAL),
    message: ['identifierUris[0]', 'no urn: scheme', "'urn:contoso:archive'"],
    line: 5,
  },
  {
    rule: 'identifierUris.tenantPolicy',
    file: profile(list('identifierUris', ['api://mail-archive'])),
    message: ['identifierUris[0]', 'names the tenant id, the app id or a verified domain'],
    line: 5,
  },
  {
    rule: 'requiredResourceAccess.count',
    file: profile(permissions(51, 1)),
    message: ['permissions', 'holds 51', 'at most 50 resources'],
  },
  {
    rule: 'requiredResourceAccess.count.personal',
    file: profile(permissions(1, 31), PERSONAL),
    message: ['permissions[0]', 'holds 31', '30 per resource'],
    line: 5,
  },
  {
    rule: 'api.requestedAccessTokenVersion.personal',
    file: profile('api:\n  requestedAccessTokenVersion: 1\n', PERSONAL),
    message: ['api.requestedAccessTokenVersion', '2 for apps that sign in personal', ': 1 breaks'],
    line: 5,
  },
  {
    rule: 'passwordCredentials.count.personal',
    file: profile('', PERSONAL, 'secret'),
    inputs: { 'secret-name': 'ARCHIVE_SECRET', 'keep-credentials': '2' },
    message: ["Invalid keep-credentials '2'", 'at most two client secrets'],
  },
  {
    rule: 'web.logoutUrl.form',
    file: profile('web:\n  logoutUrl: http://archive.contoso.example/signout\n'),
    message: ['web.logoutUrl', 'an https URL', "'http://archive.contoso.example/signout'"],
    line: 5,
  },
  {
    rule: 'oauth2PermissionScopes.value.length',
    file: profile(`api:\n  oauth2PermissionScopes:\n${scopes(1, 121)}`),
    message: ['api.oauth2PermissionScopes[0].value', 'scope values of at most 120 characters'],
  },
  {
    rule: 'oauth2PermissionScopes.personal',
    file: profile(`api:\n  oauth2PermissionScopes:\n${scopes(1, 41)}`, PERSONAL),
    message: ['api.oauth2PermissionScopes[0].value', 'at most 40 characters'],
  },
  {
    rule: 'entitlements.count',
    file: profile(`api:\n  oauth2PermissionScopes:\n${scopes(700, 10)}${list('appRoles', [ROLE])}`),
    message: ['appRoles', 'holds 701', 'at most 700 app roles and scopes together'],
  },
  {
    rule: 'preAuthorizedApplications.personal',
    file: profile(
      `api:\n  oauth2PermissionScopes:\n${scopes(31, 10)}  preAuthorizedApplications:\n    - appId: 04b07795-8ddb-461a-bbee-02f9e1bf7b46\n      delegatedPermissionIds: [${Array.from({ length: 31 }, (_, i) => scopeValue(i, 10)).join(', ')}]\n`,
      PERSONAL,
    ),
    message: [
      'api.preAuthorizedApplications[0].delegatedPermissionIds',
      'holds 31',
      '30 scopes per client',
    ],
  },
  {
    rule: 'appRoles.personal',
    file: profile(list('appRoles', [ROLE]), 'PersonalMicrosoftAccount'),
    message: [
      'appRoles',
      'holds 1',
      'no app roles for apps that sign in personal Microsoft accounts',
    ],
    line: 5,
  },
];

/** Rows a profile cannot break, and why. */
const NOT_IN_PROFILES: Record<string, string> = {};

function writeWorkspace(file: string): string {
  const workspace = mkdtempSync(join(tmpdir(), 'rea-rules-'));
  mkdirSync(dirname(join(workspace, FILE)), { recursive: true });
  writeFileSync(join(workspace, FILE), file);
  return workspace;
}

describe("Entra's app-model rules in the action", () => {
  it('has a bad profile for every row of the table a profile can break', () => {
    const covered = new Set([...CASES.map((c) => c.rule), ...Object.keys(NOT_IN_PROFILES)]);
    expect(APP_MODEL_RULES.map((r) => r.id).filter((id) => !covered.has(id))).toEqual([]);
  });

  it.each(CASES)('refuses a profile that breaks $rule before any write', async (c) => {
    const { cloud } = handle;
    const result = await runAction(
      cloud,
      { profile: FILE, ...c.inputs },
      { workspace: writeWorkspace(c.file) },
    );
    expect(result.code).toBe(1);
    const errors = result.stdout.split(/\r?\n/).filter((l) => l.startsWith('::error'));
    const text = errors.join('\n');
    for (const fragment of c.message) expect(text).toContain(fragment);
    if (c.line !== undefined) {
      const at = new RegExp(
        `^::error [^:]*file=${FILE.replace(/[.]/g, '\\.')},line=${c.line}(,|::)`,
      );
      expect(errors.some((l) => at.test(l))).toBe(true);
    }
    expect(cloud.log.writes('graph')).toEqual([]);
    expect(cloud.log.writes('github')).toEqual([]);
    expect(cloud.log.count()).toBe(0);
    expect(cloud.tenant.applicationByUniqueName('contoso-mail-archive')).toBeUndefined();
  });

  it('accepts identifier URIs that name the tenant or a domain', async () => {
    const { cloud } = handle;
    const file = profile(
      list('identifierUris', [
        `api://${cloud.tenant.tenantId}/mail-archive`,
        'https://contoso.onmicrosoft.com/archive',
      ]),
    );
    const result = await runAction(cloud, { profile: FILE }, { workspace: writeWorkspace(file) });
    expect(result.code).toBe(0);
    expect(cloud.tenant.applicationByUniqueName('contoso-mail-archive')?.identifierUris).toEqual([
      `api://${cloud.tenant.tenantId}/mail-archive`,
      'https://contoso.onmicrosoft.com/archive',
    ]);
  });
});
