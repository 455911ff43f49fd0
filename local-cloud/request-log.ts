// Every request the local cloud's services answered, so tests and benchmarks can count round trips
// and writes the way the real services would see them.

/** The services of the local cloud. */
export type Service = 'graph' | 'entra' | 'oidc' | 'github' | 'management' | 'keyvault';

/** One answered request; `inner` lists the requests of a Graph `$batch`. */
export interface LoggedRequest {
  service: Service;
  method: string;
  /** path + query as received */
  path: string;
  status: number;
  at: number;
  durationMs: number;
  requestBytes: number;
  responseBytes: number;
  /** for $batch: the inner requests */
  inner?: Array<{ method: string; url: string; status: number }>;
  /** Host header, request and response bodies (text), kept only while `captureExchanges` is on. */
  exchange?: { host: string; request: string; response: string };
}

// Bodies longer than this are cut in the log (a list of 10,000 service principals is megabytes).
const MAX_CAPTURED = 16_000;

/** Cuts a captured body to the log's limit. */
export function toCapturedText(body: Buffer | string): string {
  const text = typeof body === 'string' ? body : body.toString('utf8');
  return text.length > MAX_CAPTURED
    ? `${text.slice(0, MAX_CAPTURED)}… (${text.length} chars)`
    : text;
}

/** One TLS connection a service accepted: who connected, as the server saw it. */
export interface LoggedConnection {
  service: Service;
  remoteAddress: string;
  /** The client's source port; a proxy's tunnel to the service has its own. */
  remotePort: number;
}

/** In-memory log of the requests and connections of every service. */
export class RequestLog {
  entries: LoggedRequest[] = [];
  /** Keep each request's Host and bodies (for showing what broke a client); off by default. */
  captureExchanges = false;
  connections: LoggedConnection[] = [];

  /** Appends one answered request. */
  record(e: LoggedRequest): void {
    this.entries.push(e);
  }

  /** Appends one accepted connection. */
  recordConnection(c: LoggedConnection): void {
    this.connections.push(c);
  }

  /** Forgets every entry and connection. */
  clear(): void {
    this.entries = [];
    this.connections = [];
  }

  /** Writes as Graph/GitHub count them: non-GET requests, and the non-GET inner requests of a $batch (not the envelope). */
  writes(service?: Service): Array<{ method: string; path: string }> {
    const writes: Array<{ method: string; path: string }> = [];
    for (const e of this.of(service)) {
      if (e.inner) {
        for (const inner of e.inner)
          if (inner.method !== 'GET') writes.push({ method: inner.method, path: inner.url });
      } else if (e.method !== 'GET' && e.method !== 'HEAD') {
        writes.push({ method: e.method, path: e.path });
      }
    }
    return writes;
  }

  /** Number of HTTP requests (a $batch counts once). */
  count(service?: Service): number {
    return this.of(service).length;
  }

  private of(service?: Service): LoggedRequest[] {
    return service ? this.entries.filter((e) => e.service === service) : this.entries;
  }
}
