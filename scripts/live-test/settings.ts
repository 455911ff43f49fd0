// The live test's settings, all from environment variables (docs/live-testing.md); a missing one is
// named with what to set it to, before anything is created.

/** What the live test runs against. */
export interface LiveSettings {
  tenantId: string;
  /** The deployer app's client id; it trusts the job's OIDC token through a federated credential. */
  clientId: string;
  /** owner/repo that receives the secrets */
  repository: string;
  githubToken: string;
  /** Unique prefix of every app and secret the run creates. */
  prefix: string;
  githubApiUrl: string;
  /** The runner environment handed to the action (GITHUB_*, ACTIONS_ID_TOKEN_REQUEST_*, NODE_EXTRA_CA_CERTS…). */
  runnerEnv: Record<string, string>;
}

const REQUIRED = {
  LIVE_TENANT_ID: 'the tenant id (a GUID) of the test tenant',
  LIVE_CLIENT_ID: 'the client id of the deployer app registration',
  LIVE_REPOSITORY: 'owner/repo of the repository that receives the test secrets',
  LIVE_GITHUB_TOKEN: 'a token that may write that repository’s Actions secrets and variables',
  ACTIONS_ID_TOKEN_REQUEST_URL:
    'set by GitHub in a job with `permissions: id-token: write` (run the live test in such a job)',
  ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'set by GitHub together with ACTIONS_ID_TOKEN_REQUEST_URL',
} as const;

/** Reads the settings from `env`; throws naming every missing variable. */
export function readLiveSettings(env: NodeJS.ProcessEnv, defaultPrefix: string): LiveSettings {
  const missing = Object.entries(REQUIRED).filter(([name]) => !env[name]);
  if (missing.length)
    throw new Error(
      `The live test needs these environment variables (see docs/live-testing.md):\n${missing
        .map(([name, what]) => `  ${name}: ${what}`)
        .join('\n')}`,
    );
  const repository = env.LIVE_REPOSITORY as string;
  if (!/^[\w.-]+\/[\w.-]+$/.test(repository))
    throw new Error(`Invalid LIVE_REPOSITORY '${repository}'. Expected owner/repo.`);
  const prefix = env.LIVE_PREFIX || defaultPrefix;
  if (!/^[a-z0-9][a-z0-9-]{2,40}$/.test(prefix))
    throw new Error(
      `Invalid LIVE_PREFIX '${prefix}'. Expected 3-41 lower-case letters, digits or '-'.`,
    );
  const runnerEnv = Object.fromEntries(
    Object.entries(env).filter(
      (entry): entry is [string, string] =>
        entry[1] !== undefined && !entry[0].startsWith('LIVE_') && !entry[0].startsWith('INPUT_'),
    ),
  );
  return {
    tenantId: env.LIVE_TENANT_ID as string,
    clientId: env.LIVE_CLIENT_ID as string,
    repository,
    githubToken: env.LIVE_GITHUB_TOKEN as string,
    prefix,
    githubApiUrl: env.GITHUB_API_URL || 'https://api.github.com',
    runnerEnv: { GITHUB_API_URL: 'https://api.github.com', ...runnerEnv },
  };
}
