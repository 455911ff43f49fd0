// Builds the clients a run needs: Graph signed in with the workflow's OIDC token, GitHub's secrets
// API, and the credential ports the executor calls.
import * as core from '@actions/core';
import { coreLogger } from './core-logger.js';
import type { Logger } from './logger.js';
import type { TokenCredential } from '@azure/identity';
import { resolveEndpoints, toGraphScope, type CloudEndpoints } from '../auth/clouds.js';
import { createGraphCredential } from '../auth/sign-in.js';
import { createCredentialPorts } from '../credentials/ports.js';
import type { CredentialPorts } from '../credentials/types.js';
import { GraphClient } from '../graph/graph-client.js';
import { createGitHubStore, type CredentialStore } from '../credentials/credential-store.js';
import { IssuesClient } from '../github/issues-client.js';
import { SecretsClient } from '../github/secrets-client.js';
import { describeSecretTarget, type SecretTarget } from '../github/secret-target.js';
import { createVaultSecrets } from '../key-vault/vault-client.js';
import { createVaultStore, type VaultStore } from '../key-vault/vault-store.js';
import type { ProfileTarget } from '../profile/read-profile.js';
import { toCredentialType } from './delivery-checks.js';
import { toIdentityHttpClient } from '../auth/identity-http-client.js';
import { createOutboundFetch, type OutboundFetch } from '../net/outbound-fetch.js';
import { describeProxy } from '../net/proxy-rules.js';
import type { Settings } from './settings.js';

/** The clients of one run. `github` is null when no github-token was given. */
export interface Connection {
  endpoints: CloudEndpoints;
  graph: GraphClient;
  github: SecretsClient | null;
  /** What the GitHub secret holds (its record); null when github is, or GitHub is not a store. */
  store: CredentialStore | null;
  /** The Key Vault store; null when Key Vault is not a secret store. */
  vault: VaultStore | null;
  /** The hand-off issues client; null unless notify is issue. */
  issues: IssuesClient | null;
  ports: CredentialPorts;
  /** The run's one fetch (proxy rules applied); any new outbound client takes this one. */
  fetch: OutboundFetch;
  /** Where orchestration reports (the job log). */
  logger: Logger;
  now(): Date;
}

/**
 * Returns the run's clients; nothing is sent until the first request (sign-in is lazy). Graph
 * signs in with the workflow's OIDC token unless another `credential` is given (the bootstrap's).
 */
export function connect(
  settings: Settings,
  env: NodeJS.ProcessEnv = process.env,
  credential?: TokenCredential,
): Connection {
  const endpoints = resolveEndpoints(settings.cloud, {
    authorityHost: settings.authorityHost ?? undefined,
    graphEndpoint: settings.graphEndpoint ?? undefined,
  });
  // One fetch for every request of the run, so one set of proxy rules decides for all of them.
  const fetch = createOutboundFetch(env);
  const proxy = describeProxy(fetch.proxy);
  if (proxy) core.info(proxy);
  credential ??= createGraphCredential({
    tenantId: settings.tenantId,
    clientId: settings.clientId,
    authorityHost: endpoints.authorityHost,
    audience: settings.audience,
    env,
    fetch,
  });
  const logger = coreLogger;
  const graph = new GraphClient({
    credential,
    graphEndpoint: endpoints.graphEndpoint,
    logger,
    fetch,
  });
  const target = toSecretTarget(settings);
  const github =
    settings.githubToken && target
      ? new SecretsClient({
          token: settings.githubToken,
          baseUrl: env.GITHUB_API_URL || 'https://api.github.com',
          target,
          log: logger.info,
          fetch,
        })
      : null;
  // The same federated sign-in reaches Key Vault; the vault's challenge names its tenant, which is
  // the tenant signed in to (a tenant-id given as a domain must not look like another tenant).
  const vault = settings.keyVault
    ? createVaultSecrets(
        settings.keyVault,
        {
          getToken: (scopes, options) =>
            credential.getToken(scopes, { ...options, tenantId: undefined }),
        },
        settings.clientId,
        toIdentityHttpClient(fetch),
      )
    : null;
  const ports = createCredentialPorts({
    github: github ?? missingGitHub,
    target: target ?? { scope: 'repository', owner: '', repo: '' },
    format: settings.certificateFormat,
    storeIds: settings.storeIds,
    storeInGitHub: settings.secretStore !== 'key-vault',
    vault: vault && {
      secrets: vault,
      profile: settings.profile ?? 'inline app',
      storeIds: settings.storeIds !== 'none',
    },
    verify: settings.verify
      ? {
          tokenEndpoint: `${endpoints.authorityHost}/${encodeURIComponent(settings.tenantId)}/oauth2/v2.0/token`,
          scope: toGraphScope(endpoints.graphEndpoint),
          fetch,
        }
      : null,
    provided: settings.certificate ?? undefined,
    pfxPassword: settings.certificatePassword,
    mask: (value) => core.setSecret(value),
    log: logger.info,
    now: () => new Date(),
  });
  const store =
    github && settings.secretStore !== 'key-vault'
      ? createGitHubStore(
          github,
          (name) =>
            `${github.target.scope} secret ${name} in ${describeSecretTarget(github.target)}`,
        )
      : null;
  return {
    endpoints,
    graph,
    github,
    store,
    vault: vault && createVaultStore(vault),
    issues:
      settings.notify === 'issue' && settings.githubToken && settings.secret.repository
        ? new IssuesClient({
            token: settings.githubToken,
            baseUrl: env.GITHUB_API_URL || 'https://api.github.com',
            repository: settings.secret.repository,
            log: logger.info,
            fetch,
          })
        : null,
    ports,
    fetch,
    logger,
    now: () => new Date(),
  };
}

/**
 * Checks with read requests, before the first write to Entra, that every GitHub write the run may
 * make can land: a failure here writes nothing anywhere (I/O).
 */
export async function checkGitHubTarget(
  settings: Settings,
  targets: readonly ProfileTarget[],
  connection: Connection,
): Promise<void> {
  const delivers = targets.some((t) => toCredentialType(settings, t) !== 'none');
  if (settings.mode !== 'apply' || !delivers || !connection.store || !connection.github) return;
  await connection.github.checkTarget();
}

/** Where secrets go, from the secret-* inputs; null when there is no repository to write to. */
export function toSecretTarget(settings: Settings): SecretTarget | null {
  const { secret } = settings;
  if (secret.scope === 'organization') {
    if (!secret.organization) return null;
    return {
      scope: 'organization',
      org: secret.organization,
      visibility: secret.visibility,
      selectedRepositories: secret.repositories,
    };
  }
  if (!secret.repository) return null;
  if (secret.scope === 'environment')
    return { scope: 'environment', ...secret.repository, environment: secret.environment ?? '' };
  return { scope: 'repository', ...secret.repository };
}

// checkDelivery refuses a run that must store a credential without a token, so this is never reached.
const missingGitHub = {
  writeSecret(): Promise<never> {
    return Promise.reject(new Error('No github-token: the credential cannot be stored in GitHub.'));
  },
  writeVariable(): Promise<never> {
    return Promise.reject(new Error('No github-token: the ids cannot be stored in GitHub.'));
  },
};
