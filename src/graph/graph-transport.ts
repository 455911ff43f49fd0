// One HTTP round trip to Microsoft Graph through @microsoft/microsoft-graph-client, without the
// SDK's RetryHandler: GraphClient owns every retry (throttling and replication), so nothing is
// retried twice. The chain is the SDK's AuthenticationHandler (it attaches the bearer token only
// to Graph hosts and `customHosts`) followed by a fetch handler that can be replaced in tests.
// The SDK is loaded on the first request, while the token is being fetched, so a run's start
// does not wait for it.
import type { Client, Context, Middleware } from '@microsoft/microsoft-graph-client';
import type { TokenCredential } from '@azure/identity';
import { toGraphScope } from '../auth/clouds.js';
import { createOutboundFetch, type FetchLike } from '../net/outbound-fetch.js';

/** A Graph answer before interpretation: status, lower-case headers and the parsed body. */
export interface RawGraphResponse {
  status: number;
  headers: Record<string, string>;
  /** Parsed JSON, text for other content types, undefined when empty. */
  body: unknown;
}

/** The fetch signature the transport calls (the outbound fetch, with the environment's proxy settings). */
export type { FetchLike } from '../net/outbound-fetch.js';

/** A request that never got an answer; `cause` is what fetch threw. */
export class GraphConnectionError extends Error {
  override name = 'GraphConnectionError';
}

/** Sends single requests to one Graph endpoint with a token from the credential. */
export class GraphTransport {
  private client: Promise<{ client: Client; sdk: GraphSdk }> | undefined;
  private readonly scope: string;
  private token = '';

  constructor(
    private readonly credential: TokenCredential,
    /** Host root, e.g. https://graph.microsoft.com. */
    private readonly graphEndpoint: string,
    private readonly fetchImpl: FetchLike = createOutboundFetch(),
  ) {
    this.scope = toGraphScope(graphEndpoint);
  }

  /** Sends one request (path relative to /v1.0, or an absolute @odata.nextLink) and returns the raw answer. */
  async send(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<RawGraphResponse> {
    // Sign-in errors must reach the caller as they are (AuthError), so the token is fetched here and
    // not inside the SDK's auth provider, whose errors the SDK rewraps.
    const [accessToken, { client, sdk }] = await Promise.all([
      this.credential.getToken(this.scope),
      (this.client ??= this.createClient()),
    ]);
    if (!accessToken) throw new Error(`Entra ID returned no access token for ${this.scope}.`);
    this.token = accessToken.token;
    const request = client.api(path).headers(headers).responseType(sdk.ResponseType.RAW);
    let response: Response;
    try {
      response = (await sendWith(request, method, body)) as Response;
    } catch (err) {
      if (err instanceof sdk.GraphClientError && err.customError !== undefined) {
        throw new GraphConnectionError(`${method} ${path}: no response from Microsoft Graph`, {
          cause: err.customError,
        });
      }
      throw err;
    }
    return {
      status: response.status,
      headers: toHeaderRecord(response.headers),
      body: await readBody(response),
    };
  }

  private async createClient(): Promise<{ client: Client; sdk: GraphSdk }> {
    const sdk = await import('@microsoft/microsoft-graph-client');
    const authentication = new sdk.AuthenticationHandler({
      getAccessToken: () => Promise.resolve(this.token),
    });
    const client = sdk.Client.initWithMiddleware({
      baseUrl: this.graphEndpoint,
      defaultVersion: 'v1.0',
      middleware: [authentication, new FetchHandler(this.fetchImpl, sdk)],
      customHosts: new Set([new URL(this.graphEndpoint).hostname]),
    });
    return { client, sdk };
  }
}

type GraphSdk = typeof import('@microsoft/microsoft-graph-client');

function sendWith(
  request: ReturnType<Client['api']>,
  method: string,
  body: unknown,
): Promise<unknown> {
  switch (method) {
    case 'GET':
      return request.get();
    case 'POST':
      return request.post(body ?? {});
    case 'PATCH':
      return request.patch(body ?? {});
    case 'PUT':
      return request.put(body ?? {});
    case 'DELETE':
      return request.delete();
    default:
      throw new Error(`Unsupported Graph method ${method}.`);
  }
}

class FetchHandler implements Middleware {
  constructor(
    private readonly fetchImpl: FetchLike,
    private readonly sdk: GraphSdk,
  ) {}

  async execute(context: Context): Promise<void> {
    try {
      context.response = await this.fetchImpl(context.request as string | Request, context.options);
    } catch (err) {
      // The SDK rethrows GraphClientError untouched but rewraps anything else, losing the error code.
      const wrapped = new this.sdk.GraphClientError(
        'Graph request failed before a response arrived',
      );
      wrapped.customError = err;
      throw wrapped;
    }
  }
}

function toHeaderRecord(headers: Headers): Record<string, string> {
  const record: Record<string, string> = {};
  headers.forEach((value, name) => {
    record[name.toLowerCase()] = value;
  });
  return record;
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return undefined;
  const type = response.headers.get('content-type') ?? '';
  if (/json/i.test(type) || /^\s*[[{]/.test(text)) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }
  return text;
}
