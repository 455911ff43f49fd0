// One HTTPS server per local-cloud service on 127.0.0.1: reads the body, lets the fault injector
// answer first, runs the service's handler and records the exchange in the shared request log.
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { Faults } from './faults.js';
import { toCapturedText, type RequestLog, type Service } from './request-log.js';
import type { TlsMaterial } from './tls.js';

/** A service's request handler; `body` is the whole request body. */
export type ServiceHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  body: Buffer,
) => Promise<void> | void;

/** A running service server. */
export interface ServiceServer {
  /** `https://127.0.0.1:PORT`, no trailing slash. */
  url: string;
  close(): Promise<void>;
}

/** Options of `startServiceServer`. */
export interface ServiceServerOptions {
  service: Service;
  tls: TlsMaterial;
  log: RequestLog;
  faults: Faults;
  handler: ServiceHandler;
  /** False when the handler logs and injects faults itself (the Graph handler does). */
  instrument?: boolean;
  /** Whether a request changes state (write faults count only those); default: any method but GET and HEAD. */
  isWrite?: (req: IncomingMessage) => boolean;
  /** The cloud's clock, for the log's `at`. */
  now?: () => number;
}

/** Starts an HTTPS server for one service on an ephemeral port of 127.0.0.1, with keep-alive. */
export async function startServiceServer(options: ServiceServerOptions): Promise<ServiceServer> {
  return listenHttps(
    options.tls,
    0,
    (req, res) => void serveServiceRequest(options, req, res),
    // Where each connection came from, so a test can tell a proxy's tunnel from a direct connection.
    (socket) =>
      options.log.recordConnection({
        service: options.service,
        remoteAddress: socket.remoteAddress ?? '',
        remotePort: socket.remotePort ?? 0,
      }),
  );
}

/**
 * Starts an HTTPS server with keep-alive on 127.0.0.1:`port` (0: ephemeral) answering with
 * `onRequest`; `onConnection` sees each TLS connection.
 */
export async function listenHttps(
  tls: TlsMaterial,
  port: number,
  onRequest: (req: IncomingMessage, res: ServerResponse) => void,
  onConnection?: (socket: TLSSocket) => void,
): Promise<ServiceServer> {
  const server = createServer({ key: tls.keyPem, cert: tls.certPem, keepAlive: true }, onRequest);
  server.keepAliveTimeout = 5_000;
  if (onConnection) server.on('secureConnection', onConnection);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  return { url: `https://127.0.0.1:${address.port}`, close: () => closeServer(server) };
}

/** Serves one request of a service: body, fault injection, handler, request log. */
export async function serveServiceRequest(
  options: ServiceServerOptions,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const started = performance.now();
  const at = options.now?.() ?? Date.now();
  try {
    const body = await readBody(req);
    if (options.instrument === false) {
      await options.handler(req, res, body);
      return;
    }
    const responseBytes = countResponseBytes(res, options.log.captureExchanges ? [] : undefined);
    res.once('finish', () => {
      const response = responseBytes.chunks;
      options.log.record({
        service: options.service,
        method: req.method ?? 'GET',
        path: req.url ?? '/',
        status: res.statusCode,
        at,
        durationMs: performance.now() - started,
        requestBytes: body.length,
        responseBytes: responseBytes.count(),
        ...(response
          ? {
              exchange: {
                host: req.headers.host ?? '',
                request: toCapturedText(body),
                response: toCapturedText(Buffer.concat(response)),
              },
            }
          : {}),
      });
    });
    const isWrite = options.isWrite
      ? options.isWrite(req)
      : req.method !== 'GET' && req.method !== 'HEAD';
    if (await options.faults.intercept(options.service, req, res, isWrite)) return;
    await options.handler(req, res, body);
  } catch (error) {
    if (!res.headersSent)
      sendJson(res, 500, {
        message: `local cloud ${options.service} failed: ${(error as Error).message}`,
      });
    else res.end();
  }
}

/** Writes a JSON response with `status` and extra headers. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

/** Writes an empty response (204 and the like). */
export function sendEmpty(
  res: ServerResponse,
  status: number,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, headers);
  res.end();
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

// Counts what the handler writes; with `chunks`, also keeps it.
function countResponseBytes(
  res: ServerResponse,
  chunks?: Buffer[],
): { count: () => number; chunks?: Buffer[] } {
  let bytes = 0;
  const add = (chunk: unknown): void => {
    if (typeof chunk === 'string') bytes += Buffer.byteLength(chunk);
    else if (chunk instanceof Uint8Array) bytes += chunk.length;
    if (chunks && (typeof chunk === 'string' || chunk instanceof Uint8Array))
      chunks.push(Buffer.from(chunk));
  };
  const write = res.write.bind(res) as (...args: unknown[]) => boolean;
  const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
  res.write = ((chunk: unknown, ...rest: unknown[]) => (
    add(chunk),
    write(chunk, ...rest)
  )) as ServerResponse['write'];
  res.end = ((chunk?: unknown, ...rest: unknown[]) => {
    if (typeof chunk !== 'function') add(chunk);
    return end(chunk, ...rest);
  }) as ServerResponse['end'];
  return { count: () => bytes, chunks };
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
