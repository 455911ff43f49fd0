// What the bootstrap sets up in the repository: the variables the workflows sign in with, the
// environments their jobs use and the starter workflow. Planned as data, like the app's changes.
import type { RepositoryClient } from '../github/repository-client.js';

/** What the repository should hold; a null variable value is known only after the apps exist. */
export interface GitHubDesired {
  variables: Array<{ name: string; value: string | null }>;
  environments: string[];
  file: { path: string; branch: string; text: string } | null;
}

/** What the repository holds now. */
export interface GitHubObserved {
  variables: Map<string, string | null>;
  environments: Map<string, boolean>;
  file: { text: string; sha: string } | null;
}

/** One change to the repository. */
export type GitHubChange =
  | { kind: 'variable'; name: string; value: string | null; exists: boolean }
  | { kind: 'environment'; name: string }
  | { kind: 'file'; path: string; branch: string; text: string };

/** The changes, and the file the bootstrap leaves alone because someone edited it. */
export interface GitHubPlan {
  changes: GitHubChange[];
  keptFile: string | null;
}

/** Reads the variables, environments and file the desired state names. */
export async function readGitHubState(
  client: RepositoryClient,
  desired: GitHubDesired,
): Promise<GitHubObserved> {
  const variables = new Map<string, string | null>();
  for (const { name } of desired.variables) variables.set(name, await client.readVariable(name));
  const environments = new Map<string, boolean>();
  for (const name of desired.environments)
    environments.set(name, await client.hasEnvironment(name));
  const file = desired.file ? await client.readFile(desired.file.path, desired.file.branch) : null;
  return { variables, environments, file };
}

/** Returns the changes that make the repository match; an existing, different file is kept. */
export function computeGitHubPlan(desired: GitHubDesired, observed: GitHubObserved): GitHubPlan {
  const changes: GitHubChange[] = [];
  for (const { name, value } of desired.variables) {
    const current = observed.variables.get(name) ?? null;
    // A value known only after apply belongs to an app about to be created: it differs.
    if (value === null || current !== value)
      changes.push({ kind: 'variable', name, value, exists: current !== null });
  }
  for (const name of desired.environments)
    if (!observed.environments.get(name)) changes.push({ kind: 'environment', name });
  let keptFile: string | null = null;
  if (desired.file) {
    if (!observed.file) changes.push({ kind: 'file', ...desired.file });
    else if (observed.file.text !== desired.file.text) keptFile = desired.file.path;
  }
  return { changes, keptFile };
}

/** Returns one plan row per change, in the style of the app's plan. */
export function formatGitHubPlan(plan: GitHubPlan, repository: string): string[] {
  const rows = plan.changes.map((change) => {
    switch (change.kind) {
      case 'variable':
        return `  ${change.exists ? '~' : '+'} github      variable ${change.name} = ${change.value ?? '(known after apply)'}`;
      case 'environment':
        return `  + github      environment ${change.name}`;
      case 'file':
        return `  + github      file ${change.path} on ${change.branch}`;
    }
  });
  const header = `Plan for GitHub repository ${repository}: ${rows.length === 0 ? 'no changes' : `${rows.length} to add or change`}`;
  const kept = plan.keptFile
    ? [`  = github      file ${plan.keptFile} differs from the starter workflow; kept as it is`]
    : [];
  return [header, ...rows, ...kept];
}

/** Applies the changes in order; `values` supplies the variable values known only after apply. */
export async function applyGitHubPlan(
  client: RepositoryClient,
  plan: GitHubPlan,
  values: ReadonlyMap<string, string>,
  log: (line: string) => void,
): Promise<void> {
  for (const change of plan.changes) {
    switch (change.kind) {
      case 'variable': {
        const value = change.value ?? values.get(change.name);
        if (value === undefined) throw new Error(`No value for the variable ${change.name}.`);
        await client.writeVariable(change.name, value, change.exists);
        log(`${change.exists ? 'Updated' : 'Created'} the variable ${change.name}.`);
        break;
      }
      case 'environment':
        await client.createEnvironment(change.name);
        log(`Created the environment ${change.name}.`);
        break;
      case 'file':
        await client.writeFile(
          change.path,
          change.branch,
          change.text,
          `Add ${change.path} (register-entra-app bootstrap)`,
          null,
        );
        log(`Committed ${change.path} to ${change.branch}.`);
        break;
    }
  }
}
