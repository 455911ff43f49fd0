// The HTTP client @azure/identity (and the MSAL inside it) sends Entra ID's requests with: a thin
// adapter over the outbound fetch, so sign-in obeys the same proxy decision as every other request.
// Its pipeline's policies (retry, redirect, logging) still run; only the last hop is replaced.
import type { TokenCredentialOptions } from '@azure/identity';
import type { FetchLike } from '../net/outbound-fetch.js';
import { walkCauses } from '../errors.js';

type HttpClient = NonNullable<TokenCredentialOptions['httpClient']>;
type PipelineRequest = Parameters<HttpClient['sendRequest']>[0];
type PipelineResponse = Awaited<ReturnType<HttpClient['sendRequest']>>;
type HttpHeaders = PipelineResponse['headers'];

/** Returns an @azure/identity HttpClient that sends each request with `fetch`. */
export function toIdentityHttpClient(fetch: FetchLike): HttpClient {
  return {
    async sendRequest(request: PipelineRequest): Promise<PipelineResponse> {
      let response: Response;
      try {
        response = await fetch(request.url, {
          method: request.method,
          headers: request.headers.toJSON({ preserveCase: true }),
          body: toBody(request),
          signal: request.abortSignal as AbortSignal | undefined,
          // The pipeline's redirect policy decides about redirects.
          redirect: 'manual',
        });
      } catch (cause) {
        if (request.abortSignal?.aborted) throw cause;
        throw toRestError(request, cause);
      }
      return {
        request,
        status: response.status,
        headers: toHttpHeaders(response.headers),
        bodyAsText: await response.text(),
      };
    },
  };
}

// The pipeline's retry policy retries only errors named RestError, and among those the ones whose
// code is a system error such as ECONNRESET; undici names a dropped socket UND_ERR_SOCKET.
const SYSTEM_CODES: Readonly<Record<string, string>> = {
  ECONNRESET: 'ECONNRESET',
  EPIPE: 'ECONNRESET',
  UND_ERR_SOCKET: 'ECONNRESET',
  ECONNREFUSED: 'ECONNREFUSED',
  ENOTFOUND: 'ENOTFOUND',
  ETIMEDOUT: 'ETIMEDOUT',
  UND_ERR_CONNECT_TIMEOUT: 'ETIMEDOUT',
  UND_ERR_HEADERS_TIMEOUT: 'ETIMEDOUT',
  UND_ERR_BODY_TIMEOUT: 'ETIMEDOUT',
};

function toRestError(request: PipelineRequest, cause: unknown): Error {
  let code = 'REQUEST_SEND_ERROR';
  let reason = cause instanceof Error ? cause.message : String(cause);
  for (const e of walkCauses(cause, Infinity)) {
    if (!(e instanceof Error)) break;
    const found = SYSTEM_CODES[String((e as { code?: unknown }).code)];
    if (found) {
      code = found;
      reason = e.message;
      break;
    }
  }
  const error = new Error(`${request.method} ${request.url} failed: ${reason}`, { cause });
  return Object.assign(error, { name: 'RestError', code, request });
}

// Entra ID's token and metadata requests carry a form-encoded string or nothing.
function toBody(request: PipelineRequest): string | Uint8Array | undefined {
  const { body } = request;
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string') return body;
  if (body instanceof Uint8Array) return body;
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  throw new TypeError(`Unsupported request body for ${request.method} ${request.url}.`);
}

function toHttpHeaders(headers: Headers): HttpHeaders {
  const values = new Map<string, { name: string; value: string }>();
  headers.forEach((value, name) => values.set(name.toLowerCase(), { name, value }));
  return {
    get: (name) => values.get(name.toLowerCase())?.value,
    has: (name) => values.has(name.toLowerCase()),
    set: (name, value) => void values.set(name.toLowerCase(), { name, value: String(value) }),
    delete: (name) => void values.delete(name.toLowerCase()),
    toJSON: (options) =>
      Object.fromEntries(
        [...values].map(([key, entry]) => [options?.preserveCase ? entry.name : key, entry.value]),
      ),
    *[Symbol.iterator]() {
      for (const [key, entry] of values) yield [key, entry.value] as [string, string];
    },
  };
}
