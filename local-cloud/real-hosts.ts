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

/** How to start the real-hosts listener. */
export interface RealHostsServerOptions {
  tls: TlsMaterial;
  /** Default 443; 0 for an ephemeral port (tests). */
  port?: number;
  /** The service options per real host name. */
  routes: ReadonlyMap<string, Omit<ServiceServerOptions, 'tls'>>;
}

/** Starts the listener that serves every real host; explains EACCES and EADDRINUSE. */
export async function startRealHostsServer(
  options: RealHostsServerOptions,
): Promise<ServiceServer> {
  const port = options.port ?? HTTPS_PORT;
  const route = (req: IncomingMessage, res: ServerResponse): void => {
    const service = options.routes.get(requestHostName(req));
    if (!service) {
      sendJson(res, 421, {
        error: 'misdirected_request',
        error_description: `The local cloud does not serve '${req.headers.host ?? ''}'. It serves ${[...options.routes.keys()].join(', ')}.`,
      });
      return;
    }
    void serveServiceRequest({ ...service, tls: options.tls }, req, res);
  };
  try {
    return await listenHttps(options.tls, port, route);
  } catch (error) {
    throw new Error(explainListenError(error as NodeJS.ErrnoException, port), { cause: error });
  }
}

function explainListenError(error: NodeJS.ErrnoException, port: number): string {
  if (error.code === 'EACCES')
    return `Real-hosts mode needs root: it listens on 127.0.0.1:${port}, a privileged port, because real clients reach https://${REAL_HOSTS.entra} and https://${REAL_HOSTS.graph} on port ${port}.`;
  if (error.code === 'EADDRINUSE')
    return `127.0.0.1:${port} is taken by another program. Stop it, or run the cloud and its clients in a private network namespace: unshare -n sh -c 'ip link set lo up; …'.`;
  return `Cannot listen on 127.0.0.1:${port}: ${error.message}`;
}
