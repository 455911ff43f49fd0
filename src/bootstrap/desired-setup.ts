// What the bootstrap wants to exist: its apps' profiles with the repository's subjects, and the
// repository's variables, environments and starter workflow. Pure.
import { TOKEN_EXCHANGE_AUDIENCES } from '../auth/clouds.js';
import type { ProfileSpec } from '../profile/types.js';
import { needsDelegatedConsent, toBootstrapSpec, type BootstrapApp } from './bootstrap-profiles.js';
import type { GitHubDesired } from './github-setup.js';
import type { BootstrapOptions } from './options.js';
import {
  formatStarterWorkflow,
  toDefaultSecretName,
  toWorkflowPath,
  VARIABLES,
} from './starter-workflow.js';
import { listDeployerCredentials, listPlannerCredentials } from './subjects.js';

/** Which of the bootstrap's apps. */
export type AppRole = BootstrapApp;

/** Returns the profiles of the deployer and, with --pull-requests, the planner. */
export function toAppSpecs(
  options: BootstrapOptions,
  prefix: string,
  issuer: string,
  starter: ProfileSpec | null,
): Array<{ role: AppRole; spec: ProfileSpec }> {
  const request = {
    issuer,
    // The audience the action asks GitHub for in this cloud (its `audience` input's default).
    audience: TOKEN_EXCHANGE_AUDIENCES[options.cloud],
    branch: options.branch,
    environments: options.environments,
    pullRequests: options.pullRequests,
  };
  const delegated = starter ? needsDelegatedConsent(starter) : false;
  const specs: Array<{ role: AppRole; spec: ProfileSpec }> = [
    {
      role: 'deployer',
      spec: toBootstrapSpec('deployer', listDeployerCredentials(prefix, request), delegated),
    },
  ];
  if (options.pullRequests)
    specs.push({
      role: 'planner',
      spec: toBootstrapSpec('planner', listPlannerCredentials(prefix, request), delegated),
    });
  return specs;
}

/** Returns what the repository should hold; client IDs of apps not created yet are null. */
export function toGitHubDesired(
  options: BootstrapOptions,
  tenantId: string,
  appIds: Partial<Record<AppRole, string | null>>,
  starter: ProfileSpec | null,
): GitHubDesired {
  const appId = (role: AppRole): string | null => appIds[role] ?? null;
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
