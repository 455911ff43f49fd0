// The CLI for Microsoft 365 as a judge of the local cloud: installed on demand (pinned) into the
// git-ignored .conformance/ folder, then run against the cloud's real host names: sign in with the
// deployer's secret, add an app with Graph and Exchange application permissions, admin consent and a
// secret, read it back, list, add a permission, remove it; each checked against the tenant.
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CloudDescription, LocalCloud } from '@register-entra-app/local-cloud';
import { expect, parseJsonOutput, runCommand, runSteps, type Step } from './steps.js';

/** The pinned version of @pnp/cli-microsoft365. */
export const M365_CLI_VERSION = '11.11.0';

const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';
const EXCHANGE_APP_ID = '00000002-0000-0ff1-ce00-000000000000';

/** Where the CLI is installed: <repo>/.conformance/m365-cli. */
export function m365CliFolder(repoRoot: string): string {
  return join(repoRoot, '.conformance', 'm365-cli');
}

/** Installs the pinned CLI from the npm registry unless that version is there already; returns the `m365` path. */
export async function installM365Cli(repoRoot: string): Promise<string> {
  const folder = m365CliFolder(repoRoot);
  const bin = join(folder, 'node_modules', '.bin', 'm365');
  const manifest = join(folder, 'node_modules', '@pnp', 'cli-microsoft365', 'package.json');
  const installed = existsSync(manifest)
    ? (JSON.parse(readFileSync(manifest, 'utf8')) as { version?: string }).version
    : undefined;
  if (installed === M365_CLI_VERSION && existsSync(bin)) return bin;
  mkdirSync(folder, { recursive: true });
  console.log(`Installing @pnp/cli-microsoft365@${M365_CLI_VERSION} into ${folder} (once)…`);
  const result = await runCommand(
    [
      'npm',
      'install',
      '--prefix',
      folder,
      '--no-audit',
      '--no-fund',
      '--no-save',
      '--ignore-scripts',
      `@pnp/cli-microsoft365@${M365_CLI_VERSION}`,
    ],
    { ...(process.env as Record<string, string>) },
    600_000,
  );
  if (result.code !== 0)
    throw new Error(`npm install of the CLI for Microsoft 365 failed:\n${result.stderr}`);
  return bin;
}

/** The CLI's environment: its own HOME (config and token cache), the cloud's CA, no update check. */
export function m365Env(description: CloudDescription): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: mkdtempSync(join(tmpdir(), 'rea-m365-home-')),
    NODE_EXTRA_CA_CERTS: description.caCertPath,
    CLIMICROSOFT365_NOUPDATE: '1',
    CLIMICROSOFT365_ENV: 'conformance',
  };
}

/** `login` with the deployer's client secret, as `m365` arguments. */
export function toM365LoginArguments(description: CloudDescription): string[] {
  return [
    'login',
    '--authType',
    'secret',
    '--appId',
    description.deployerClientId,
    '--secret',
    description.deployerClientSecret,
    '--tenant',
    description.tenantId,
  ];
}

/** Runs the CLI's steps against the cloud; throws StepFailure after printing a failure. */
export async function runM365Suite(
  bin: string,
  cloud: LocalCloud,
  description: CloudDescription,
): Promise<void> {
  const name = `Conformance m365 ${Date.now()}`;
  let appId = '';
  const app = () => cloud.tenant.applicationByAppId(appId);
  const assignedRoles = (resourceAppId: string): string[] => {
    const sp = cloud.tenant.servicePrincipalByAppId(appId);
    return sp ? cloud.tenant.grantedRoleValues(sp.id, resourceAppId) : [];
  };
  const steps: Step[] = [
    {
      name: 'login --authType secret',
      command: [bin, ...toM365LoginArguments(description)],
    },
    {
      name: 'entra app add with Graph and Exchange application permissions, consent and a secret',
      command: [
        bin,
        'entra',
        'app',
        'add',
        '--name',
        name,
        '--apisApplication',
        'https://graph.microsoft.com/User.Read.All,https://outlook.office365.com/full_access_as_app',
        '--grantAdminConsent',
        '--withSecret',
        '--output',
        'json',
      ],
      check: (result) => {
        const out = parseJsonOutput<{ appId: string; secrets?: Array<{ value: string }> }>(result);
        appId = out.appId;
        // The CLI addresses Graph as /v1.0/myorganization/…: the cloud must serve that path.
        expect(
          cloud.log.entries.some((e) => e.path.startsWith('/v1.0/myorganization/')),
          'the CLI sent no /v1.0/myorganization/ request',
        );
        expect(app(), `no application with appId ${appId} in the tenant`);
        expect(app()?.displayName === name, `displayName is ${app()?.displayName}`);
        expect(out.secrets?.[0]?.value, 'no secret value in the output');
        expect(app()?.passwordCredentials.length === 1, 'the app holds no secret');
        const rra = app()?.requiredResourceAccess.map((r) => r.resourceAppId) ?? [];
        expect(
          rra.includes(GRAPH_APP_ID) && rra.includes(EXCHANGE_APP_ID),
          `requiredResourceAccess names ${rra.join(', ')}`,
        );
        expect(assignedRoles(GRAPH_APP_ID).includes('User.Read.All'), 'User.Read.All not granted');
        expect(
          assignedRoles(EXCHANGE_APP_ID).includes('full_access_as_app'),
          'full_access_as_app not granted',
        );
      },
    },
    {
      name: 'entra app get',
      command: [bin, 'entra', 'app', 'get', '--appId', '{appId}', '--output', 'json'],
      check: (result) => {
        const out = parseJsonOutput<{ appId: string; displayName: string }>(result);
        expect(
          out.appId === appId && out.displayName === name,
          `got ${out.appId} ${out.displayName}`,
        );
      },
    },
    {
      name: 'entra app list',
      command: [bin, 'entra', 'app', 'list', '--output', 'json'],
      check: (result) => {
        const out = parseJsonOutput<Array<{ appId: string }>>(result);
        expect(
          out.some((a) => a.appId === appId),
          `the list of ${out.length} apps lacks ${appId}`,
        );
      },
    },
    {
      name: 'entra app permission add --grantAdminConsent',
      command: [
        bin,
        'entra',
        'app',
        'permission',
        'add',
        '--appId',
        '{appId}',
        '--applicationPermissions',
        'https://graph.microsoft.com/Group.Read.All',
        '--grantAdminConsent',
      ],
      check: () => {
        const graph = app()?.requiredResourceAccess.find((r) => r.resourceAppId === GRAPH_APP_ID);
        expect(graph?.resourceAccess.length === 2, 'Group.Read.All not required');
        expect(
          assignedRoles(GRAPH_APP_ID).includes('Group.Read.All'),
          'Group.Read.All not granted',
        );
      },
    },
    {
      name: 'entra app remove',
      command: [bin, 'entra', 'app', 'remove', '--appId', '{appId}', '--force'],
      check: () => {
        expect(!app(), `application ${appId} still exists`);
        expect(!cloud.tenant.servicePrincipalByAppId(appId), 'its service principal still exists');
      },
    },
  ];
  // Later steps name the app the first one created.
  const resolved = steps.map((step) => ({
    ...step,
    get command() {
      return step.command.map((a) => (a === '{appId}' ? appId : a));
    },
  }));
  await runSteps('m365', cloud, m365Env(description), resolved);
}
