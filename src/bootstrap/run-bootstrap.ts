// The bootstrap's pipeline: flags → sign in → read GitHub → profiles → observe → plan → print →
// ask → apply (the action's executor) → GitHub setup → what to do next.
import { connect, type Connection } from '../action/connect.js';
import {
  isPreparation,
  takeSnapshot,
  toApplyContext,
  type Snapshot,
} from '../action/reconcile-app.js';
import type { Settings } from '../action/settings.js';
import { createAdminCredential } from '../auth/admin-sign-in.js';
import { resolveEndpoints } from '../auth/clouds.js';
import { applyPlan } from '../apply/apply-plan.js';
import { RepositoryClient } from '../github/repository-client.js';
import { needsReplan } from '../plan/compute-plan.js';
import { formatPlanText } from '../plan/format-plan.js';
import { DEFAULT_FEDERATED_AUDIENCE } from '../profile/to-profile-spec.js';
import type { ProfileSpec } from '../profile/types.js';
import { needsDelegatedConsent, toDeployerSpec, toPlannerSpec } from './bootstrap-profiles.js';
import {
  readBuiltinProfile,
  readMissingResources,
  readSubjectPrefix,
  readTenantId,
  type MissingResourceSpn,
} from './bootstrap-state.js';
import { toBootstrapSettings } from './bootstrap-settings.js';
import { completeOptions, listGivenFlags } from './complete-options.js';
import {
  applyGitHubPlan,
  computeGitHubPlan,
  formatGitHubPlan,
  readGitHubState,
  type GitHubDesired,
  type GitHubPlan,
} from './github-setup.js';
import { parseBootstrapArgs, toOidcIssuer, USAGE, type BootstrapOptions } from './options.js';
import { formatReport } from './report.js';
import {
  formatStarterWorkflow,
  toDefaultSecretName,
  toWorkflowPath,
  VARIABLES,
} from './starter-workflow.js';
import { listDeployerCredentials, listPlannerCredentials } from './subjects.js';
import type { Terminal } from './terminal.js';

interface AppState {
  role: 'deployer' | 'planner';
  spec: ProfileSpec;
  snapshot: Snapshot;
}

/** Runs the bootstrap once; returns the process exit code. */
export async function runBootstrap(
  argv: readonly string[],
  terminal: Terminal,
  env: Record<string, string | undefined> = process.env,
): Promise<number> {
  const options = await completeOptions(
    parseBootstrapArgs(argv, env),
    terminal,
    listGivenFlags(argv),
  );
  if (options.help) {
    terminal.print(USAGE);
    return 0;
  }
  const repository = options.repository!;
  const fullName = `${repository.owner}/${repository.repo}`;
  const issuer = options.issuer ?? toOidcIssuer(options.githubApiUrl);
  const endpoints = resolveEndpoints(options.cloud, {
    authorityHost: options.authorityHost ?? undefined,
    graphEndpoint: options.graphEndpoint ?? undefined,
  });
  const { credential, method } = await createAdminCredential({
    tenant: options.tenant,
    authorityHost: endpoints.authorityHost,
    env,
  });
  terminal.print(`Signing in to ${endpoints.authorityHost} (${method}).`);
  const tenantId = await readTenantId(credential, endpoints.graphEndpoint);
  terminal.print(`Signed in to tenant ${tenantId}.`);
  const github = options.githubToken
    ? new RepositoryClient({
        token: options.githubToken,
        baseUrl: options.githubApiUrl,
        ...repository,
        log: terminal.print,
      })
    : null;
  const { prefix, known } = await readSubjectPrefix(github, repository);
  const starter = options.profile ? readBuiltinProfile(options.profile) : null;
  const settings = toBootstrapSettings(tenantId, options);
  const connection = connect(settings, env as NodeJS.ProcessEnv, credential);
  const specs = toAppSpecs(options, prefix, issuer, starter);
  const apps = await readApps(specs, settings, connection);
  const missing = starter ? await readMissingResources(connection.graph, starter) : [];
  const desiredGitHub = toGitHubDesired(options, tenantId, apps, starter);
  const githubPlan = github
    ? computeGitHubPlan(desiredGitHub, await readGitHubState(github, desiredGitHub))
    : null;
  printPlans(terminal, apps, githubPlan, fullName);

  const pending =
    apps.some((a) => a.snapshot.plan.changes.length > 0) || githubPlan?.changes.length;
  if (pending && !(await confirmApply(options, terminal))) {
    terminal.print(
      options.planOnly ? 'Plan only (--plan): nothing was changed.' : 'Nothing was changed.',
    );
    return options.planOnly ? 0 : 1;
  }
  const ids = pending ? await applyApps(apps, settings, connection, terminal) : readIds(apps);
  if (pending && github && githubPlan) {
    const values = new Map<string, string>([[VARIABLES.deployerClientId, ids.deployer ?? '']]);
    if (ids.planner) values.set(VARIABLES.plannerClientId, ids.planner);
    await applyGitHubPlan(github, githubPlan, values, terminal.print);
  }
  if (!pending) terminal.print('No changes. The apps and the repository match.');
  printReport(terminal, {
    options,
    fullName,
    tenantId,
    ids,
    github: githubPlan,
    known,
    missing,
    desiredGitHub,
    starter,
  });
  return 0;
}

function toAppSpecs(
  options: BootstrapOptions,
  prefix: string,
  issuer: string,
  starter: ProfileSpec | null,
): Array<{ role: AppState['role']; spec: ProfileSpec }> {
  const request = {
    issuer,
    audience: DEFAULT_FEDERATED_AUDIENCE,
    branch: options.branch,
    environments: options.environments,
    pullRequests: options.pullRequests,
  };
  const delegated = starter ? needsDelegatedConsent(starter) : false;
  const specs: Array<{ role: AppState['role']; spec: ProfileSpec }> = [
    { role: 'deployer', spec: toDeployerSpec(listDeployerCredentials(prefix, request), delegated) },
  ];
  if (options.pullRequests)
    specs.push({
      role: 'planner',
      spec: toPlannerSpec(listPlannerCredentials(prefix, request), delegated),
    });
  return specs;
}

async function readApps(
  specs: Array<{ role: AppState['role']; spec: ProfileSpec }>,
  settings: Settings,
  connection: Connection,
): Promise<AppState[]> {
  const apps: AppState[] = [];
  for (const { role, spec } of specs) {
    const snapshot = await takeSnapshot({ spec, suffix: null }, settings, connection, null);
    apps.push({ role, spec, snapshot });
  }
  return apps;
}

function toGitHubDesired(
  options: BootstrapOptions,
  tenantId: string,
  apps: AppState[],
  starter: ProfileSpec | null,
): GitHubDesired {
  const appId = (role: AppState['role']): string | null =>
    apps.find((a) => a.role === role)?.snapshot.observed.application?.appId ?? null;
  const variables: GitHubDesired['variables'] = [
    { name: VARIABLES.tenantId, value: tenantId },
    { name: VARIABLES.deployerClientId, value: appId('deployer') },
  ];
  if (options.pullRequests)
    variables.push({ name: VARIABLES.plannerClientId, value: appId('planner') });
  const file =
    starter && options.profile
      ? {
          path: toWorkflowPath(options.profile),
          branch: options.branch ?? 'main',
          text: formatStarterWorkflow({
            profile: options.profile,
            environment: options.environments[0] ?? null,
            branch: options.branch ?? 'main',
            secretName:
              starter.credential.type === 'none' ? null : toDefaultSecretName(options.profile),
          }),
        }
      : null;
  return { variables, environments: options.environments, file };
}

function printPlans(
  terminal: Terminal,
  apps: AppState[],
  github: GitHubPlan | null,
  fullName: string,
): void {
  for (const app of apps) {
    terminal.print(formatPlanText(app.snapshot.plan));
    terminal.print('');
  }
  if (github) {
    for (const row of formatGitHubPlan(github, fullName)) terminal.print(row);
    terminal.print('');
  }
}

async function confirmApply(options: BootstrapOptions, terminal: Terminal): Promise<boolean> {
  if (options.planOnly) return false;
  if (options.yes) return true;
  if (!terminal.interactive) {
    terminal.print('Not a terminal: pass --yes to apply this plan, or --plan to only show it.');
    return false;
  }
  return /^y(es)?$/i.test(await terminal.ask('Apply this plan? (yes/no)', 'no'));
}

async function applyApps(
  apps: AppState[],
  settings: Settings,
  connection: Connection,
  terminal: Terminal,
): Promise<{ deployer: string | null; planner: string | null }> {
  const log = {
    info: terminal.print,
    warning: (line: string) => terminal.print(`Warning: ${line}`),
  };
  const ids: { deployer: string | null; planner: string | null } = {
    deployer: null,
    planner: null,
  };
  for (const app of apps) {
    const target = { spec: app.spec, suffix: null };
    let { snapshot } = app;
    if (needsReplan(snapshot.plan)) {
      // Resource service principals and adoption must exist before the rest can be planned.
      const first = { ...snapshot.plan, changes: snapshot.plan.changes.filter(isPreparation) };
      await applyPlan(first, toApplyContext(snapshot, settings, connection, target, log));
      snapshot = await takeSnapshot(target, settings, connection, null);
    }
    const result =
      snapshot.plan.changes.length > 0
        ? await applyPlan(
            snapshot.plan,
            toApplyContext(snapshot, settings, connection, target, log),
          )
        : null;
    ids[app.role] = result?.appId ?? snapshot.observed.application?.appId ?? null;
    terminal.print(`The ${app.role} "${app.spec.displayName}" has the client ID ${ids[app.role]}.`);
  }
  return ids;
}

function readIds(apps: AppState[]): { deployer: string | null; planner: string | null } {
  const appId = (role: AppState['role']): string | null =>
    apps.find((a) => a.role === role)?.snapshot.observed.application?.appId ?? null;
  return { deployer: appId('deployer'), planner: appId('planner') };
}

function printReport(
  terminal: Terminal,
  facts: {
    options: BootstrapOptions;
    fullName: string;
    tenantId: string;
    ids: { deployer: string | null; planner: string | null };
    github: GitHubPlan | null;
    known: boolean;
    missing: MissingResourceSpn[];
    desiredGitHub: GitHubDesired;
    starter: ProfileSpec | null;
  },
): void {
  const { options, desiredGitHub, starter } = facts;
  terminal.print('');
  const lines = formatReport({
    repository: facts.fullName,
    tenantId: facts.tenantId,
    deployerClientId: facts.ids.deployer,
    plannerClientId: facts.ids.planner,
    wroteGitHub: facts.github !== null,
    environments: options.environments,
    workflow: desiredGitHub.file
      ? {
          path: desiredGitHub.file.path,
          text: desiredGitHub.file.text,
          environment: options.environments[0] ?? null,
          needsToken: starter?.credential.type !== 'none',
        }
      : null,
    keptFile: facts.github?.keptFile ?? null,
    subjectFormUnknown: !facts.known,
    missingResources: facts.missing,
  });
  for (const line of lines) terminal.print(line);
}
