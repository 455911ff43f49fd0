// The Azure CLI as a judge of the local cloud (where `az` is on PATH): service-principal sign-in
// with a secret and with a federated token from the cloud's OIDC issuer (both read
// management.azure.com afterwards), then app, service principal, permission, secret and federated
// credential commands against Graph; each checked against the tenant.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CloudDescription, LocalCloud } from '@register-entra-app/local-cloud';
import { expect, parseJsonOutput, runCommand, runSteps, type Step } from './steps.js';

const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';
/** Microsoft Graph's User.Read.All application permission. */
const USER_READ_ALL_ROLE = 'df021288-bdef-4463-88db-98f22de89214';
const FIC_NAME = 'conformance-main';

/** The `az` on PATH, or undefined. */
export async function findAzureCli(): Promise<string | undefined> {
  const result = await runCommand(['sh', '-c', 'command -v az'], {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
  });
  return result.code === 0 ? result.stdout.trim() : undefined;
}

/** The CLI's environment: its own config folder, the cloud's CA for Python's requests, no telemetry. */
function azureCliEnv(description: CloudDescription): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: mkdtempSync(join(tmpdir(), 'rea-az-home-')),
    AZURE_CONFIG_DIR: mkdtempSync(join(tmpdir(), 'rea-az-config-')),
    REQUESTS_CA_BUNDLE: description.caCertPath,
    AZURE_CORE_COLLECT_TELEMETRY: 'false',
    AZURE_CORE_NO_COLOR: 'true',
    AZURE_CORE_ONLY_SHOW_ERRORS: 'true',
  };
}

/** Runs the Azure CLI's steps against the cloud; throws StepFailure after printing a failure. */
export async function runAzureCliSuite(
  az: string,
  cloud: LocalCloud,
  description: CloudDescription,
): Promise<void> {
  let appId = '';
  const app = () => cloud.tenant.applicationByAppId(appId);
  const login = (credential: string[]): string[] => [
    az,
    'login',
    '--service-principal',
    '--username',
    description.deployerClientId,
    ...credential,
    '--tenant',
    description.tenantId,
    '--allow-no-subscriptions',
    '--output',
    'json',
  ];
  const checkLogin = (result: { stdout: string }): void => {
    const accounts = parseJsonOutput<Array<{ tenantId: string }>>({
      ...result,
      code: 0,
      stderr: '',
    });
    expect(accounts[0]?.tenantId === description.tenantId, `signed in to ${accounts[0]?.tenantId}`);
    // With its management token, az lists the tenant's subscriptions (none: a tenant-level account).
    expect(
      cloud.log.entries.some(
        (e) =>
          e.service === 'management' && e.status === 200 && e.path.startsWith('/subscriptions'),
      ),
      'az did not read /subscriptions from management.azure.com',
    );
  };
  const steps: Step[] = [
    {
      name: 'login --service-principal with a secret',
      command: login(['--password', description.deployerClientSecret]),
      check: checkLogin,
    },
    {
      name: 'ad app create',
      command: [az, 'ad', 'app', 'create', '--display-name', 'Conformance az', '--output', 'json'],
      check: (result) => {
        appId = parseJsonOutput<{ appId: string }>(result).appId;
        expect(app()?.displayName === 'Conformance az', `no application ${appId}`);
      },
    },
    {
      name: 'ad sp create',
      command: [az, 'ad', 'sp', 'create', '--id', '{appId}', '--output', 'json'],
      check: () => expect(cloud.tenant.servicePrincipalByAppId(appId), 'no service principal'),
    },
    {
      name: 'ad app permission add',
      command: [
        az,
        'ad',
        'app',
        'permission',
        'add',
        '--id',
        '{appId}',
        '--api',
        GRAPH_APP_ID,
        '--api-permissions',
        `${USER_READ_ALL_ROLE}=Role`,
      ],
      check: () => {
        const graph = app()?.requiredResourceAccess.find((r) => r.resourceAppId === GRAPH_APP_ID);
        expect(
          graph?.resourceAccess.some((a) => a.id === USER_READ_ALL_ROLE && a.type === 'Role'),
          'User.Read.All is not required',
        );
      },
    },
    {
      name: 'ad app credential reset --append',
      command: [
        az,
        'ad',
        'app',
        'credential',
        'reset',
        '--id',
        '{appId}',
        '--append',
        '--output',
        'json',
      ],
      check: (result) => {
        const out = parseJsonOutput<{ password?: string }>(result);
        expect(out.password, 'no password in the output');
        expect(app()?.passwordCredentials.length === 1, 'the app holds no secret');
      },
    },
    {
      name: 'ad app federated-credential create',
      command: [
        az,
        'ad',
        'app',
        'federated-credential',
        'create',
        '--id',
        '{appId}',
        '--parameters',
        JSON.stringify({
          name: FIC_NAME,
          issuer: 'https://token.actions.githubusercontent.com',
          subject: 'repo:octo-org/octo-repo:ref:refs/heads/main',
          audiences: ['api://AzureADTokenExchange'],
        }),
        '--output',
        'json',
      ],
      check: () =>
        expect(
          app()?.federatedIdentityCredentials.some((c) => c.name === FIC_NAME),
          `no federated credential ${FIC_NAME}`,
        ),
    },
    {
      name: 'ad app federated-credential show by name',
      command: [
        az,
        'ad',
        'app',
        'federated-credential',
        'show',
        '--id',
        '{appId}',
        '--federated-credential-id',
        FIC_NAME,
        '--output',
        'json',
      ],
      check: (result) =>
        expect(parseJsonOutput<{ name: string }>(result).name === FIC_NAME, 'wrong credential'),
    },
    {
      name: 'ad app federated-credential delete by name',
      command: [
        az,
        'ad',
        'app',
        'federated-credential',
        'delete',
        '--id',
        '{appId}',
        '--federated-credential-id',
        FIC_NAME,
      ],
      check: () =>
        expect(app()?.federatedIdentityCredentials.length === 0, 'the credential still exists'),
    },
    {
      name: 'login --service-principal --federated-token (from the cloud OIDC issuer)',
      command: [],
      check: checkLogin,
    },
    {
      name: 'ad app delete',
      command: [az, 'ad', 'app', 'delete', '--id', '{appId}'],
      check: () => expect(!app(), `application ${appId} still exists`),
    },
  ];
  const resolved = steps.map((step) => ({
    ...step,
    get command() {
      // The federated token is minted when the step runs: it lives five minutes.
      if (step.command.length === 0)
        return login([
          '--federated-token',
          cloud.oidc.mintIdToken({}, 'api://AzureADTokenExchange'),
        ]);
      return step.command.map((a) => (a === '{appId}' ? appId : a));
    },
  }));
  await runSteps('az', cloud, azureCliEnv(description), resolved);
}
