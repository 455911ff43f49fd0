// The bootstrap's pipeline: flags → sign in → read GitHub → profiles → observe → plan → print →
// ask → apply (the action's executor) → GitHub setup → what to do next.
import { connect, type Connection } from '../action/connect.js';
import { takeSnapshot, toApplyContext, type Snapshot } from '../action/reconcile-app.js';
import type { Settings } from '../action/settings.js';
import { createAdminCredential } from '../auth/admin-sign-in.js';
import { resolveEndpoints } from '../auth/clouds.js';
import { applyPlan } from '../apply/apply-plan.js';
import { RepositoryClient } from '../github/repository-client.js';
import { createOutboundFetch } from '../net/outbound-fetch.js';
import { isPreparation } from '../plan/change-kinds.js';
import { needsReplan } from '../plan/compute-plan.js';
import { formatPlanText } from '../plan/format-plan.js';
import type { ProfileSpec } from '../profile/types.js';
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
import { VARIABLES } from './starter-workflow.js';
import { toAppSpecs, toGitHubDesired, type AppRole } from './desired-setup.js';
import type { Terminal } from './terminal.js';

interface AppState {
  role: AppRole;
  spec: ProfileSpec;
  snapshot: Snapshot;
}

/** What the bootstrap read and planned. */
interface BootstrapPlan {
  options: BootstrapOptions;
  fullName: string;
  tenantId: string;
  settings: Settings;
  connection: Connection;
  github: RepositoryClient | null;
  /** Whether the subject form was read from GitHub (else the name-only form was assumed). */
  subjectFormKnown: boolean;
  starter: ProfileSpec | null;
  apps: AppState[];
  missing: MissingResourceSpn[];
  desiredGitHub: GitHubDesired;
  githubPlan: GitHubPlan | null;
}

interface AppIds {
  deployer: string | null;
  planner: string | null;
}

/** Runs the bootstrap once; returns the process exit code. */
export async function runBootstrap(
  argv: readonly string[],
  terminal: Terminal,
  env: Record<string, string | undefined> = process.env,
): Promise<number> {
  const parsed = parseBootstrapArgs(argv, env);
  const options = await completeOptions(parsed, terminal, listGivenFlags(argv));
  if (options.help) {
    terminal.print(USAGE);
    return 0;
  }
  // Every input is checked before the sign-in: a bad profile name or issuer costs no device code.
  const starter = options.profile ? readBuiltinProfile(options.profile) : null;
  const issuer = options.issuer ?? toOidcIssuer(options.githubApiUrl);
  const plan = await readPlan(options, starter, issuer, terminal, env);
  printPlans(terminal, plan);
  const pending =
    plan.apps.some((a) => a.snapshot.plan.changes.length > 0) ||
    (plan.githubPlan?.changes.length ?? 0) > 0;
  if (!pending) terminal.print('No changes. The apps and the repository match.');
  else if (!(await confirmApply(options, terminal))) {
    terminal.print(
      options.planOnly ? 'Plan only (--plan): nothing was changed.' : 'Nothing was changed.',
    );
    return options.planOnly ? 0 : 1;
  }
  const ids = pending ? await applyBootstrapPlan(plan, terminal) : toAppIds(plan.apps);
  printReport(terminal, plan, ids);
  return 0;
}

async function readPlan(
  options: BootstrapOptions,
  starter: ProfileSpec | null,
  issuer: string,
  terminal: Terminal,
  env: Record<string, string | undefined>,
): Promise<BootstrapPlan> {
  // completeOptions asked for --repo when it was not given.
  const repository = options.repository;
  if (!repository) throw new Error('--repo is required.');
  const endpoints = resolveEndpoints(options.cloud, {
    authorityHost: options.authorityHost ?? undefined,
    graphEndpoint: options.graphEndpoint ?? undefined,
  });
  // One fetch with the runner's proxy rules for the administrator's sign-in and GitHub.
  const fetch = createOutboundFetch(env);
  const { credential, method } = await createAdminCredential({
    tenant: options.tenant,
    authorityHost: endpoints.authorityHost,
    env,
    fetch,
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
        fetch,
      })
    : null;
  const { prefix, known } = await readSubjectPrefix(github, repository);
  const settings = toBootstrapSettings(tenantId, options);
  const connection = connect(settings, env, credential);
  const apps = await readApps(toAppSpecs(options, prefix, issuer, starter), settings, connection);
  const ids = toAppIds(apps);
  const missing = starter ? await readMissingResources(connection.graph, starter) : [];
  const desiredGitHub = toGitHubDesired(options, tenantId, ids, starter);
  const githubPlan = github
    ? computeGitHubPlan(desiredGitHub, await readGitHubState(github, desiredGitHub))
    : null;
  const fullName = `${repository.owner}/${repository.repo}`;
  return {
    ...{ options, fullName, tenantId, settings, connection, github, starter, apps, missing },
    ...{ subjectFormKnown: known, desiredGitHub, githubPlan },
  };
}

// The apps first: the variables name their client IDs.
async function applyBootstrapPlan(plan: BootstrapPlan, terminal: Terminal): Promise<AppIds> {
  const ids = await applyApps(plan.apps, plan.settings, plan.connection, terminal);
  if (plan.github && plan.githubPlan) {
    const values = new Map<string, string>([[VARIABLES.deployerClientId, ids.deployer ?? '']]);
    if (ids.planner) values.set(VARIABLES.plannerClientId, ids.planner);
    await applyGitHubPlan(plan.github, plan.githubPlan, values, terminal.print);
  }
  return ids;
}

async function readApps(
  specs: Array<{ role: AppRole; spec: ProfileSpec }>,
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

function printPlans(terminal: Terminal, plan: BootstrapPlan): void {
  for (const app of plan.apps) {
    terminal.print(formatPlanText(app.snapshot.plan));
    for (const notice of app.snapshot.plan.notices)
      terminal.print(`${notice.level === 'warning' ? 'Warning' : 'Note'}: ${notice.message}`);
    terminal.print('');
  }
  if (plan.githubPlan) {
    for (const row of formatGitHubPlan(plan.githubPlan, plan.fullName)) terminal.print(row);
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
): Promise<AppIds> {
  const log = {
    info: terminal.print,
    warning: (line: string) => terminal.print(`Warning: ${line}`),
  };
  const ids: AppIds = { deployer: null, planner: null };
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

function toAppIds(apps: AppState[]): AppIds {
  const appId = (role: AppRole): string | null =>
    apps.find((a) => a.role === role)?.snapshot.observed.application?.appId ?? null;
  return { deployer: appId('deployer'), planner: appId('planner') };
}

function printReport(terminal: Terminal, plan: BootstrapPlan, ids: AppIds): void {
  const { options, desiredGitHub, starter } = plan;
  terminal.print('');
  const lines = formatReport({
    repository: plan.fullName,
    tenantId: plan.tenantId,
    deployerClientId: ids.deployer,
    plannerClientId: ids.planner,
    wroteGitHub: plan.githubPlan !== null,
    environments: options.environments,
    workflow: desiredGitHub.file
      ? {
          path: desiredGitHub.file.path,
          text: desiredGitHub.file.text,
          environment: options.environments[0] ?? null,
          needsToken: starter?.credential.type !== 'none',
        }
      : null,
    keptFile: plan.githubPlan?.keptFile ?? null,
    subjectFormUnknown: !plan.subjectFormKnown,
    missingResources: plan.missing,
  });
  for (const line of lines) terminal.print(line);
}
