// The bootstrap end to end: an administrator app signs in with a client secret, registers the
// deployer through the action's planner and executor, sets up the repository, and the action's
// first run, signed in as that deployer with the variables it set, succeeds.
import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { LocalCloud } from '@register-entra-app/local-cloud';
import {
  REPOSITORY,
  viewApp,
  createTestCertificate,
  toKeyCredential,
  useLocalCloud,
  withLocalCloud,
} from '@register-entra-app/local-cloud/testing';
import {
  runAction,
  runBootstrap,
  watchDeviceCodeSignIn,
} from '@register-entra-app/local-cloud/runner';

const handle = useLocalCloud({ administrator: true });
const GRAPH = '00000003-0000-0000-c000-000000000000';
const PROFILE = 'mail-gateway-graph-delivery';
const WORKFLOW = `.github/workflows/entra-${PROFILE}.yml`;

function bootstrapArgs(cloud: LocalCloud, ...extra: string[]): string[] {
  return [
    '--repo',
    'octo-org/octo-repo',
    '--environment',
    'entra-admin',
    '--profile',
    PROFILE,
    '--graph-endpoint',
    cloud.urls.graphEndpoint,
    '--issuer',
    cloud.urls.oidcIssuer,
    ...extra,
  ];
}

/** The Graph app role values granted to the app's service principal. */
function grantedRoles(cloud: LocalCloud, uniqueName: string): string[] {
  const graph = cloud.tenant.servicePrincipalByAppId(GRAPH)!;
  return viewApp(cloud, uniqueName)
    .assignments.filter((key) => key.startsWith(`${GRAPH} `))
    .map((key) => graph.appRoles.find((r) => r.id === key.split(' ')[1])?.value ?? key)
    .sort();
}

function variable(cloud: LocalCloud, name: string): string {
  const value = cloud.github.variableValue(REPOSITORY, name);
  if (value === undefined) throw new Error(`The bootstrap did not set the variable ${name}.`);
  return value;
}

/** The action's inputs and job environment as the committed starter workflow gives them. */
function readStarterWorkflow(cloud: LocalCloud): {
  inputs: Record<string, string>;
  environment: string | undefined;
} {
  const file = cloud.github.state.repository('octo-org/octo-repo')!.branches.get('main')!;
  const text = file.get(WORKFLOW)?.content.toString('utf8');
  if (!text) throw new Error(`The bootstrap did not commit ${WORKFLOW}.`);
  const job = (parse(text) as { jobs: Record<string, Record<string, unknown>> }).jobs.register;
  const step = (job.steps as Array<{ with?: Record<string, unknown> }>).find((s) => s.with)!;
  const inputs = Object.fromEntries(
    Object.entries(step.with!).map(([name, value]) => [
      name,
      String(value)
        .replace(/\$\{\{\s*vars\.(\w+)\s*\}\}/g, (_, v: string) => variable(cloud, v))
        .replace(/\$\{\{\s*secrets\.\w+\s*\}\}/g, cloud.githubToken),
    ]),
  );
  return { inputs, environment: job.environment as string | undefined };
}

describe('bootstrap', () => {
  it('registers a least-privilege deployer whose subjects use the immutable form, and the action runs as it', async () => {
    const { cloud } = handle;
    const repo = cloud.github.state.repository('octo-org/octo-repo')!;
    repo.oidcSubject.useImmutableSubject = true;
    const prefix = `repo:octo-org@${repo.owner.id}/octo-repo@${repo.id}`;

    const first = await runBootstrap(cloud, bootstrapArgs(cloud, '--yes'), {
      GH_TOKEN: cloud.githubToken,
    });
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);

    const deployer = viewApp(cloud, 'register-entra-app-deployer');
    expect(deployer.app.federatedIdentityCredentials.map((c) => c.subject).sort()).toEqual([
      `${prefix}:environment:entra-admin`,
      `${prefix}:ref:refs/heads/main`,
    ]);
    expect(grantedRoles(cloud, 'register-entra-app-deployer')).toEqual([
      'AppRoleAssignment.ReadWrite.All',
      'Application.Read.All',
      'Application.ReadWrite.OwnedBy',
    ]);
    expect(deployer.app.passwordCredentials).toEqual([]);
    expect(variable(cloud, 'ENTRA_TENANT_ID')).toBe(cloud.tenant.tenantId);
    expect(variable(cloud, 'ENTRA_DEPLOYER_CLIENT_ID')).toBe(deployer.app.appId);
    expect(repo.environments.has('entra-admin')).toBe(true);
    expect(first.stdout).toContain('Not done by the bootstrap:');
    expect(first.stdout).toContain('SECRETS_WRITER_TOKEN');

    const { inputs, environment } = readStarterWorkflow(cloud);
    expect(environment).toBe('entra-admin');
    const run = await runAction(
      cloud,
      {
        ...inputs,
        'authority-host': cloud.urls.authorityHost,
        'graph-endpoint': cloud.urls.graphEndpoint,
      },
      { claims: { environment } },
    );
    expect(run.log).not.toContain('::error::');
    expect(run.code).toBe(0);
    const product = viewApp(cloud, PROFILE);
    expect(product.servicePrincipal?.owners).toContain(deployer.servicePrincipal!.id);
    expect(cloud.github.secretValue(REPOSITORY, inputs['secret-name'])).toBeTruthy();
  });

  it('changes nothing in Entra or GitHub when run again', async () => {
    const { cloud } = handle;
    const second = await runBootstrap(cloud, bootstrapArgs(cloud, '--yes'), {
      GH_TOKEN: cloud.githubToken,
    });
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('No changes. The apps and the repository match.');
    expect(cloud.log.writes('graph')).toEqual([]);
    expect(cloud.log.writes('github')).toEqual([]);
  });

  it('shows the plan and changes nothing with --plan', async () => {
    await withLocalCloud({ administrator: true }, async (cloud) => {
      const result = await runBootstrap(cloud, bootstrapArgs(cloud, '--plan', '--pull-requests'), {
        GH_TOKEN: cloud.githubToken,
      });
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('Plan for "GitHub register-entra-app deployer" (new)');
      expect(result.stdout).toContain('Plan for "GitHub register-entra-app planner" (new)');
      expect(result.stdout).toContain('variable ENTRA_DEPLOYER_CLIENT_ID = (known after apply)');
      expect(result.stdout).toContain('Plan only (--plan): nothing was changed.');
      expect(cloud.tenant.applicationByUniqueName('register-entra-app-deployer')).toBeUndefined();
      expect(cloud.log.writes('graph')).toEqual([]);
      expect(cloud.log.writes('github')).toEqual([]);
    });
  });

  it('without a GitHub token, registers the apps and prints the variables and the workflow to add', async () => {
    await withLocalCloud({ administrator: true }, async (cloud) => {
      const result = await runBootstrap(
        cloud,
        bootstrapArgs(cloud, '--yes', '--pull-requests', '--profile', 'docbits-email-import'),
      );
      expect(result.code).toBe(0);
      const deployer = viewApp(cloud, 'register-entra-app-deployer');
      const planner = viewApp(cloud, 'register-entra-app-planner');
      expect(result.stdout).toContain(`ENTRA_DEPLOYER_CLIENT_ID = ${deployer.app.appId}`);
      expect(result.stdout).toContain(`ENTRA_PLANNER_CLIENT_ID = ${planner.app.appId}`);
      expect(result.stdout).toContain(
        'Commit this workflow as .github/workflows/entra-docbits-email-import.yml',
      );
      expect(result.stdout).toContain('nothing was written to the repository');
      // The profile asks for delegated permissions, whose consent is a grant.
      expect(grantedRoles(cloud, 'register-entra-app-deployer')).toContain(
        'DelegatedPermissionGrant.ReadWrite.All',
      );
      expect(planner.app.federatedIdentityCredentials.map((c) => c.subject).sort()).toEqual([
        'repo:octo-org/octo-repo:pull_request',
        'repo:octo-org/octo-repo:ref:refs/heads/main',
      ]);
      expect(cloud.log.writes('github')).toEqual([]);
    });
  });

  it('refuses a repository with a custom OIDC subject template before changing anything', async () => {
    await withLocalCloud({ administrator: true }, async (cloud) => {
      cloud.github.state.repository('octo-org/octo-repo')!.oidcSubject = {
        useDefault: false,
        includeClaimKeys: ['repo', 'context', 'job_workflow_ref'],
        useImmutableSubject: false,
      };
      const result = await runBootstrap(cloud, bootstrapArgs(cloud, '--yes'), {
        GH_TOKEN: cloud.githubToken,
      });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(
        'customizes its OIDC subject (claim keys: repo, context, job_workflow_ref)',
      );
      expect(cloud.log.writes('graph')).toEqual([]);
    });
  });

  it('refuses an unknown profile before signing in', async () => {
    await withLocalCloud({ administrator: true }, async (cloud) => {
      const result = await runBootstrap(cloud, [
        ...bootstrapArgs(cloud, '--yes'),
        '--profile',
        'no-such-profile',
      ]);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('no-such-profile');
      expect(cloud.log.count('entra')).toBe(0);
    });
  });

  it('without credentials or the Azure CLI, asks the administrator to enter a device code', async () => {
    const { cloud } = handle;
    const args = ['--tenant', cloud.tenant.tenantId, ...bootstrapArgs(cloud, '--yes')];
    const output = await watchDeviceCodeSignIn(cloud, args, /needs one of those roles\.\n/);
    expect(output).toMatch(
      new RegExp(
        `Signing in to ${cloud.urls.authorityHost.replace(/\./g, '\\.')} \\(device code\\)\\.\n` +
          'To sign in, open https://microsoft\\.com/devicelogin in a browser and enter the code [A-Z0-9]{9}\\.\n' +
          'Sign in as a Privileged Role Administrator or Global Administrator of the tenant: granting\n' +
          'Microsoft Graph application permissions needs one of those roles\\.\n',
      ),
    );
    expect(cloud.log.writes('graph')).toEqual([]);
  });

  it('signs in with a certificate from AZURE_CLIENT_CERTIFICATE_PATH', async () => {
    await withLocalCloud({ administrator: true }, async (cloud) => {
      const certificate = createTestCertificate();
      cloud.tenant
        .applicationByAppId(cloud.administrator!.clientId)!
        .keyCredentials.push(toKeyCredential(certificate, 0));
      const path = join(mkdtempSync(join(tmpdir(), 'rea-cert-')), 'admin.pem');
      writeFileSync(path, `${certificate.privateKeyPem}\n${certificate.certificatePem}`);
      const result = await runBootstrap(cloud, bootstrapArgs(cloud, '--plan'), {
        AZURE_CLIENT_SECRET: '',
        AZURE_CLIENT_CERTIFICATE_PATH: path,
      });
      expect(result.stdout).toContain('(environment (certificate)).');
      expect(result.stdout).toContain(`Signed in to tenant ${cloud.tenant.tenantId}.`);
      expect(result.code).toBe(0);
    });
  });

  it('names the repository permission a GitHub token lacks, before changing anything', async () => {
    await withLocalCloud({ administrator: true }, async (cloud) => {
      const result = await runBootstrap(cloud, bootstrapArgs(cloud, '--yes'), {
        GH_TOKEN: cloud.workflowToken,
      });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(
        'Read the OIDC subject settings of octo-org/octo-repo failed: 403 Resource not accessible by integration. ' +
          'The token needs the repository permission Actions: read on octo-org/octo-repo',
      );
      expect(cloud.log.writes('graph')).toEqual([]);
      expect(cloud.log.writes('github')).toEqual([]);
    });
  });

  it('stops at a workflow file the token may not write, and a re-run with a token that may finishes the job', async () => {
    await withLocalCloud({ administrator: true }, async (cloud) => {
      const token = 'github_pat_without_workflow_scope';
      cloud.github.addToken(token, {
        secrets: 'none',
        variables: 'write',
        administration: 'write',
        contents: 'write',
        actions: 'read',
      });
      const failed = await runBootstrap(cloud, bootstrapArgs(cloud, '--yes'), { GH_TOKEN: token });
      expect(failed.code).toBe(1);
      expect(failed.stderr).toContain(
        `Commit ${WORKFLOW} to main of octo-org/octo-repo failed: 404`,
      );
      expect(failed.stderr).toContain('the token lacks the Workflows permission');
      const deployer = viewApp(cloud, 'register-entra-app-deployer');
      expect(variable(cloud, 'ENTRA_DEPLOYER_CLIENT_ID')).toBe(deployer.app.appId);

      const rerun = await runBootstrap(cloud, bootstrapArgs(cloud, '--yes'), {
        GH_TOKEN: cloud.githubToken,
      });
      expect(rerun.code).toBe(0);
      expect(rerun.stdout).toContain(`+ github      file ${WORKFLOW} on main`);
      expect(rerun.stdout).toContain(
        'Plan for "GitHub register-entra-app deployer" (existing): 0 to add, 0 to change, 0 to remove',
      );
      expect(readStarterWorkflow(cloud).inputs.profile).toBe(PROFILE);
    });
  });
});
