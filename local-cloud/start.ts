// `npm run cloud`: starts the local cloud by hand, prints the inputs and runner environment that
// point the action at it, writes .local-cloud/run-action.sh to run the bundle against it and
// .local-cloud/run-bootstrap.sh to run the bootstrap as its administrator app, and keeps running
// until Ctrl-C. With --real-hosts it also answers as login.microsoftonline.com,
// graph.microsoft.com and management.azure.com on 127.0.0.1:443 and writes .local-cloud/cloud.json.
//   npm run cloud -- [--latency=MS] [--roles=Role.A,Role.B] [--bulk=N] [--repository=owner/repo]
//                    [--real-hosts [--port=N]]
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { startLocalCloud, type LocalCloud, type LocalCloudOptions } from './index.js';
import { toBootstrapEnv } from './runner/run-bootstrap.js';
import {
  checkRealHostsPrivilege,
  formatReadyLine,
  writeCloudDescription,
} from './cloud-description.js';

const STATE_DIR = resolve('.local-cloud');

const FLAGS = new Set(['latency', 'roles', 'bulk', 'repository', 'port']);

/** Reads `--name=value` flags (and `--real-hosts`) into cloud options. */
export function parseCloudArguments(args: string[]): LocalCloudOptions {
  const flags = new Map(
    args.map((arg) => {
      if (arg === '--real-hosts') return ['real-hosts', ''] as const;
      const match = /^--([a-z-]+)=(.*)$/.exec(arg);
      if (!match || !FLAGS.has(match[1]))
        throw new Error(
          `Invalid argument '${arg}'. Expected --latency=MS, --roles=A,B, --bulk=N, --repository=owner/repo, --real-hosts or --port=N.`,
        );
      return [match[1], match[2]] as const;
    }),
  );
  if (flags.has('port') && !flags.has('real-hosts'))
    throw new Error('--port=N sets the port of real-hosts mode: add --real-hosts.');
  const number = (name: string): number | undefined =>
    flags.has(name) ? Number(flags.get(name)) : undefined;
  return {
    latencyMs: number('latency'),
    bulkServicePrincipals: number('bulk'),
    deployerRoles: flags.get('roles')?.split(',').filter(Boolean),
    repository: flags.get('repository'),
    realHosts: flags.has('real-hosts') ? { port: number('port') } : undefined,
  };
}

/** Writes the runner files and a script that runs `node dist/index.js` with the runner's environment; returns its path. */
export function writeRunScript(cloud: LocalCloud): string {
  mkdirSync(STATE_DIR, { recursive: true });
  const files = {
    GITHUB_OUTPUT: join(STATE_DIR, 'output'),
    GITHUB_STEP_SUMMARY: join(STATE_DIR, 'step-summary.md'),
    GITHUB_ENV: join(STATE_DIR, 'env'),
    GITHUB_PATH: join(STATE_DIR, 'path'),
    GITHUB_STATE: join(STATE_DIR, 'state'),
    GITHUB_WORKSPACE: process.cwd(),
    RUNNER_TEMP: join(STATE_DIR, 'runner-temp'),
  };
  mkdirSync(files.RUNNER_TEMP, { recursive: true });
  const inputs = Object.entries({
    ...readInputDefaults(),
    ...cloud.actionInputs(),
    'github-token': cloud.githubToken,
  }).map(([name, value]): [string, string] => [`INPUT_${name.toUpperCase()}`, value]);
  // A runner behind a proxy: vault hosts (<name>.vault.azure.net) go through the cloud's proxy.
  const proxy = { HTTPS_PROXY: cloud.urls.proxy, NO_PROXY: '127.0.0.1,localhost' };
  const vars = [
    ...Object.entries(cloud.runnerEnv()),
    ...Object.entries(proxy),
    ...Object.entries(files),
    ...inputs,
  ];
  // `env` accepts the runner's hyphenated INPUT_ names, which `export` would reject; later
  // NAME=VALUE arguments win, so inputs given on the command line override these.
  const script = [
    '#!/usr/bin/env bash',
    "# Runs the bundled action against the local cloud started by `npm run cloud`: ./run-action.sh 'INPUT_PROFILE=codetwo-backup-exchange' 'INPUT_MODE=plan'",
    `: > ${quote(files.GITHUB_OUTPUT)}; : > ${quote(files.GITHUB_STEP_SUMMARY)}`,
    'exec env \\',
    ...vars.map(([name, value]) => `  ${quote(`${name}=${value}`)} \\`),
    `  "$@" node ${quote(resolve('dist/index.js'))}`,
    '',
  ].join('\n');
  const path = join(STATE_DIR, 'run-action.sh');
  writeFileSync(path, script, { mode: 0o700 });
  return path;
}

/** Writes a script that runs `node dist/bootstrap.js` as the cloud's administrator app; returns its path. */
export function writeBootstrapScript(cloud: LocalCloud): string {
  const vars = { ...toBootstrapEnv(cloud), GH_TOKEN: cloud.githubToken };
  mkdirSync(STATE_DIR, { recursive: true });
  const script = [
    '#!/usr/bin/env bash',
    '# Runs the bootstrap against the local cloud started by `npm run cloud`: ./run-bootstrap.sh --repo octo-org/octo-repo --profile codetwo-backup-exchange',
    'exec env \\',
    ...Object.entries(vars).map(([name, value]) => `  ${quote(`${name}=${value}`)} \\`),
    `  node ${quote(resolve('dist/bootstrap.js'))} --graph-endpoint ${quote(cloud.urls.graphEndpoint)} --issuer ${quote(cloud.urls.oidcIssuer)} "$@"`,
    '',
  ].join('\n');
  const path = join(STATE_DIR, 'run-bootstrap.sh');
  writeFileSync(path, script, { mode: 0o700 });
  return path;
}

// The runner sets INPUT_ for every input with a default in action.yml.
function readInputDefaults(): Record<string, string> {
  const action = parse(readFileSync(resolve('action.yml'), 'utf8')) as {
    inputs?: Record<string, { default?: unknown }>;
  };
  return Object.fromEntries(
    Object.entries(action.inputs ?? {}).flatMap(([name, input]) =>
      input.default === undefined ? [] : [[name, String(input.default)]],
    ),
  );
}

const DEMO_VAULT = 'contoso-apps';

function quote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

async function main(): Promise<void> {
  const options = parseCloudArguments(process.argv.slice(2));
  if (options.realHosts) return runRealHosts(options);
  const cloud = await startLocalCloud({ ...options, administrator: true });
  cloud.keyVault
    .addVault(DEMO_VAULT)
    .assignRole(cloud.deployer.servicePrincipalId, 'Key Vault Secrets Officer');
  const script = writeRunScript(cloud);
  const bootstrap = writeBootstrapScript(cloud);
  const lines = [
    'Local cloud running (Ctrl-C to stop).',
    '',
    'Action inputs:',
    ...Object.entries(cloud.actionInputs()).map(([name, value]) => `  ${name}: ${value}`),
    `  github-token: ${cloud.githubToken}   (secrets and variables: write)`,
    '',
    'Runner environment:',
    ...Object.entries(cloud.runnerEnv()).map(([name, value]) => `  ${name}=${value}`),
    '',
    `Key Vault: ${DEMO_VAULT} (https://${DEMO_VAULT}.vault.azure.net, the deployer is Key Vault Secrets Officer), through HTTPS_PROXY=${cloud.urls.proxy}`,
    `Run the bundled action against it: ${script}`,
    `Run the bootstrap against it as its administrator app: ${bootstrap} --repo octo-org/octo-repo`,
    `Tenant ${cloud.tenant.domain} (${cloud.tenant.tenantId}); deployer service principal ${cloud.deployer.servicePrincipalId}.`,
  ];
  console.log(lines.join('\n'));
  stopOnSignal(cloud);
}

// Real-hosts mode: cloud.json for the clients, one ready line; nothing else on stdout.
async function runRealHosts(options: LocalCloudOptions): Promise<void> {
  const problem = checkRealHostsPrivilege(options, process.getuid?.());
  if (problem) throw new Error(problem);
  const cloud = await startLocalCloud(options);
  const path = writeCloudDescription(cloud, STATE_DIR);
  writeRunScript(cloud);
  console.log(formatReadyLine(cloud, path));
  stopOnSignal(cloud);
}

function stopOnSignal(cloud: LocalCloud): void {
  const stop = (): void => {
    console.log('\nStopping the local cloud.');
    void cloud.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
