// Builds the clients a run needs: Graph signed in with the workflow's OIDC token, GitHub's secrets
// API, and the credential ports the executor calls.
import * as core from '@actions/core';
import type { TokenCredential } from '@azure/identity';
import { resolveEndpoints, toGraphScope, type CloudEndpoints } from '../auth/clouds.js';
import { createGraphCredential } from '../auth/sign-in.js';
import { createCredentialPorts } from '../credentials/ports.js';
import type { CredentialPorts } from '../credentials/types.js';
import { GraphClient } from '../graph/graph-client.js';
import { SecretsClient } from '../github/secrets-client.js';
import type { SecretTarget } from '../github/secret-target.js';
import type { Settings } from './settings.js';

/** The clients of one run. `github` is null when no github-token was given. */
export interface Connection {
  endpoints: CloudEndpoints;
  graph: GraphClient;
  github: SecretsClient | null;
  ports: CredentialPorts;
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
  credential ??= createGraphCredential({
    tenantId: settings.tenantId,
    clientId: settings.clientId,
    authorityHost: endpoints.authorityHost,
    audience: settings.audience,
  });
  const logger = { info: (line: string) => core.info(line) };
  const graph = new GraphClient({ credential, graphEndpoint: endpoints.graphEndpoint, logger });
  const target = toSecretTarget(settings);
  const github =
    settings.githubToken && target
      ? new SecretsClient({
          token: settings.githubToken,
          baseUrl: env.GITHUB_API_URL || 'https://api.github.com',
          target,
          log: logger.info,
        })
      : null;
  const ports = createCredentialPorts({
    github: github ?? missingGitHub,
    target: target ?? { scope: 'repository', owner: '', repo: '' },
    format: settings.certificateFormat,
    storeIds: settings.storeIds,
    verify: settings.verify
      ? {
          tokenEndpoint: `${endpoints.authorityHost}/${encodeURIComponent(settings.tenantId)}/oauth2/v2.0/token`,
          scope: toGraphScope(endpoints.graphEndpoint),
        }
      : null,
    provided: settings.certificate ?? undefined,
    mask: (value) => core.setSecret(value),
    log: logger.info,
    now: () => new Date(),
  });
  return { endpoints, graph, github, ports, now: () => new Date() };
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
  async writeSecret(): Promise<never> {
    throw new Error('No github-token: the credential cannot be stored in GitHub.');
  },
  async writeVariable(): Promise<never> {
    throw new Error('No github-token: the ids cannot be stored in GitHub.');
  },
};
