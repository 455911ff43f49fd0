// The starter workflow the bootstrap commits: one job that runs the action with a built-in
// profile, signed in as the deployer through the repository variables the bootstrap sets.

/** Repository variables the bootstrap sets. */
export const VARIABLES = {
  tenantId: 'ENTRA_TENANT_ID',
  deployerClientId: 'ENTRA_DEPLOYER_CLIENT_ID',
  plannerClientId: 'ENTRA_PLANNER_CLIENT_ID',
} as const;

/** The secret that holds the token the workflow stores the app's credential with. */
export const WRITER_TOKEN_SECRET = 'SECRETS_WRITER_TOKEN';

/** What the starter workflow runs. */
export interface StarterWorkflow {
  profile: string;
  /** The job's environment (its subject is the environment form), or null for the branch form. */
  environment: string | null;
  branch: string;
  /** The GitHub secret the app's credential goes to; null for a profile without a credential. */
  secretName: string | null;
}

/** Returns the workflow's path in the repository. */
export function toWorkflowPath(profile: string): string {
  return `.github/workflows/entra-${profile}.yml`;
}

/** Returns the secret name a profile's credential gets: CODETWO_BACKUP_EXCHANGE_CLIENT_SECRET. */
export function toDefaultSecretName(profile: string): string {
  return `${profile.toUpperCase().replace(/-/g, '_')}_CLIENT_SECRET`;
}

/** Returns the workflow text. */
export function formatStarterWorkflow(workflow: StarterWorkflow): string {
  const { profile, environment, branch, secretName } = workflow;
  const secretLines = secretName
    ? [
        `          secret-name: ${secretName}`,
        '          store-ids: variables',
        `          github-token: \${{ secrets.${WRITER_TOKEN_SECRET} }}`,
      ]
    : [];
  return [
    `# Registers (or reconciles) the app of the built-in profile ${profile}. Written by`,
    "# register-entra-app's bootstrap; edit freely, the bootstrap never overwrites a changed file.",
    ...(secretName
      ? [
          `# Needs the secret ${WRITER_TOKEN_SECRET}${environment ? ` in the environment ${environment}` : ''}: a fine-grained`,
          '# token with "Secrets" and "Variables" read and write on this repository.',
        ]
      : []),
    `name: Register ${profile}`,
    'on:',
    '  workflow_dispatch:',
    '  schedule:',
    "    - cron: '17 5 * * *' # daily; rotates the credential before it expires",
    'permissions:',
    '  id-token: write # sign in to Entra ID with GitHub OIDC',
    '  contents: read',
    'concurrency:',
    `  group: entra-app-${profile}`,
    '  cancel-in-progress: false',
    'jobs:',
    '  register:',
    '    runs-on: ubuntu-latest',
    // Without an environment the subject names the branch: runs from other refs cannot sign in.
    ...(environment
      ? [`    environment: ${environment}`]
      : [`    if: github.ref == 'refs/heads/${branch}'`]),
    '    steps:',
    '      - id: app',
    '        uses: org/register-entra-app@v1',
    '        with:',
    `          tenant-id: \${{ vars.${VARIABLES.tenantId} }}`,
    `          client-id: \${{ vars.${VARIABLES.deployerClientId} }}`,
    `          profile: ${profile}`,
    ...secretLines,
    '',
  ].join('\n');
}
