// The action itself as a judge of real-hosts mode: `node dist/index.js` as a runner runs it, with no
// authority-host and no graph-endpoint input, so its defaults (login.microsoftonline.com,
// graph.microsoft.com) reach the local cloud only through the private hosts file. A first run
// registers the app and stores its secret in GitHub; a second run changes nothing.
import {
  type CloudDescription,
  type LocalCloud,
  REAL_HOSTS,
} from '@register-entra-app/local-cloud';
import { runBundledAction } from '@register-entra-app/local-cloud/runner';
import { expect, runSteps, type CommandResult, type Step } from './steps.js';

const SECRET_NAME = 'CONFORMANCE_CLIENT_SECRET';

/** Runs the action twice against the cloud's real host names; throws StepFailure after printing a failure. */
export async function runActionSuite(
  cloud: LocalCloud,
  description: CloudDescription,
): Promise<void> {
  const inputs = {
    'tenant-id': description.tenantId,
    'client-id': description.deployerClientId,
    profile: 'codetwo-backup-exchange',
    'secret-name': SECRET_NAME,
    'github-token': description.githubToken,
  };
  const env = cloud.runnerEnv();
  let outputs: Record<string, string> = {};
  const run = async (): Promise<CommandResult> => {
    const result = await runBundledAction(inputs, env);
    outputs = result.outputs;
    return { code: result.code, stdout: result.log, stderr: '' };
  };
  const steps: Step[] = [
    {
      name: 'first run on default endpoints registers the app and stores its secret',
      command: ['node', 'dist/index.js'],
      run,
      check: () => {
        const app = cloud.tenant.applicationByUniqueName('codetwo-backup-exchange');
        expect(app, 'no application with uniqueName codetwo-backup-exchange');
        expect(outputs['client-id'] === app.appId, `client-id output is ${outputs['client-id']}`);
        const [owner, repo] = description.repository.split('/');
        const stored = cloud.github.state.secretValue(
          { scope: 'repository', owner, repo },
          SECRET_NAME,
        );
        expect(stored, `GitHub holds no ${SECRET_NAME}`);
        expectOnlyRealHosts(cloud);
      },
    },
    {
      name: 'second run changes nothing',
      command: ['node', 'dist/index.js'],
      run,
      check: () => expect(outputs.changed === 'false', `changed output is ${outputs.changed}`),
    },
  ];
  await runSteps('action', cloud, {}, steps);
}

// The action must have reached Entra and Graph under their real names, not a port of 127.0.0.1.
function expectOnlyRealHosts(cloud: LocalCloud): void {
  const stray = cloud.log.entries.filter(
    (e) =>
      (e.service === 'graph' || e.service === 'entra') &&
      !(Object.values(REAL_HOSTS) as string[]).includes(e.exchange?.host ?? ''),
  );
  expect(
    stray.length === 0,
    `requests reached the cloud without a real host name: ${stray.map((e) => `${e.method} ${e.exchange?.host}${e.path}`).join(', ')}`,
  );
}
