// Real-hosts mode: one HTTPS listener (127.0.0.1:443 by default) that answers for Entra ID,
// Microsoft Graph and Azure Resource Manager under their real names, routing each request by its
// Host header to the service standing in for that host. The machine's /etc/hosts is never touched:
// clients run where those names resolve to 127.0.0.1 (e.g. a private mount namespace whose own
// hosts file is bound over /etc/hosts).
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  listenHttps,
  sendJson,
  serveServiceRequest,
  type ServiceServer,
  type ServiceServerOptions,
} from './https-service.js';
import type { TlsMaterial } from './tls.js';

/** The real host names the local cloud stands in for. */
export const REAL_HOSTS = {
  entra: 'login.microsoftonline.com',
  graph: 'graph.microsoft.com',
  management: 'management.azure.com',
} as const;

/** The port real clients use. */
export const HTTPS_PORT = 443;

/** A hosts file that sends the real host names to 127.0.0.1 (for a private mount namespace). */
export function toHostsFile(): string {
  return `127.0.0.1 localhost\n127.0.0.1 ${Object.values(REAL_HOSTS).join(' ')}\n`;
}

/** Whether `origin` (`https://host[:port]`) names one of the real hosts. */
export function isRealHost(origin: string): boolean {
  const { hostname } = new URL(origin);
  return (Object.values(REAL_HOSTS) as string[]).includes(hostname.toLowerCase());
}

/** The host name of a request's Host header, lower case and without the port. */
export function requestHostName(req: IncomingMessage): string {
  return (req.headers.host ?? '').replace(/:\d+$/, '').toLowerCase();
}

/** The services the real-hosts listener stands in for. */
export interface RealHostServices {
  entra: ServiceServerOptions;
  graph: ServiceServerOptions;
  management: ServiceServerOptions;
}

/** The real-hosts listener of a running cloud. */
export interface RealHostsListener {
  port: number;
  /** https://login.microsoftonline.com, https://graph.microsoft.com, https://management.azure.com (with :port when not 443) */
  urls: { authorityHost: string; graphEndpoint: string; management: string };
}

/** Starts the listener that serves every real host on 127.0.0.1:`port` (default 443); explains EACCES and EADDRINUSE. */
export async function startRealHostsServer(
  tls: TlsMaterial,
  services: RealHostServices,
  port = HTTPS_PORT,
): Promise<{ server: ServiceServer; listener: RealHostsListener }> {
  const routes = new Map<string, ServiceServerOptions>([
    [REAL_HOSTS.entra, services.entra],
    [REAL_HOSTS.graph, services.graph],
    [REAL_HOSTS.management, services.management],
  ]);
  const route = (req: IncomingMessage, res: ServerResponse): void => {
    const service = routes.get(requestHostName(req));
    if (!service) {
      sendJson(res, 421, {
        error: 'misdirected_request',
        error_description: `The local cloud does not serve '${req.headers.host ?? ''}'. It serves ${[...routes.keys()].join(', ')}.`,
      });
      return;
    }
    void serveServiceRequest(service, req, res);
  };
  try {
    const server = await listenHttps(tls, port, route);
    const listener = toRealHostsListener(Number(new URL(server.url).port || HTTPS_PORT));
    return { server, listener };
  } catch (error) {
    throw new Error(explainListenError(error as NodeJS.ErrnoException, port), { cause: error });
  }
}

function toRealHostsListener(port: number): RealHostsListener {
  const origin = (host: string): string =>
    port === HTTPS_PORT ? `https://${host}` : `https://${host}:${port}`;
  return {
    port,
    urls: {
      authorityHost: origin(REAL_HOSTS.entra),
      graphEndpoint: origin(REAL_HOSTS.graph),
      management: origin(REAL_HOSTS.management),
    },
  };
}

function explainListenError(error: NodeJS.ErrnoException, port: number): string {
  if (error.code === 'EACCES')
    return `Real-hosts mode needs root: it listens on 127.0.0.1:${port}, a privileged port, because real clients reach https://${REAL_HOSTS.entra} and https://${REAL_HOSTS.graph} on port ${port}.`;
  if (error.code === 'EADDRINUSE')
    return `127.0.0.1:${port} is taken by another program. Stop it, or run the cloud and its clients in a private network namespace: unshare -n sh -c 'ip link set lo up; …'.`;
  return `Cannot listen on 127.0.0.1:${port}: ${error.message}`;
}
