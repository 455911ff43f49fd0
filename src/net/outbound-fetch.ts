// The fetch every outbound request of the action goes through: GitHub's OIDC token, Entra ID's
// token endpoint (through @azure/identity), Microsoft Graph, the check of a new credential and
// GitHub's REST API. Node's own fetch ignores HTTPS_PROXY, so each request gets an undici
// dispatcher chosen by proxy-rules.ts: a CONNECT tunnel through the proxy, or a direct connection.
// TLS to the target host uses Node's CA store either way, which includes NODE_EXTRA_CA_CERTS.
import { Agent, ProxyAgent, fetch as undiciFetch, type Dispatcher } from 'undici';
import { chooseProxy, parseProxyConfig, type ProxyConfig } from './proxy-rules.js';

/** The fetch signature the clients call. */
export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/** A fetch that honours the proxy settings it was made with. */
export interface OutboundFetch extends FetchLike {
  readonly proxy: ProxyConfig;
}

/** Returns a fetch that sends each request through the proxy the environment names for its host, or directly. */
export function createOutboundFetch(env: NodeJS.ProcessEnv = process.env): OutboundFetch {
  const proxy = parseProxyConfig(env);
  let direct: Agent | undefined;
  const tunnels = new Map<string, ProxyAgent>();
  const dispatcherFor = (url: URL): Dispatcher => {
    const through = chooseProxy(url, proxy);
    if (!through) return (direct ??= new Agent());
    let tunnel = tunnels.get(through.href);
    if (!tunnel) {
      // ProxyAgent sends Basic Proxy-Authorization itself when the URL carries user:password.
      tunnel = new ProxyAgent({ uri: through.href });
      tunnels.set(through.href, tunnel);
    }
    return tunnel;
  };
  const outbound = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    if (typeof input !== 'string' && !(input instanceof URL))
      throw new TypeError('The outbound fetch takes a URL; pass method, headers and body in init.');
    const url = new URL(input);
    const response = await undiciFetch(url, {
      ...(init as Parameters<typeof undiciFetch>[1]),
      dispatcher: dispatcherFor(url),
    });
    return response as unknown as Response;
  };
  return Object.assign(outbound, { proxy });
}
