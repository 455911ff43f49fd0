// `npm run live-test`: the end-to-end scenarios against a real tenant and a real repository named by
// environment variables (docs/live-testing.md): first registration, converged run, rotation, a
// certificate, a bad profile. Every app it creates carries a unique prefix, and everything it
// created is deleted at the end, also after a failure. Never part of `npm test`; its own code path
// is exercised against the local cloud in real-hosts mode by `npm run conformance`.
import { randomBytes } from 'node:crypto';
import { runBundledAction, type BundledRun } from '@register-entra-app/local-cloud/runner';
import { cleanUpLiveRun, type LiveCreated } from './live-test/cleanup.js';
import { readLiveSettings, type LiveSettings } from './live-test/settings.js';

/** One scenario: action inputs and what its run must show. */
interface Scenario {
  name: string;
  inputs: Record<string, string>;
  /** Returns a problem, or undefined when the run is as expected. */
  judge(run: BundledRun, earlier: Map<string, BundledRun>): string | undefined;
}

function scenarios(settings: LiveSettings, created: LiveCreated): Scenario[] {
  const prefix = settings.prefix;
  const secretApp = `${prefix}-secret`;
  const certificateApp = `${prefix}-certificate`;
  const secretName = `${toSecretName(prefix)}_SECRET`;
  const certificateSecret = `${toSecretName(prefix)}_CERTIFICATE`;
  created.uniqueNames.push(secretApp, certificateApp, `${prefix}-bad`);
  created.secretNames.push(secretName, certificateSecret);
  const app = (uniqueName: string, extra = ''): string =>
    `extends: codetwo-backup-exchange\nuniqueName: ${uniqueName}\ndisplayName: ${uniqueName}\n${extra}`;
  const changed = (expected: string) => (run: BundledRun) =>
    run.outputs.changed === expected
      ? undefined
      : `changed is '${run.outputs.changed}', expected '${expected}'`;
  return [
    {
      name: 'first registration',
      inputs: { app: app(secretApp), 'secret-name': secretName },
      judge: changed('true'),
    },
    {
      name: 'converged run',
      inputs: { app: app(secretApp), 'secret-name': secretName },
      judge: changed('false'),
    },
    {
      name: 'rotation',
      inputs: { app: app(secretApp), 'secret-name': secretName, rotate: 'always' },
      judge: (run, earlier) => {
        const first = earlier.get('first registration')?.outputs['credential-id'];
        return run.outputs['credential-id'] && run.outputs['credential-id'] !== first
          ? undefined
          : `credential-id '${run.outputs['credential-id']}' is not a new credential`;
      },
    },
    {
      name: 'a certificate',
      inputs: {
        app: app(certificateApp),
        'secret-name': certificateSecret,
        'credential-type': 'certificate',
      },
      judge: (run) =>
        run.outputs['certificate-thumbprint'] ? undefined : 'no certificate-thumbprint output',
    },
    {
      name: 'a bad profile fails before any change',
      inputs: {
        app: app(
          `${prefix}-bad`,
          'permissions:\n  - resource: Microsoft Graph\n    application: [No.Such.Permission]\n',
        ),
        'secret-name': `${toSecretName(prefix)}_BAD`,
      },
      judge: () => undefined,
    },
  ];
}

function toSecretName(prefix: string): string {
  return prefix.toUpperCase().replace(/[^A-Z0-9]/g, '_');
}

async function main(): Promise<number> {
  const settings = readLiveSettings(process.env, `rea-live-${randomBytes(4).toString('hex')}`);
  console.log(
    `Live test in tenant ${settings.tenantId}, repository ${settings.repository}, prefix ${settings.prefix}.`,
  );
  const created: LiveCreated = { uniqueNames: [], secretNames: [] };
  const earlier = new Map<string, BundledRun>();
  const failures: string[] = [];
  try {
    for (const scenario of scenarios(settings, created)) {
      const run = await runBundledAction(
        {
          'tenant-id': settings.tenantId,
          'client-id': settings.clientId,
          'github-token': settings.githubToken,
          'secret-repository': settings.repository,
          ...scenario.inputs,
        },
        settings.runnerEnv,
      );
      earlier.set(scenario.name, run);
      const expectedCode = scenario.name.startsWith('a bad profile') ? 1 : 0;
      const problem =
        run.code !== expectedCode
          ? `exited with ${run.code}, expected ${expectedCode}`
          : scenario.judge(run, earlier);
      console.log(`${problem ? 'FAIL' : 'ok  '} ${scenario.name}${problem ? `: ${problem}` : ''}`);
      if (problem) {
        console.log(run.log.replace(/^/gm, '    '));
        failures.push(scenario.name);
        break;
      }
    }
  } finally {
    const cleanup = await cleanUpLiveRun(settings, created);
    console.log(`Cleanup deleted: ${cleanup.deleted.join(', ') || 'nothing'}.`);
    if (cleanup.leftovers.length) {
      console.log(`Cleanup could not delete: ${cleanup.leftovers.join('; ')}`);
      failures.push('cleanup');
    }
    // The bad profile must have failed before creating anything.
    if (cleanup.deleted.includes(`application ${settings.prefix}-bad`))
      failures.push('a bad profile created an application');
  }
  console.log(failures.length ? `Live test FAILED: ${failures.join(', ')}` : 'Live test passed.');
  return failures.length ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
