// A forward proxy as corporate networks run them, for tests: it answers HTTP CONNECT on 127.0.0.1,
// opens a TCP tunnel to the target (loopback targets only) and records every tunnel with the source
// port of its connection to the target, so a test can match each connection a local-cloud service
// accepted against the tunnels. It never sees inside the TLS the client speaks through the tunnel.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { connect, isIP, type AddressInfo, type Socket } from 'node:net';

/** One CONNECT the proxy carried out. */
export interface Tunnel {
  /** host:port as the client asked for it. */
  target: string;
  /** Source port of the proxy's connection to the target. */
  upstreamPort: number;
  /** The Proxy-Authorization header the client sent, if any. */
  proxyAuthorization: string | undefined;
}

/** A running proxy. */
export interface ConnectProxy {
  /** http://127.0.0.1:PORT, or with user:password@ when credentials are required. */
  url: string;
  tunnels: Tunnel[];
  /** Requests the proxy refused: plain (non-CONNECT) requests, non-loopback targets, bad credentials. */
  refused: string[];
  close(): Promise<void>;
}

/** Starts the proxy on an ephemeral port of 127.0.0.1; with `credentials` ({user, password}) it answers 407 without them. */
export async function startConnectProxy(
  options: { credentials?: { user: string; password: string } } = {},
): Promise<ConnectProxy> {
  const tunnels: Tunnel[] = [];
  const refused: string[] = [];
  const sockets = new Set<Socket>();
  const expected = options.credentials
    ? `Basic ${Buffer.from(`${options.credentials.user}:${options.credentials.password}`).toString('base64')}`
    : undefined;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    refused.push(`${req.method} ${req.url}`);
    res.writeHead(405, { 'content-type': 'text/plain' }).end('This proxy only tunnels (CONNECT).');
  });
  server.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => client.destroy());
    const target = req.url ?? '';
    const auth = req.headers['proxy-authorization'];
    const { host, port } = splitTarget(target);
    if (expected && auth !== expected) {
      refused.push(`CONNECT ${target} (407)`);
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic\r\n\r\n');
      return;
    }
    if (!isLoopback(host) || !port) {
      refused.push(`CONNECT ${target} (403)`);
      client.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    const upstream = connect({ host: host === 'localhost' ? '127.0.0.1' : host, port });
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    upstream.on('error', () => {
      if (!client.destroyed) client.end('HTTP/1.1 502 Bad Gateway\r\n\r\n');
    });
    upstream.once('connect', () => {
      tunnels.push({ target, upstreamPort: upstream.localPort ?? 0, proxyAuthorization: auth });
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const userinfo = options.credentials
    ? `${encodeURIComponent(options.credentials.user)}:${encodeURIComponent(options.credentials.password)}@`
    : '';
  return {
    url: `http://${userinfo}127.0.0.1:${port}`,
    tunnels,
    refused,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

function splitTarget(target: string): { host: string; port: number } {
  const match = /^\[?([^\]]+?)\]?:(\d+)$/.exec(target);
  return match ? { host: match[1].toLowerCase(), port: Number(match[2]) } : { host: '', port: 0 };
}

function isLoopback(host: string): boolean {
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  return host === '::1';
}
