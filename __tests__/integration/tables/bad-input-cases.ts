// The table of hardening-bad-input.test.ts: one bad input per row and the message parts its
// failure must show. Kept apart from the test so scripts/reliability-figures.ts can count it.
import type { TokenPermissions } from '@register-entra-app/local-cloud';

/** One bad input and the message parts that must appear in the failure. */
export interface BadInputCase {
  name: string;
  inputs: Record<string, string>;
  /** The github-token input; null leaves it unset. */
  githubToken?: null;
  /** A github-token with these permissions instead of the cloud's writer token. */
  token?: TokenPermissions;
  /** Each must match the failure message: what is wrong (input or key), the bad value, the expected form. */
  message: RegExp[];
  /** 'none': not a single request; 'reads': the tenant was read (to resolve permission names) but nothing written. */
  requests: 'none' | 'reads';
}

const valid = `
displayName: Bad Input Probe
uniqueName: bad-input-probe
permissions:
  - resource: Microsoft Graph
    application: [User.Read.All]
credential:
  type: secret
`;
const secret = { 'secret-name': 'BAD_INPUT_SECRET' };
const withApp = (app: string, more: Record<string, string> = {}): Record<string, string> => ({
  app,
  ...secret,
  ...more,
});
const edit = (from: string, to: string): string => {
  if (!valid.includes(from)) throw new Error(`The probe profile has no '${from}'.`);
  return valid.replace(from, to);
};
const federated = (count: number): string =>
  `federatedCredentials:\n${Array.from({ length: count }, (_, i) => `  - name: fic-${i}\n    issuer: https://token.actions.githubusercontent.com\n    subject: repo:octo-org/octo-repo:environment:env-${i}\n`).join('')}`;

export const BAD_INPUT_CASES: BadInputCase[] = [
  {
    name: 'a mailbox count from vars that would make more than 99 apps',
    inputs: {
      profile: 'commvault-exchange',
      ...secret,
      vars: 'mailboxes=10000000\ncommandCenterUrl=https://commvault.contoso.example/commandcenter',
    },
    message: [/instances.mailboxes/, /10000000 is too large/, /at most 96500/],
    requests: 'none',
  },
  {
    name: 'a profile path outside the workspace',
    inputs: { profile: '/etc/passwd', ...secret },
    message: [/profile/, /'\/etc\/passwd'/, /outside the workspace/, /\.github\/entra\/app\.yaml/],
    requests: 'none',
  },
  {
    name: 'a relative profile path climbing out of the workspace',
    inputs: { profile: '../../../../proc/self/environ', ...secret },
    message: [/profile/, /outside the workspace/],
    requests: 'none',
  },
  {
    name: 'a tenant-id of no tenant (AADSTS90002 at instance discovery)',
    inputs: withApp(valid, { 'tenant-id': '0b5e4f3a-7c1d-4e2b-9a8f-6d3c2b1a0f9e' }),
    message: [/tenant-id/, /0b5e4f3a-7c1d-4e2b-9a8f-6d3c2b1a0f9e was not found/, /AADSTS90002/],
    requests: 'reads',
  },
  {
    name: 'a display name with a newline and a workflow command',
    inputs: withApp(edit('displayName: Bad Input Probe', 'displayName: "Evil\\n::error::pwned"')),
    message: [/displayName/, /without control characters/],
    requests: 'none',
  },
  // GitHub targets the credential cannot be delivered to, found by reads before any Entra write.
  {
    name: 'an environment that does not exist',
    inputs: withApp(valid, { 'secret-scope': 'environment', 'secret-environment': 'prod-eu' }),
    message: [/environment "prod-eu"/, /does not exist/, /Settings → Environments/],
    requests: 'reads',
  },
  {
    name: 'a secret-repository the token cannot reach',
    inputs: withApp(valid, { 'secret-repository': 'octo-org/hidden-repo' }),
    message: [/octo-org\/hidden-repo/, /does not exist or the token cannot see it/],
    requests: 'reads',
  },
  {
    name: 'organization visibility selected with an unknown repository',
    inputs: withApp(valid, {
      'secret-scope': 'organization',
      'secret-organization': 'octo-org',
      'secret-visibility': 'selected',
      'secret-repositories': 'no-such-repo',
    }),
    message: [/octo-org\/no-such-repo/, /secret-repositories/],
    requests: 'reads',
  },
  {
    name: 'a token limited to another repository',
    inputs: withApp(valid),
    token: { secrets: 'write', variables: 'write', repositories: ['octo-org/other-repo'] },
    message: [/octo-org\/octo-repo/, /does not exist or the token cannot see it/],
    requests: 'reads',
  },
  {
    name: 'a token without the Variables permission (the record of the held credential is a variable)',
    inputs: withApp(valid, { 'store-ids': 'variables' }),
    token: { secrets: 'write', variables: 'none', kind: 'personal access token' },
    message: [/403/, /Variables: read and write/],
    requests: 'reads',
  },
  // Inputs of action.yml.
  {
    name: 'a tenant-id that is neither a GUID nor a domain',
    inputs: withApp(valid, { 'tenant-id': 'contoso' }),
    message: [/tenant-id/, /'contoso'/, /GUID\) or a verified domain/],
    requests: 'none',
  },
  {
    name: 'a client-id that is not a GUID',
    inputs: withApp(valid, { 'client-id': 'deployer-app' }),
    message: [/client-id/, /'deployer-app'/, /client\) ID GUID/],
    requests: 'none',
  },
  {
    name: 'a mode that is not apply or plan',
    inputs: withApp(valid, { mode: 'deploy' }),
    message: [/mode/, /'deploy'/, /one of: apply, plan/],
    requests: 'none',
  },
  {
    name: 'a cloud that is not a national cloud',
    inputs: withApp(valid, { cloud: 'AzureGermanCloud' }),
    message: [
      /cloud/,
      /'AzureGermanCloud'/,
      /one of: AzurePublicCloud, AzureUSGovernment, AzureChinaCloud/,
    ],
    requests: 'none',
  },
  {
    name: 'neither app nor profile',
    inputs: { ...secret, app: '', profile: '' },
    message: [/profile/, /'app'/, /built-in profile name or a file/],
    requests: 'none',
  },
  {
    name: 'a misspelt built-in profile',
    inputs: { profile: 'codetwo-backup-exchnage', ...secret },
    message: [
      /Unknown built-in profile 'codetwo-backup-exchnage'/,
      /codetwo-backup-exchange/,
      /Available:/,
    ],
    requests: 'none',
  },
  {
    name: 'a profile file missing from the workspace',
    inputs: { profile: '.github/entra/missing.yaml', ...secret },
    message: [
      /'\.github\/entra\/missing\.yaml' not found/,
      /expected a \.yaml, \.yml or \.json file/,
    ],
    requests: 'none',
  },
  {
    name: 'a credential-type that does not exist',
    inputs: withApp(valid, { 'credential-type': 'password' }),
    message: [/credential-type/, /'password'/, /one of: secret, certificate, none/],
    requests: 'none',
  },
  {
    name: 'a credential-lifetime-days beyond ten years',
    inputs: withApp(valid, { 'credential-lifetime-days': '4000' }),
    message: [/credential-lifetime-days/, /'4000'/, /whole number from 1 to 3650/],
    requests: 'none',
  },
  {
    name: 'a rotate value that is not auto, always or never',
    inputs: withApp(valid, { rotate: 'weekly' }),
    message: [/rotate/, /'weekly'/, /one of: auto, always, never/],
    requests: 'none',
  },
  {
    name: 'keep-credentials above the limit',
    inputs: withApp(valid, { 'keep-credentials': '11' }),
    message: [/keep-credentials/, /'11'/, /whole number from 0 to 10/],
    requests: 'none',
  },
  {
    name: 'a fail-on-drift that is not a boolean',
    inputs: withApp(valid, { 'fail-on-drift': 'yes' }),
    message: [/fail-on-drift/, /'yes'/, /true or false/],
    requests: 'none',
  },
  {
    name: 'a secret-scope that does not exist',
    inputs: withApp(valid, { 'secret-scope': 'team' }),
    message: [/secret-scope/, /'team'/, /one of: repository, environment, organization/],
    requests: 'none',
  },
  {
    name: 'secret-scope environment without an environment',
    inputs: withApp(valid, { 'secret-scope': 'environment' }),
    message: [/secret-environment/, /'environment'/, /name of the GitHub environment/],
    requests: 'none',
  },
  {
    name: 'a secret-repository without an owner',
    inputs: withApp(valid, { 'secret-repository': 'octo-repo' }),
    message: [/secret-repository/, /'octo-repo'/, /\{owner\}\/\{repo\}/],
    requests: 'none',
  },
  {
    name: 'selected visibility with no repositories',
    inputs: withApp(valid, { 'secret-scope': 'organization', 'secret-visibility': 'selected' }),
    message: [/secret-repositories/, /'selected'/, /List the repository names/],
    requests: 'none',
  },
  {
    name: 'a secret name with a hyphen',
    inputs: withApp(valid, { 'secret-name': 'bad-input-secret' }),
    message: [/secret-name/, /'bad-input-secret'/, /letters, digits and underscores/],
    requests: 'none',
  },
  {
    name: 'a secret name starting with GITHUB_',
    inputs: withApp(valid, { 'secret-name': 'GITHUB_APP_SECRET' }),
    message: [/secret-name/, /'GITHUB_APP_SECRET'/, /not starting with a digit or GITHUB_/],
    requests: 'none',
  },
  {
    name: 'a secret name starting with a digit',
    inputs: withApp(valid, { 'secret-name': '1PASSWORD_SECRET' }),
    message: [/secret-name/, /'1PASSWORD_SECRET'/, /not starting with a digit/],
    requests: 'none',
  },
  {
    name: 'no secret-name for a profile that creates a secret',
    inputs: { app: valid },
    message: [/secret-name is required/, /client secret/, /e\.g\. BAD_INPUT_PROBE_CLIENT_SECRET/],
    requests: 'none',
  },
  {
    name: 'no github-token when a secret must be stored',
    inputs: withApp(valid),
    githubToken: null,
    message: [
      /github-token is required/,
      /GITHUB_TOKEN cannot write secrets/,
      /Secrets: read and write/,
    ],
    requests: 'none',
  },
  {
    name: 'a client secret asked for a certificate-only profile',
    inputs: { profile: 'codetwo-backup-sharepoint', ...secret, 'credential-type': 'secret' },
    message: [/credential-type/, /'secret'/, /certificate/],
    requests: 'none',
  },
  {
    name: 'an authority-host over http',
    inputs: withApp(valid, { 'authority-host': 'http://login.example.test' }),
    message: [/authority-host/, /'http:\/\/login\.example\.test'/, /https URL of the host root/],
    requests: 'none',
  },
  {
    name: 'a graph-endpoint with a version path',
    inputs: withApp(valid, { 'graph-endpoint': 'https://graph.microsoft.com/v1.0' }),
    message: [/graph-endpoint/, /'https:\/\/graph\.microsoft\.com\/v1\.0'/, /without a path/],
    requests: 'none',
  },
  {
    name: 'a certificate without its key',
    inputs: withApp(valid, {
      'credential-type': 'certificate',
      certificate: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----',
    }),
    message: [/certificate-key is required/, /PEM certificate and its private key together/],
    requests: 'none',
  },
  {
    name: 'a vars line without =',
    inputs: withApp(valid, { vars: 'tenantName' }),
    message: [/vars line 1/, /'tenantName'/, /name=value/],
    requests: 'none',
  },
  // The profile, checked against the schema and Entra's rules before sign-in.
  {
    name: 'a profile that is not valid YAML',
    inputs: withApp('displayName: [Bad Input Probe\nuniqueName: x'),
    message: [/not valid YAML/, /line|column/i],
    requests: 'none',
  },
  {
    name: 'an unknown profile key',
    inputs: withApp(edit('displayName:', 'displayname:')),
    message: [/Unknown key 'displayname'/, /displayName/],
    requests: 'none',
  },
  {
    name: 'a profile key of the wrong type',
    inputs: withApp(edit('application: [User.Read.All]', 'application: User.Read.All')),
    message: [/permissions\[0\]\.application/, /'User\.Read\.All'/, /expected/],
    requests: 'none',
  },
  {
    name: 'a displayName over 256 characters',
    inputs: withApp(edit('displayName: Bad Input Probe', `displayName: ${'B'.repeat(257)}`)),
    message: [/displayName/, /257 characters long/, /1 to 256 characters/],
    requests: 'none',
  },
  {
    name: 'a web redirect URI over http that is not localhost',
    inputs: withApp(`${valid}web:\n  redirectUris: [http://app.contoso.example/auth]\n`),
    message: [
      /web\.redirectUris\[0\]/,
      /'http:\/\/app\.contoso\.example\/auth'/,
      /uses http/,
      /expected an https URL/,
    ],
    requests: 'none',
  },
  {
    name: 'a redirect URI with a character Entra refuses',
    inputs: withApp(
      `${valid}web:\n  redirectUris: ["https://app.contoso.example/auth;jsessionid"]\n`,
    ),
    message: [
      /web\.redirectUris\[0\]/,
      /jsessionid/,
      /character Entra does not accept/,
      /expected an https URL/,
    ],
    requests: 'none',
  },
  {
    name: 'a redirect URI with a fragment',
    inputs: withApp(`${valid}web:\n  redirectUris: ["https://app.contoso.example/auth#done"]\n`),
    message: [/web\.redirectUris\[0\]/, /#done/, /fragment/],
    requests: 'none',
  },
  {
    name: 'more than 20 federated credentials',
    inputs: withApp(`${valid}${federated(21)}`),
    message: [/federatedCredentials/, /21 items/, /at most 20/],
    requests: 'none',
  },
  {
    name: 'a federated credential issuer over http',
    inputs: withApp(`${valid}${federated(1).replace('https://token', 'http://token')}`),
    message: [
      /federatedCredentials\[0\]\.issuer/,
      /'http:\/\/token\.actions\.githubusercontent\.com'/,
      /https/,
    ],
    requests: 'none',
  },
  {
    name: 'a profile lifetimeDays beyond ten years',
    inputs: withApp(edit('type: secret', 'type: secret\n  lifetimeDays: 5000')),
    message: [/credential\.lifetimeDays/, /5000/, /expected at most 3650/],
    requests: 'none',
  },
  {
    name: 'a profile credential type it does not allow',
    inputs: withApp(edit('type: secret', 'type: secret\n  allowed: [certificate]')),
    message: [/credential\.type/, /'secret'/, /certificate/],
    requests: 'none',
  },
  {
    name: 'a resource listed twice',
    inputs: withApp(
      valid.replace(
        'credential:',
        '  - resource: Microsoft Graph\n    delegated: [User.Read]\ncredential:',
      ),
    ),
    message: [/permissions\[1\]\.resource/, /'Microsoft Graph'/, /each resource once/],
    requests: 'none',
  },
  {
    name: 'an unknown base profile in extends',
    inputs: withApp(`extends: codetwo-backup-exchnage\n${valid}`),
    message: [/codetwo-backup-exchnage/, /codetwo-backup-exchange/],
    requests: 'none',
  },
  // Permission names resolve through the tenant's resource service principals: read, never written.
  {
    name: 'an unknown permission',
    inputs: withApp(edit('[User.Read.All]', '[User.Read.Alll]')),
    message: [/permissions\[0\]\.application\[0\]/, /'User\.Read\.Alll'/, /User\.Read\.All/],
    requests: 'reads',
  },
  {
    name: 'a delegated permission listed as an application permission',
    inputs: withApp(edit('application: [User.Read.All]', 'application: [User.Read]')),
    message: [
      /permissions\[0\]\.application\[0\]/,
      /User\.Read is a delegated permission/,
      /expected it under delegated/,
    ],
    requests: 'reads',
  },
  {
    name: 'a resource the tenant does not have',
    inputs: withApp(edit('resource: Microsoft Graph', 'resource: Contoso Ledger API')),
    message: [
      /permissions\[0\]\.resource/,
      /'Contoso Ledger API'/,
      /expected the display name or appId of an API/,
    ],
    requests: 'reads',
  },
];
