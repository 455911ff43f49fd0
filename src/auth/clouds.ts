// Sign-in and Graph endpoints of the national clouds, as host roots (no tenant, no API version).
// https://learn.microsoft.com/graph/deployments#microsoft-graph-and-graph-explorer-service-root-endpoints
import { InputError } from '../errors.js';

/** The clouds the `cloud` input accepts. */
export type CloudName = 'AzurePublicCloud' | 'AzureUSGovernment' | 'AzureChinaCloud';

/** Host roots of one cloud, e.g. `https://login.microsoftonline.com` and `https://graph.microsoft.com`. */
export interface CloudEndpoints {
  authorityHost: string;
  graphEndpoint: string;
}

/** Endpoints of each national cloud. */
export const CLOUDS: Readonly<Record<CloudName, CloudEndpoints>> = {
  AzurePublicCloud: {
    authorityHost: 'https://login.microsoftonline.com',
    graphEndpoint: 'https://graph.microsoft.com',
  },
  AzureUSGovernment: {
    authorityHost: 'https://login.microsoftonline.us',
    graphEndpoint: 'https://graph.microsoft.us',
  },
  AzureChinaCloud: {
    authorityHost: 'https://login.chinacloudapi.cn',
    graphEndpoint: 'https://microsoftgraph.chinacloudapi.cn',
  },
};

/**
 * The audience of the GitHub token Entra exchanges, per cloud (the value Microsoft's docs and the
 * Azure SDKs use for workload identity federation in each national cloud).
 * https://learn.microsoft.com/entra/workload-id/workload-identity-federation-create-trust#important-considerations-and-restrictions
 */
export const TOKEN_EXCHANGE_AUDIENCES: Readonly<Record<CloudName, string>> = {
  AzurePublicCloud: 'api://AzureADTokenExchange',
  AzureUSGovernment: 'api://AzureADTokenExchangeUSGov',
  AzureChinaCloud: 'api://AzureADTokenExchangeChina',
};
// azure/login's `environment` input names the public cloud AzureCloud; its other names are ours.
const CLOUD_ALIASES: Readonly<Record<string, CloudName>> = { azurecloud: 'AzurePublicCloud' };

/** Returns the cloud a `cloud` input names, in any case, with azure/login's names; undefined when none. */
export function toCloudName(value: string): CloudName | undefined {
  const key = value.trim().toLowerCase();
  const name = Object.keys(CLOUDS).find((n) => n.toLowerCase() === key) as CloudName | undefined;
  return name ?? CLOUD_ALIASES[key];
}

/** Returns true when `name` is one of the supported cloud names. */
export function isCloudName(name: string): name is CloudName {
  return Object.prototype.hasOwnProperty.call(CLOUDS, name);
}

/** Returns true when the authority host is a known cloud's (MSAL's instance discovery knows it). */
export function isKnownAuthorityHost(authorityHost: string): boolean {
  const host = new URL(authorityHost).host.toLowerCase();
  return Object.values(CLOUDS).some((c) => new URL(c.authorityHost).host === host);
}

/** Returns the cloud's endpoints with the given overrides applied, each normalised to an https origin. */
export function resolveEndpoints(
  cloud: CloudName,
  overrides: Partial<CloudEndpoints> = {},
): CloudEndpoints {
  const base = CLOUDS[cloud];
  if (!base) {
    throw new InputError(
      'cloud',
      `Unknown cloud '${cloud}'. Expected one of: ${Object.keys(CLOUDS).join(', ')}.`,
    );
  }
  return {
    authorityHost: toHostRoot('authority-host', overrides.authorityHost || base.authorityHost),
    graphEndpoint: toHostRoot('graph-endpoint', overrides.graphEndpoint || base.graphEndpoint),
  };
}

/** Returns the Graph token scope for an endpoint, e.g. `https://graph.microsoft.com/.default`. */
export function toGraphScope(graphEndpoint: string): string {
  return `${graphEndpoint.replace(/\/+$/, '')}/.default`;
}

// The action adds `/v1.0` and the tenant itself; a root given with a path would double them, and
// @azure/identity refuses a non-https authority.
function toHostRoot(input: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch (cause) {
    throw new InputError(
      input,
      `Invalid ${input} '${value}'. Expected an https host root such as https://host.example.`,
      { cause },
    );
  }
  if (url.protocol !== 'https:') {
    throw new InputError(
      input,
      `Invalid ${input} '${value}': it must use https. Expected a host root such as https://host.example.`,
    );
  }
  if (url.pathname !== '/' || url.search || url.hash) {
    throw new InputError(
      input,
      `Invalid ${input} '${value}': give the host root only (no path, query or version), e.g. ${url.origin}.`,
    );
  }
  return url.origin;
}
