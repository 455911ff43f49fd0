// The bootstrap's command line as one typed, validated object. parseBootstrapArgs is pure: every
// flag error is found before anything signs in or changes.
import { parseArgs } from 'node:util';
import { toCloudName, type CloudName } from '../auth/clouds.js';
import { InputError } from '../errors.js';

/** What the administrator asked for. */
export interface BootstrapOptions {
  tenant: string | null;
  cloud: CloudName;
  authorityHost: string | null;
  graphEndpoint: string | null;
  /** GitHub's REST root (GITHUB_API_URL). */
  githubApiUrl: string;
  /** Issuer of the workflow's OIDC tokens; derived from githubApiUrl when not given. */
  issuer: string | null;
  repository: { owner: string; repo: string } | null;
  /** The branch whose jobs (without an environment) run the action; null for none. */
  branch: string | null;
  environments: string[];
  /** Also register the read-only planner app, trusted by pull request jobs and the branch. */
  pullRequests: boolean;
  /** Built-in profile of the starter workflow; null for none. */
  profile: string | null;
  githubToken: string | null;
  yes: boolean;
  planOnly: boolean;
  help: boolean;
}

const FLAGS = {
  tenant: { type: 'string' },
  cloud: { type: 'string' },
  'authority-host': { type: 'string' },
  'graph-endpoint': { type: 'string' },
  issuer: { type: 'string' },
  repo: { type: 'string' },
  branch: { type: 'string' },
  environment: { type: 'string', multiple: true },
  'pull-requests': { type: 'boolean' },
  profile: { type: 'string' },
  'github-token': { type: 'string' },
  yes: { type: 'boolean', short: 'y' },
  plan: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

const REPOSITORY = /^([A-Za-z0-9-]+)\/([A-Za-z0-9._-]+)$/;
const BUILTIN_NAME = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** The usage text of `node dist/bootstrap.js --help`. */
export const USAGE = `Usage: node dist/bootstrap.js [flags]

Registers the deployer app that register-entra-app signs in as, trusted by your repository's
workflows, and sets up the repository. Run it once, as an administrator.

  --repo OWNER/NAME       the GitHub repository whose workflows run the action
  --branch NAME           jobs without an environment run on this branch (default main)
  --environment NAME      jobs that use this environment run the action (repeatable)
  --pull-requests         also register a read-only planner app for pull request plans
  --profile NAME          built-in profile of the starter workflow to write
  --github-token TOKEN    a token that may write the repository's variables, environments and
                          files (default GH_TOKEN); without one, the bootstrap prints what to set
  --tenant ID             directory (tenant) ID or domain to sign in to
  --cloud NAME            AzurePublicCloud (default; or AzureCloud), AzureUSGovernment or AzureChinaCloud
  --authority-host URL    Entra ID sign-in host (default per cloud, or AZURE_AUTHORITY_HOST)
  --graph-endpoint URL    Microsoft Graph host (default per cloud)
  --issuer URL            issuer of GitHub's OIDC tokens (default from GITHUB_API_URL)
  --plan                  show what would change and stop
  --yes, -y               apply without asking
  --help, -h              show this text

Sign-in: AZURE_CLIENT_ID, AZURE_TENANT_ID and AZURE_CLIENT_SECRET (or
AZURE_CLIENT_CERTIFICATE_PATH) when set; else the Azure CLI's login; else a device code.
`;

/** Parses the flags and environment; throws InputError naming the flag, the value and the expected form. */
export function parseBootstrapArgs(
  argv: readonly string[],
  env: Record<string, string | undefined>,
): BootstrapOptions {
  let values: Record<string, string | string[] | boolean | undefined>;
  try {
    ({ values } = parseArgs({ args: [...argv], options: FLAGS, strict: true }));
  } catch (cause) {
    throw new InputError(
      'arguments',
      `${(cause as Error).message}. Run with --help for the flags.`,
      {
        cause,
      },
    );
  }
  const text = (name: keyof typeof FLAGS): string | null =>
    typeof values[name] === 'string' ? values[name].trim() || null : null;
  const cloudText = text('cloud') ?? 'AzurePublicCloud';
  const cloud = toCloudName(cloudText);
  if (!cloud)
    throw new InputError(
      '--cloud',
      `Invalid --cloud '${cloudText}'. Expected one of: AzurePublicCloud, AzureUSGovernment, AzureChinaCloud (azure/login's AzureCloud is accepted; case does not matter).`,
    );
  const githubApiUrl = (env.GITHUB_API_URL || 'https://api.github.com').replace(/\/+$/, '');
  const branch = values.branch === undefined ? 'main' : text('branch');
  const profile = text('profile');
  if (profile && !BUILTIN_NAME.test(profile))
    throw new InputError(
      '--profile',
      `Invalid --profile '${profile}'. Expected the name of a built-in profile, e.g. codetwo-backup-exchange.`,
    );
  return {
    tenant: text('tenant'),
    cloud,
    authorityHost: text('authority-host') ?? (env.AZURE_AUTHORITY_HOST?.trim() || null),
    graphEndpoint: text('graph-endpoint'),
    githubApiUrl,
    issuer: text('issuer'),
    repository: parseRepository(text('repo')),
    branch,
    environments: [
      ...new Set(((values.environment as string[]) ?? []).map((e) => e.trim())),
    ].filter(Boolean),
    pullRequests: values['pull-requests'] === true,
    profile,
    githubToken: text('github-token') ?? (env.GH_TOKEN?.trim() || null),
    yes: values.yes === true,
    planOnly: values.plan === true,
    help: values.help === true,
  };
}

/** Returns owner and repo of `OWNER/NAME`; throws InputError for anything else. */
export function parseRepository(value: string | null): BootstrapOptions['repository'] {
  if (!value) return null;
  const match = REPOSITORY.exec(value.trim());
  if (!match)
    throw new InputError('--repo', `Invalid --repo '${value}'. Expected format {owner}/{repo}.`);
  return { owner: match[1], repo: match[2] };
}

/**
 * Returns the issuer of GitHub's OIDC tokens for an API root: github.com's, a GHE.com subdomain's
 * (api.SUB.ghe.com → token.actions.SUB.ghe.com) or GitHub Enterprise Server's (HOST/api/v3 →
 * HOST/_services/token). Throws InputError when it cannot tell.
 * https://docs.github.com/actions/reference/security/oidc
 */
export function toOidcIssuer(githubApiUrl: string): string {
  const url = new URL(githubApiUrl);
  if (url.host === 'api.github.com') return 'https://token.actions.githubusercontent.com';
  const ghe = /^api\.([a-z0-9-]+)\.ghe\.com$/i.exec(url.host);
  if (ghe) return `https://token.actions.${ghe[1]}.ghe.com`;
  if (/^\/api\/v3\/?$/.test(url.pathname)) return `${url.origin}/_services/token`;
  throw new InputError(
    '--issuer',
    `Cannot tell the OIDC issuer of GITHUB_API_URL '${githubApiUrl}'. Pass --issuer with the issuer of the workflow's tokens (the "iss" claim).`,
  );
}
