// An HTTP CONNECT proxy, as a runner behind a corporate proxy has one: tunnels to the vault hosts
// (<name>.vault.azure.net:443) end at the local Key Vault server, tunnels to loopback addresses pass
// through, and any other host is refused, so the action reaches Key Vault by its real host names
// through the standard HTTPS_PROXY setting.
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';

export interface ProxyServer {
  /** `http://127.0.0.1:PORT` */
  url: string;
  /** CONNECT targets answered, as host:port. */
  tunnels: string[];
  close(): Promise<void>;
}

/** Starts the proxy; `route` returns the loopback port for a host it serves, or null. */
export async function startConnectProxy(
  route: (host: string) => number | null,
): Promise<ProxyServer> {
  const tunnels: string[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((_req, res) => {
    res.writeHead(400, { 'content-type': 'text/plain' });
    res.end('This proxy only tunnels HTTPS (CONNECT).');
  });
  server.on('connect', (req, client: Socket) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    const [host, portText] = (req.url ?? '').split(':');
    const loopback = host === '127.0.0.1' || host === 'localhost';
    const port = loopback ? Number(portText) : route(host);
    if (!port) {
      client.end('HTTP/1.1 502 Bad Gateway\r\n\r\n');
      return;
    }
    tunnels.push(req.url ?? '');
    const upstream = connect(port, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    tunnels,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
