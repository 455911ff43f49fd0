// `npm run conformance` (root): clients nobody here wrote judge the local cloud. Starts the cloud in
// real-hosts mode inside a private mount namespace (its own hosts file over /etc/hosts; a private
// network namespace too when 127.0.0.1:443 is taken) and runs there the CLI for Microsoft 365, the
// Azure CLI (where `az` is on PATH) and the bundled action on its default endpoints. A failure
// prints the request and the answer that broke the client.
//   npm run conformance -- [--only=m365,az,action,live-test]
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  formatReadyLine,
  readCloudDescription,
  writeCloudDescription,
  startLocalCloud,
} from '@register-entra-app/local-cloud';
import { REPO_ROOT } from '@register-entra-app/local-cloud/runner';
import { runActionSuite } from './conformance/action.js';
import { findAzureCli, runAzureCliSuite } from './conformance/azure-cli.js';
import { runLiveTestDryRun } from './conformance/live-test-dry-run.js';
import { installM365Cli, runM365Suite } from './conformance/m365-cli.js';
import {
  checkNamespaceSupport,
  INSIDE_ENV,
  isPortFree,
  runInPrivateNamespace,
} from './conformance/namespace.js';
import { runCommand, StepFailure } from './conformance/steps.js';

const SUITES = ['m365', 'az', 'action', 'live-test'] as const;
type Suite = (typeof SUITES)[number];

const { values: args } = parseArgs({ options: { only: { type: 'string' } } });
const only = new Set((args.only?.split(',') ?? SUITES) as Suite[]);

const M365_BIN_ENV = 'REA_CONFORMANCE_M365';

// Outside: check root, install what needs the network, build the bundle if missing, then re-run
// this script inside the private namespace.
async function prepareAndEnter(): Promise<number> {
  const problem = checkNamespaceSupport(process.getuid?.());
  if (problem) {
    console.error(problem);
    return 1;
  }
  const bin = only.has('m365') ? await installM365Cli(REPO_ROOT) : '';
  if (only.has('action') || only.has('live-test')) await buildBundleIfMissing();
  const privateNetwork = !(await isPortFree());
  if (privateNetwork)
    console.log('127.0.0.1:443 is taken here: using a private network namespace.');
  process.env[M365_BIN_ENV] = bin;
  return runInPrivateNamespace(
    [process.execPath, ...process.execArgv, ...process.argv.slice(1)],
    privateNetwork,
  );
}

async function buildBundleIfMissing(): Promise<void> {
  const { existsSync } = await import('node:fs');
  if (existsSync(join(REPO_ROOT, 'dist', 'index.js'))) return;
  console.log('dist/index.js is missing: npm run build…');
  const result = await runCommand(
    ['npm', 'run', '--silent', 'build'],
    { ...(process.env as Record<string, string>) },
    600_000,
  );
  if (result.code !== 0) throw new Error(`npm run build failed:\n${result.stderr}`);
}

// Inside: the cloud in this process, the clients as children that see the private hosts file.
async function runSuites(): Promise<number> {
  const cloud = await startLocalCloud({ realHosts: true });
  cloud.log.captureExchanges = true;
  const path = writeCloudDescription(cloud, mkdtempSync(join(tmpdir(), 'rea-cloud-')));
  const description = readCloudDescription(path);
  console.log(formatReadyLine(cloud, path));
  const failures: string[] = [];
  const skipped: string[] = [];
  const attempt = async (suite: Suite, run: () => Promise<void>): Promise<void> => {
    if (!only.has(suite)) return;
    console.log(`${suite}:`);
    try {
      await run();
    } catch (error) {
      if (!(error instanceof StepFailure))
        console.log(`  FAIL ${suite}: ${(error as Error).stack}`);
      failures.push(suite);
    }
  };
  try {
    await attempt('m365', () => runM365Suite(process.env[M365_BIN_ENV] ?? '', cloud, description));
    const az = await findAzureCli();
    if (az) await attempt('az', () => runAzureCliSuite(az, cloud, description));
    else if (only.has('az'))
      skipped.push('az (the Azure CLI is not on PATH; apt-get install azure-cli)');
    await attempt('action', () => runActionSuite(cloud, description));
    await attempt('live-test', () => runLiveTestDryRun(cloud, description));
  } finally {
    await cloud.stop();
  }
  for (const reason of skipped) console.log(`skipped: ${reason}`);
  console.log(
    failures.length ? `Conformance FAILED: ${failures.join(', ')}` : 'Conformance passed.',
  );
  return failures.length ? 1 : 0;
}

const main = process.env[INSIDE_ENV] ? runSuites : prepareAndEnter;
main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
