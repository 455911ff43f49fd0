// What a cloud in real-hosts mode tells its clients: `.local-cloud/cloud.json` (tenant, the
// deployer's client id and a client secret, the CA, GitHub's API and OIDC request URL and tokens),
// a hosts file to bind over /etc/hosts in a private mount namespace, and one ready line.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LocalCloud, LocalCloudOptions } from './index.js';
import { HTTPS_PORT, REAL_HOSTS, toHostsFile } from './real-hosts.js';

/** The contents of cloud.json. */
export interface CloudDescription {
  tenantId: string;
  tenantDomain: string;
  deployerClientId: string;
  /** A client secret on the deployer app, as an admin would add one in the portal. */
  deployerClientSecret: string;
  caCertPath: string;
  /** A hosts file naming the real hosts 127.0.0.1, to bind over /etc/hosts in a private namespace. */
  hostsFilePath: string;
  authorityHost: string;
  graphEndpoint: string;
  managementEndpoint: string;
  githubApiUrl: string;
  githubToken: string;
  oidcIssuer: string;
  idTokenRequestUrl: string;
  idTokenRequestToken: string;
  repository: string;
}

/** Describes a cloud started with `realHosts` (adds a secret to the deployer app). */
export function toCloudDescription(cloud: LocalCloud, stateDir: string): CloudDescription {
  const realHosts = cloud.realHosts;
  if (!realHosts) throw new Error('The cloud was not started in real-hosts mode.');
  const env = cloud.runnerEnv();
  return {
    tenantId: cloud.tenant.tenantId,
    tenantDomain: cloud.tenant.domain,
    deployerClientId: cloud.deployer.clientId,
    deployerClientSecret: cloud.addDeployerSecret(),
    caCertPath: join(stateDir, 'ca.pem'),
    hostsFilePath: join(stateDir, 'hosts'),
    authorityHost: realHosts.urls.authorityHost,
    graphEndpoint: realHosts.urls.graphEndpoint,
    managementEndpoint: realHosts.urls.management,
    githubApiUrl: cloud.urls.githubApi,
    githubToken: cloud.githubToken,
    oidcIssuer: cloud.urls.oidcIssuer,
    idTokenRequestUrl: env.ACTIONS_ID_TOKEN_REQUEST_URL,
    idTokenRequestToken: env.ACTIONS_ID_TOKEN_REQUEST_TOKEN,
    repository: env.GITHUB_REPOSITORY,
  };
}

/** Writes cloud.json, ca.pem and hosts into `stateDir` (mode 0600: cloud.json holds secrets); returns cloud.json's path. */
export function writeCloudDescription(cloud: LocalCloud, stateDir: string): string {
  mkdirSync(stateDir, { recursive: true });
  const description = toCloudDescription(cloud, stateDir);
  copyFileSync(cloud.caCertPath, description.caCertPath);
  writeFileSync(description.hostsFilePath, toHostsFile());
  const path = join(stateDir, 'cloud.json');
  writeFileSync(path, `${JSON.stringify(description, null, 2)}\n`, { mode: 0o600 });
  return path;
}

/** Reads a cloud.json written by `writeCloudDescription`. */
export function readCloudDescription(path: string): CloudDescription {
  return JSON.parse(readFileSync(path, 'utf8')) as CloudDescription;
}

/** The one line printed when the cloud is ready. */
export function formatReadyLine(cloud: LocalCloud, descriptionPath: string): string {
  const port = cloud.realHosts?.port ?? HTTPS_PORT;
  return `Local cloud ready on 127.0.0.1:${port} as ${Object.values(REAL_HOSTS).join(', ')}; tenant ${cloud.tenant.tenantId}; clients read ${descriptionPath}.`;
}

/** Why real-hosts mode cannot start for user `uid` (undefined: it can). */
export function checkRealHostsPrivilege(
  options: LocalCloudOptions,
  uid: number | undefined,
): string | undefined {
  const port =
    typeof options.realHosts === 'object' && options.realHosts.port !== undefined
      ? options.realHosts.port
      : HTTPS_PORT;
  if (uid === undefined || uid === 0 || port === 0 || port >= 1024) return undefined;
  return (
    `Real-hosts mode needs root: it listens on 127.0.0.1:${port}, a privileged port, because ` +
    `clients such as the Azure CLI and the CLI for Microsoft 365 reach https://${REAL_HOSTS.entra} ` +
    `and https://${REAL_HOSTS.graph} on port ${port} and cannot be told another one. Run it with ` +
    `sudo (it never edits /etc/hosts), or give --port=N (N ≥ 1024) for clients that accept a port.`
  );
}
