// Which proxy, if any, a request goes through: the one place that reads HTTPS_PROXY, HTTP_PROXY and
// NO_PROXY. The rules are the self-hosted runner's, so the action goes where the runner goes:
// https://docs.github.com/actions/hosting-your-own-runners/managing-self-hosted-runners/using-a-proxy-server-with-self-hosted-runners
import { InputError } from '../errors.js';

/** One NO_PROXY entry: `*` (every host), a host name (it and its subdomains) or `.suffix`, with an optional port. */
export interface NoProxyEntry {
  /** Lower case, without a leading `.` or `*.`; `*` matches every host. */
  host: string;
  /** True for `.example.com` and `*.example.com`: subdomains only, not the name itself. */
  subdomainsOnly: boolean;
  /** Only this port when given (`myserver.local:443`). */
  port: number | null;
}

/** The proxy settings of the runner's environment. */
export interface ProxyConfig {
  /** For https:// requests (https_proxy, then HTTPS_PROXY). */
  httpsProxy: URL | null;
  /** For http:// requests (http_proxy, then HTTP_PROXY). */
  httpProxy: URL | null;
  noProxy: NoProxyEntry[];
}

/** Returns the proxy settings the variables hold; the lower-case name wins, as on the runner. Throws when a proxy is not a URL. */
export function parseProxyConfig(env: NodeJS.ProcessEnv): ProxyConfig {
  return {
    httpsProxy: toProxyUrl(env, 'https_proxy', 'HTTPS_PROXY'),
    httpProxy: toProxyUrl(env, 'http_proxy', 'HTTP_PROXY'),
    noProxy: parseNoProxy(findProxyVariable(env, 'no_proxy', 'NO_PROXY')?.value ?? ''),
  };
}

/** Returns the proxy for a request to `url`, or null when it goes direct. */
export function chooseProxy(url: URL, config: ProxyConfig): URL | null {
  const proxy =
    url.protocol === 'https:'
      ? config.httpsProxy
      : url.protocol === 'http:'
        ? config.httpProxy
        : null;
  if (!proxy || isExempt(url, config.noProxy)) return null;
  return proxy;
}

/** Parses a comma- (or space-) separated NO_PROXY value. */
export function parseNoProxy(value: string): NoProxyEntry[] {
  return value
    .split(/[,\s]+/)
    .map((entry) => entry.trim().toLowerCase())
    .filter(Boolean)
    .map((entry): NoProxyEntry => {
      if (entry === '*') return { host: '*', subdomainsOnly: false, port: null };
      // `[::1]:443` keeps its brackets, as URL.hostname does; a bare IPv6 address has no port.
      const match = entry.startsWith('[')
        ? /^(\[[^\]]*\])(?::(\d+))?$/.exec(entry)
        : /^([^:]*)(?::(\d+))?$/.exec(entry);
      let host = match?.[1] ?? entry;
      const port = match?.[2] ? Number(match[2]) : null;
      const subdomainsOnly = host.startsWith('.') || host.startsWith('*.');
      host = host.replace(/^\*?\./, '');
      return { host, subdomainsOnly, port };
    });
}

/** The proxy without its password, for the log. */
export function describeProxy(config: ProxyConfig): string | null {
  const shown = (url: URL | null): string | null =>
    url ? `${url.protocol}//${url.username ? `${url.username}:***@` : ''}${url.host}` : null;
  const https = shown(config.httpsProxy);
  const http = shown(config.httpProxy);
  if (!https && !http) return null;
  const parts = [https && `https:// through ${https}`, http && `http:// through ${http}`];
  const exempt = config.noProxy.map((e) =>
    e.host === '*' ? '*' : `${e.subdomainsOnly ? '.' : ''}${e.host}${e.port ? `:${e.port}` : ''}`,
  );
  return `Proxy: ${parts.filter(Boolean).join(', ')}${exempt.length ? `; direct for ${exempt.join(', ')}` : ''}.`;
}

function isExempt(url: URL, entries: NoProxyEntry[]): boolean {
  const host = url.hostname.toLowerCase();
  const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
  return entries.some((entry) => {
    if (entry.host === '*') return true;
    if (entry.port !== null && entry.port !== port) return false;
    const subdomain = host.endsWith(`.${entry.host}`);
    return entry.subdomainsOnly ? subdomain : subdomain || host === entry.host;
  });
}

function toProxyUrl(env: NodeJS.ProcessEnv, lower: string, upper: string): URL | null {
  const variable = findProxyVariable(env, lower, upper);
  if (!variable) return null;
  // The runner accepts `proxy.local:8080` without a scheme, as curl does.
  const text = /^[a-z][a-z0-9+.-]*:\/\//i.test(variable.value)
    ? variable.value
    : `http://${variable.value}`;
  let url: URL;
  try {
    url = new URL(text);
  } catch (cause) {
    throw new InputError(
      variable.name,
      `Invalid ${variable.name} '${redact(variable.value)}'. Expected a proxy URL such as http://proxy.example:8080.`,
      { cause },
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InputError(
      variable.name,
      `Invalid ${variable.name} '${redact(variable.value)}': the proxy must be http:// or https://, e.g. http://proxy.example:8080.`,
    );
  }
  return url;
}

function findProxyVariable(
  env: NodeJS.ProcessEnv,
  lower: string,
  upper: string,
): { name: string; value: string } | null {
  for (const name of [lower, upper]) {
    const value = env[name]?.trim();
    if (value) return { name, value };
  }
  return null;
}

// A proxy URL may carry a password (http://user:password@proxy); errors never show it.
function redact(value: string): string {
  return value.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}
