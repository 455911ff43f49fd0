// The bootstrap's last words: what to do next, and what it did not do.
import type { MissingResourceSpn } from './bootstrap-state.js';
import { VARIABLES, WRITER_TOKEN_SECRET } from './starter-workflow.js';

/** What the report is made of. */
export interface ReportFacts {
  repository: string;
  tenantId: string;
  deployerClientId: string | null;
  plannerClientId: string | null;
  /** False when no GitHub token was given: variables, environments and the workflow are the user's. */
  wroteGitHub: boolean;
  environments: string[];
  workflow: { path: string; text: string; environment: string | null; needsToken: boolean } | null;
  keptFile: string | null;
  /** The subjects used the name-only form because GitHub could not be asked. */
  subjectFormUnknown: boolean;
  missingResources: MissingResourceSpn[];
}

/** Returns the "next steps" and "not done" text. */
export function formatReport(facts: ReportFacts): string[] {
  const next: string[] = [];
  const notDone: string[] = [];
  if (!facts.wroteGitHub) {
    next.push(
      `Add the repository variables (Settings > Secrets and variables > Actions > Variables) of ${facts.repository}:`,
      `     ${VARIABLES.tenantId} = ${facts.tenantId}`,
      `     ${VARIABLES.deployerClientId} = ${facts.deployerClientId ?? "(the deployer's client ID)"}`,
      ...(facts.plannerClientId
        ? [`     ${VARIABLES.plannerClientId} = ${facts.plannerClientId}`]
        : []),
    );
    if (facts.environments.length > 0)
      next.push(
        `Create the environments ${facts.environments.join(', ')} (Settings > Environments).`,
      );
    if (facts.workflow)
      next.push(`Commit this workflow as ${facts.workflow.path}:\n\n${facts.workflow.text}`);
    notDone.push(
      'No GitHub token was given (GH_TOKEN or --github-token): nothing was written to the repository.',
    );
  }
  if (facts.workflow?.needsToken) {
    const where = facts.workflow.environment
      ? `the environment ${facts.workflow.environment}`
      : 'the repository';
    next.push(
      `Create a fine-grained token with "Secrets" and "Variables" read and write on ${facts.repository} and add it to ${where} as the secret ${WRITER_TOKEN_SECRET}.`,
    );
    notDone.push(
      `The secret ${WRITER_TOKEN_SECRET}: the bootstrap does not hand your own token to workflows.`,
    );
  }
  if (facts.workflow) next.push(`Run the workflow ${facts.workflow.path} from the Actions tab.`);
  else
    next.push(
      'Add a workflow that runs the action with a profile (README, "Quick start"), or re-run with --profile NAME.',
    );
  if (facts.keptFile)
    notDone.push(
      `${facts.keptFile} exists and differs from the starter workflow; it was left as it is.`,
    );
  if (facts.subjectFormUnknown)
    notDone.push(
      'Without a GitHub token the subject form could not be read; the federated credentials use repo:OWNER/REPO. ' +
        'Repositories created or renamed since July 2026 use repo:OWNER@ID/REPO@ID: re-run with a token if sign-in fails.',
    );
  for (const resource of facts.missingResources)
    notDone.push(
      `The tenant has no service principal for ${resource.name} (${resource.appId}), which the profile needs; ` +
        `an administrator creates it: az ad sp create --id ${resource.appId}`,
    );
  return [
    'Next steps:',
    ...next.map((step, index) => `  ${index + 1}. ${step}`),
    ...(notDone.length > 0
      ? ['Not done by the bootstrap:', ...notDone.map((line) => `  - ${line}`)]
      : []),
  ];
}
