// The local cloud: Entra ID's token endpoint, Microsoft Graph, a minimal Azure Resource Manager,
// GitHub's OIDC issuer and GitHub's REST API as HTTPS servers on 127.0.0.1, sharing one tenant, one
// fault injector, one request log and one clock; in real-hosts mode also one listener answering
// under the real host names. The action reaches it only through its inputs and the runner's environment.
import { randomBytes } from 'node:crypto';
import { CloudClock } from './clock.js';
import { EntraService } from './entra.js';
import { Faults } from './faults.js';
import { GitHubService } from './github/index.js';
import { toSubjectPrefix } from './github/repository-routes.js';
import { createGraphHandler } from './graph/handler.js';
import { startServiceServer, type ServiceServer } from './https-service.js';
import { generateSigningKey } from './jwt.js';
import { startConnectProxy, type ProxyServer } from './key-vault/proxy.js';
import { KeyVaultService } from './key-vault/service.js';
import { OidcIssuer } from './oidc.js';
import { RequestLog } from './request-log.js';
import { ADMINISTRATOR_ROLES, seedDeployer } from './seed/deployer.js';
import {
  seedBulkServicePrincipals,
  seedFirstPartyResources,
  seedKeyVaultResource,
} from './seed/resources.js';
import { Tenant } from './tenant.js';
import { readTlsMaterial } from './tls.js';
import { createManagementHandler } from './management.js';
import {
  startRealHostsServer,
  type RealHostServices,
  type RealHostsListener,
} from './real-hosts.js';
import { addDeployerSecret } from './seed/deployer-secret.js';
import { seedManagementApi } from './seed/management-api.js';

/** How to start a local cloud. */
export interface LocalCloudOptions {
  /** Latency added to every request of every service. */
  latencyMs?: number;
  /** Graph app role values granted to the deployer; default the least-privilege set. */
  deployerRoles?: string[];
  /** Extra unrelated service principals, for large-tenant benchmarks. */
  bulkServicePrincipals?: number;
  /** The workflow's repository, default octo-org/octo-repo. */
  repository?: string;
  /**
   * Also answer as login.microsoftonline.com, graph.microsoft.com and management.azure.com on one
   * listener of 127.0.0.1 (port 443 unless given; 0 for an ephemeral port). Needs root for 443.
   */
  realHosts?: boolean | { port?: number };
  /** Also seed an administrator app with a client secret (for the bootstrap); default false. */
  administrator?: boolean;
}

export type { RealHostsListener } from './real-hosts.js';
// The package's surface besides startLocalCloud: the state the tests read, the request log and its
// figures, the deployer's seeded roles, and what scripts need to describe and reach the cloud.
export type {
  StoredApplication,
  StoredAppRoleAssignment,
  StoredFederatedCredential,
  StoredKeyCredential,
  StoredPasswordCredential,
  StoredPermissionGrant,
  StoredServicePrincipal,
  Tenant,
} from './tenant.js';
export type { LoggedRequest, Service } from './request-log.js';
export { afterToken, computeRequestStats, countSequentialRoundTrips } from './request-stats.js';
export type { RequestStats } from './request-stats.js';
export type { FaultRule, ReplicatedKind } from './faults.js';
export type { SecretLocation, TokenPermissions } from './github/index.js';
export { ADMINISTRATOR_ROLES, LEAST_PRIVILEGE_ROLES } from './seed/deployer.js';
export {
  formatReadyLine,
  readCloudDescription,
  writeCloudDescription,
  type CloudDescription,
} from './cloud-description.js';
export { HTTPS_PORT, REAL_HOSTS, toHostsFile } from './real-hosts.js';

/** A running local cloud. */
export interface LocalCloud {
  tenant: Tenant;
  faults: Faults;
  log: RequestLog;
  oidc: OidcIssuer;
  entra: EntraService;
  github: GitHubService;
  /** Key Vault's secrets data plane; add vaults with keyVault.addVault(name). */
  keyVault: KeyVaultService;
  urls: {
    authorityHost: string;
    graphEndpoint: string;
    githubApi: string;
    oidcIssuer: string;
    management: string;
    /** HTTPS_PROXY for the runner: tunnels <vault>.vault.azure.net to the Key Vault fake. */
    proxy: string;
    /** The Key Vault server itself (requests must carry the vault's Host header). */
    keyVault: string;
  };
  /** The real-hosts listener, when started with `realHosts`. */
  realHosts?: RealHostsListener;
  /** CA certificate of the servers, for NODE_EXTRA_CA_CERTS or an https.Agent's `ca`. */
  caCertPath: string;
  caCertPem: string;
  deployer: { clientId: string; servicePrincipalId: string; applicationObjectId: string };
  /** An administrator app that signs in with a client secret (AZURE_CLIENT_ID/AZURE_CLIENT_SECRET), for the bootstrap. */
  administrator: { clientId: string; clientSecret: string } | null;
  /** A registered GitHub token that may write secrets and variables of every repository and organization. */
  githubToken: string;
  /** A registered GITHUB_TOKEN-like token: no secrets or variables permission (403 on secret calls). */
  workflowToken: string;
  /** Inputs that point the action at this cloud: tenant-id, client-id, authority-host, graph-endpoint. */
  actionInputs(): Record<string, string>;
  /** Adds a client secret to the deployer app (as an admin would in the portal) and returns its value. */
  addDeployerSecret(): string;
  /** The environment a runner gives the action (GITHUB_*, RUNNER_*, ACTIONS_ID_TOKEN_REQUEST_*, NODE_EXTRA_CA_CERTS); `claims` override the OIDC claims. */
  runnerEnv(options?: { claims?: Record<string, unknown> }): Record<string, string>;
  /** The fakes' clock in ms (real time, sped up by setClockRate, plus what advanceClock added). */
  now(): number;
  advanceClock(ms: number): void;
  /**
   * From now on the fakes' clock runs `rate` times as fast as real time, so replication delays of a
   * minute pass in a second. Retry-After headers are scaled to match (see Faults.clockRate). What a
   * client stamps with its own clock (a certificate's client assertion) ages `rate` times as fast.
   */
  setClockRate(rate: number): void;
  /** Puts the fakes' clock back to real time at rate 1. */
  resetClock(): void;
  stop(): Promise<void>;
}

/** Starts every service on an ephemeral port of 127.0.0.1 and seeds the tenant, the deployer and GitHub. */
export async function startLocalCloud(options: LocalCloudOptions = {}): Promise<LocalCloud> {
  const tls = readTlsMaterial();
  const tenant = new Tenant();
  const faults = new Faults();
  faults.latencyMs = options.latencyMs ?? 0;
  const log = new RequestLog();
  const clock = new CloudClock();
  const now = (): number => clock.now();

  const [github, oidcKey, entraKey] = await Promise.all([
    GitHubService.create(now, faults),
    generateSigningKey(),
    generateSigningKey(),
  ]);
  const repository = seedGitHub(github, options.repository ?? 'octo-org/octo-repo');
  const oidc = new OidcIssuer(
    { fullName: repository.fullName, id: repository.id, ownerId: repository.owner.id },
    now,
    oidcKey,
    // Only an immutable subject differs from the repository claim; names stay as the job gives them.
    (name) => {
      const repo = github.state.repository(name);
      return repo?.oidcSubject.useImmutableSubject ? toSubjectPrefix(repo) : undefined;
    },
  );
  let graphUrl = '';
  const entra = new EntraService({
    tenant,
    oidc,
    faults,
    now,
    graphEndpoint: () => graphUrl,
    key: entraKey,
  });
  const graphHandler = createGraphHandler({
    tenant,
    authenticate: (auth) => entra.authenticate(auth),
    faults,
    log,
    now,
  });

  const keyVault = new KeyVaultService({
    tenantId: tenant.tenantId,
    authenticate: (auth, audiences) => entra.authenticate(auth, audiences),
    now,
    faults,
  });
  const common = { tls, log, faults, now };
  // Issuing a token changes no state, so write faults (failWritesAfter) never hit Entra or the OIDC issuer.
  const readOnly = (): boolean => false;
  const routes: RealHostServices = {
    entra: { ...common, service: 'entra', handler: entra.handle, isWrite: readOnly },
    graph: { ...common, service: 'graph', handler: graphHandler, instrument: false },
    management: {
      ...common,
      service: 'management',
      handler: createManagementHandler({
        tenant,
        authenticate: (auth, audiences) => entra.authenticate(auth, audiences),
      }),
      isWrite: readOnly,
    },
  };
  const servers: ServiceServer[] = await Promise.all([
    startServiceServer({ ...common, service: 'oidc', handler: oidc.handle, isWrite: readOnly }),
    startServiceServer(routes.entra),
    startServiceServer({ ...common, service: 'github', handler: github.handle }),
    startServiceServer(routes.graph),
    startServiceServer(routes.management),
    startServiceServer({ ...common, service: 'keyvault', handler: keyVault.handle }),
  ]);
  let managementUrl = '';
  let keyVaultUrl = '';
  [oidc.url, entra.url, github.url, graphUrl, managementUrl, keyVaultUrl] = servers.map(
    (s) => s.url,
  );
  const keyVaultPort = Number(new URL(keyVaultUrl).port);
  const proxy: ProxyServer = await startConnectProxy((host) =>
    keyVault.servesHost(host) ? keyVaultPort : null,
  );
  let realHosts: RealHostsListener | undefined;
  if (options.realHosts) {
    const port = options.realHosts === true ? undefined : options.realHosts.port;
    const started = await startRealHostsServer(tls, routes, port).catch(async (error: unknown) => {
      await Promise.all([...servers.map((s) => s.close()), proxy.close()]);
      throw error;
    });
    servers.push(started.server);
    realHosts = started.listener;
  }

  seedFirstPartyResources(tenant);
  seedManagementApi(tenant);
  seedKeyVaultResource(tenant);
  if (options.bulkServicePrincipals)
    seedBulkServicePrincipals(tenant, options.bulkServicePrincipals);
  const deployer = seedDeployer(tenant, { issuer: oidc.url, roles: options.deployerRoles });
  const administrator = options.administrator ? seedAdministrator(tenant, oidc.url) : null;
  const githubToken = `github_pat_${randomBytes(30).toString('base64url')}`;
  const workflowToken = `ghs_${randomBytes(27).toString('base64url')}`;
  github.addToken(githubToken, {
    secrets: 'write',
    variables: 'write',
    issues: 'write',
    administration: 'write',
    contents: 'write',
    actions: 'write',
    workflows: 'write',
    kind: 'personal access token',
  });
  github.addToken(workflowToken, { secrets: 'none', variables: 'none', kind: 'integration' });

  return {
    tenant,
    faults,
    log,
    oidc,
    entra,
    github,
    keyVault,
    deployer,
    administrator,
    githubToken,
    workflowToken,
    urls: {
      authorityHost: entra.url,
      graphEndpoint: graphUrl,
      githubApi: github.url,
      oidcIssuer: oidc.url,
      management: managementUrl,
      proxy: proxy.url,
      keyVault: keyVaultUrl,
    },
    realHosts,
    caCertPath: tls.caCertPath,
    caCertPem: tls.caCertPem,
    actionInputs: () => ({
      'tenant-id': tenant.tenantId,
      'client-id': deployer.clientId,
      'authority-host': entra.url,
      'graph-endpoint': graphUrl,
    }),
    addDeployerSecret: () => addDeployerSecret(tenant, deployer.clientId, now()),
    runnerEnv: (runner = {}) => toRunnerEnv(oidc, github.url, tls.caCertPath, runner.claims ?? {}),
    now,
    advanceClock: (ms) => clock.advance(ms),
    setClockRate: (rate) => {
      clock.setRate(rate);
      faults.clockRate = rate;
    },
    resetClock: () => {
      clock.reset();
      faults.clockRate = 1;
    },
    stop: async () => {
      await Promise.all([...servers.map((s) => s.close()), proxy.close()]);
    },
  };
}

// An app that signs in with a client secret and may create apps and grant any role.
function seedAdministrator(tenant: Tenant, issuer: string): LocalCloud['administrator'] {
  const clientSecret = `adm~${randomBytes(30).toString('base64url')}`;
  const { clientId } = seedDeployer(tenant, {
    issuer,
    roles: ADMINISTRATOR_ROLES,
    displayName: 'Local cloud administrator',
    subject: null,
    clientSecret,
  });
  return { clientId, clientSecret };
}

// The workflow's repository with the environments tests use, and a second repository of the same owner.
function seedGitHub(
  github: GitHubService,
  fullName: string,
): ReturnType<GitHubService['state']['addRepository']> {
  const repository = github.state.addRepository(fullName);
  github.state.addEnvironment(fullName, 'production');
  github.state.addEnvironment(fullName, 'staging');
  github.state.addRepository(`${repository.owner.login}/other-repo`);
  return repository;
}

function toRunnerEnv(
  oidc: OidcIssuer,
  githubApi: string,
  caCertPath: string,
  overrides: Record<string, unknown>,
): Record<string, string> {
  const claims = oidc.jobClaims(overrides);
  const text = (name: string): string => String(claims[name] ?? '');
  const ref = text('ref');
  return {
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_API_URL: githubApi,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_GRAPHQL_URL: `${githubApi}/graphql`,
    GITHUB_REPOSITORY: text('repository'),
    GITHUB_REPOSITORY_OWNER: text('repository_owner'),
    GITHUB_REPOSITORY_ID: text('repository_id'),
    GITHUB_REPOSITORY_OWNER_ID: text('repository_owner_id'),
    GITHUB_REF: ref,
    GITHUB_REF_NAME: ref.replace(/^refs\/(heads|tags)\//, ''),
    GITHUB_REF_TYPE: text('ref_type'),
    GITHUB_REF_PROTECTED: text('ref_protected'),
    GITHUB_SHA: text('sha'),
    GITHUB_HEAD_REF: text('head_ref'),
    GITHUB_BASE_REF: text('base_ref'),
    GITHUB_EVENT_NAME: text('event_name'),
    GITHUB_WORKFLOW: text('workflow'),
    GITHUB_WORKFLOW_REF: text('workflow_ref'),
    GITHUB_WORKFLOW_SHA: text('workflow_sha'),
    GITHUB_RUN_ID: text('run_id'),
    GITHUB_RUN_NUMBER: text('run_number'),
    GITHUB_RUN_ATTEMPT: text('run_attempt'),
    GITHUB_JOB: 'register',
    GITHUB_ACTION: 'register-entra-app',
    GITHUB_ACTOR: text('actor'),
    GITHUB_ACTOR_ID: text('actor_id'),
    GITHUB_TRIGGERING_ACTOR: text('actor'),
    RUNNER_OS: 'Linux',
    RUNNER_ARCH: 'X64',
    RUNNER_NAME: 'GitHub Actions 1',
    RUNNER_ENVIRONMENT: 'github-hosted',
    ACTIONS_ID_TOKEN_REQUEST_URL: oidc.requestUrl(),
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: oidc.issueRequestToken(overrides),
    NODE_EXTRA_CA_CERTS: caCertPath,
  };
}
