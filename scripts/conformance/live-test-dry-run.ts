// The live test's own code path, run against the local cloud in real-hosts mode: the same script a
// maintainer runs against a real tenant, with the cloud's tenant, deployer, repository and OIDC
// issuer as its environment. Afterwards nothing with the run's prefix may remain; a second run
// that breaks half-way must clean up all the same.
import type { CloudDescription, LocalCloud } from '@register-entra-app/local-cloud';
import { REPO_ROOT } from '@register-entra-app/local-cloud/runner';
import { expect, runSteps, type Step } from './steps.js';

/** Runs `npm run live-test` twice against the cloud; throws StepFailure after printing a failure. */
export async function runLiveTestDryRun(
  cloud: LocalCloud,
  description: CloudDescription,
): Promise<void> {
  const env = (prefix: string): Record<string, string> => ({
    ...cloud.runnerEnv(),
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? '/tmp',
    LIVE_TENANT_ID: description.tenantId,
    LIVE_CLIENT_ID: description.deployerClientId,
    LIVE_REPOSITORY: description.repository,
    LIVE_GITHUB_TOKEN: description.githubToken,
    LIVE_PREFIX: prefix,
  });
  const command = [process.execPath, ...process.execArgv, `${REPO_ROOT}scripts/live-test.ts`];
  const leftovers = (prefix: string): string[] => {
    const upper = prefix.toUpperCase().replace(/-/g, '_');
    const store = cloud.github.state.repository(description.repository);
    const names = [...(store?.secrets.keys() ?? []), ...(store?.variables.keys() ?? [])];
    return [
      ...[...cloud.tenant.applications.values()]
        .filter((a) => a.uniqueName?.startsWith(prefix))
        .map((a) => `application ${a.uniqueName}`),
      ...names.filter((name) => name.toUpperCase().startsWith(upper)),
    ];
  };
  const steps: Step[] = [
    {
      name: 'npm run live-test passes and leaves nothing behind',
      command,
      env: env('rea-dry-pass'),
      check: (result) => {
        expect(result.stdout.includes('Live test passed'), 'no "Live test passed" line');
        const left = leftovers('rea-dry-pass');
        expect(left.length === 0, `left behind: ${left.join(', ')}`);
      },
    },
    {
      name: 'a failing live test still deletes what it created',
      command,
      env: env('rea-dry-fail'),
      expectCode: 1,
      timeoutMs: 300_000,
      check: (result) => {
        expect(
          result.stdout.includes('FAIL a certificate'),
          'the certificate scenario did not fail',
        );
        const left = leftovers('rea-dry-fail');
        expect(left.length === 0, `left behind: ${left.join(', ')}`);
      },
    },
  ];
  // The second run breaks at its certificate scenario, after the secret scenarios created an app
  // and secrets: Graph refuses to create the certificate's app.
  const [pass, fail] = steps;
  await runSteps('live-test', cloud, {}, [pass]);
  cloud.faults.add({
    service: 'graph',
    method: 'PATCH',
    path: /rea-dry-fail-certificate/,
    status: 403,
    times: Infinity,
  });
  try {
    await runSteps('live-test', cloud, {}, [fail]);
  } finally {
    cloud.faults.clear();
  }
}
