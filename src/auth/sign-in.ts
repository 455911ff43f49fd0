// Sign-in to Entra ID with the workflow's GitHub OIDC token (workload identity federation).
import { logInfo } from '../action/log-line.js';
import type {
  AccessToken,
  ClientAssertionCredential,
  GetTokenOptions,
  TokenCredential,
} from '@azure/identity';
import { AuthError } from '../errors.js';
import { createOutboundFetch, type FetchLike } from '../net/outbound-fetch.js';
import { retry, type Sleep } from '../net/retry.js';
import { isKnownAuthorityHost } from './clouds.js';
import { decodeJwtPayload } from './jwt.js';
import { IdTokenRequestError, requestGitHubIdToken } from './github-id-token.js';
import { toIdentityHttpClient } from './identity-http-client.js';
import { explainSignInError } from './sign-in-errors.js';

export { explainSignInError } from './sign-in-errors.js';

const TOKEN_REFRESH_MARGIN_MS = 5 * 60_000;
const ID_TOKEN_REUSE_MARGIN_MS = 2 * 60_000;

/** What createGraphCredential needs to sign in. */
export interface SignInOptions {
  tenantId: string;
  /** Client id of the identity the action signs in as (it trusts the workflow by a federated credential). */
  clientId: string;
  /** Host root, e.g. https://login.microsoftonline.com. */
  authorityHost: string;
  /** Audience requested for the GitHub OIDC token; must match the federated credential. */
  audience: string;
  /** Returns a fresh GitHub OIDC token for the audience; defaults to readGitHubIdToken. */
  getIdToken?: (audience: string) => Promise<string>;
  env?: NodeJS.ProcessEnv;
  /** Every request of the sign-in (GitHub's token service, Entra ID) goes through it; default the outbound fetch. */
  fetch?: FetchLike;
}

/** A TokenCredential whose failures are AuthErrors that say what to fix. */
export interface GraphCredential extends TokenCredential {
  /** The last GitHub OIDC token handed to Entra (for diagnostics only; never print it). */
  readonly lastIdToken: string | undefined;
}

/** Retries of an ID token request that failed transiently (429, 500, 502, 503, 504, dropped connection): after 1 s, then 2 s. */
const ID_TOKEN_RETRIES = {
  maxAttempts: 3,
  backoff: { backoffBaseMs: 1000, backoffCapMs: 2000, jitter: 'none' },
} as const;

/**
 * Returns a GitHub OIDC token for the audience; throws an AuthError naming the missing workflow
 * permission, or the token service's answer when it keeps failing.
 */
export async function readGitHubIdToken(
  audience: string,
  env: NodeJS.ProcessEnv = process.env,
  options: {
    getIDToken?: (audience: string) => Promise<string>;
    fetch?: FetchLike;
    sleep?: Sleep;
    log?: (line: string) => void;
  } = {},
): Promise<string> {
  assertIdTokenAvailable(env);
  const getIDToken =
    options.getIDToken ??
    ((aud: string) => requestGitHubIdToken(aud, env, options.fetch ?? createOutboundFetch(env)));
  return retry(() => getIDToken(audience), {
    maxAttempts: ID_TOKEN_RETRIES.maxAttempts,
    isRetryable: (cause) => isTransientIdTokenFailure(parseIdTokenStatus(cause)),
    backoff: ID_TOKEN_RETRIES.backoff,
    log: (cause, delayMs) => {
      const status = parseIdTokenStatus(cause);
      (options.log ?? logInfo)(
        `The runner's token service ${status === undefined ? 'dropped the connection' : `answered ${status}`}; retrying in ${delayMs / 1000} s.`,
      );
    },
    sleep: options.sleep,
    giveUp: (cause) => {
      const status = parseIdTokenStatus(cause);
      const answer =
        status === undefined
          ? 'the request got no answer (connection failed)'
          : `it answered ${status}`;
      throw new AuthError(
        `Could not get a GitHub OIDC token for audience '${audience}': ${answer} from the runner's token service (ACTIONS_ID_TOKEN_REQUEST_URL).`,
        { cause },
      );
    },
  });
}

// requestGitHubIdToken carries the status; @actions/core's getIDToken reports "Error Code : 429"
// (or "undefined" when no answer came) inside its message.
function parseIdTokenStatus(error: unknown): number | undefined {
  if (error instanceof IdTokenRequestError) return error.status;
  const match = /Error Code\s*:\s*(\d{3})/.exec(
    error instanceof Error ? error.message : String(error),
  );
  return match ? Number(match[1]) : undefined;
}

function isTransientIdTokenFailure(status: number | undefined): boolean {
  return status === undefined || [429, 500, 502, 503, 504].includes(status);
}

/** Returns a credential that signs in with ClientAssertionCredential, asking GitHub for a new OIDC token each time. */
export function createGraphCredential(options: SignInOptions): GraphCredential {
  const env = options.env ?? process.env;
  const fetch = options.fetch ?? createOutboundFetch(env);
  const getIdToken =
    options.getIdToken ?? ((aud: string) => readGitHubIdToken(aud, env, { fetch }));
  let lastIdToken: string | undefined;
  let assertionError: unknown;
  // GitHub's token lives about 5 minutes, so it is fetched inside the callback, never up front.
  // MSAL evaluates the callback more than once per acquisition; a token with minutes left is reused.
  const getAssertion = async (): Promise<string> => {
    try {
      assertIdTokenAvailable(env);
      if (lastIdToken && toExpiryMs(lastIdToken) - Date.now() > ID_TOKEN_REUSE_MARGIN_MS)
        return lastIdToken;
      lastIdToken = await getIdToken(options.audience);
      return lastIdToken;
    } catch (err) {
      assertionError = err;
      throw err;
    }
  };
  // @azure/identity (with MSAL) is loaded on the first sign-in while GitHub's OIDC token is on its
  // way, so neither waits for the other; MSAL's assertion callback then reuses that token.
  let inner: Promise<ClientAssertionCredential> | undefined;
  const loadInner = async (): Promise<ClientAssertionCredential> => {
    // Destructured, so the bundle keeps only this credential of the package (and what the bootstrap uses).
    const { ClientAssertionCredential: Credential } = await import('@azure/identity');
    return new Credential(options.tenantId, options.clientId, getAssertion, {
      authorityHost: options.authorityHost,
      // MSAL's instance discovery asks login.microsoftonline.com about any other host and then refuses it.
      disableInstanceDiscovery: !isKnownAuthorityHost(options.authorityHost),
      // MSAL's requests (token endpoint, instance discovery, metadata) go through the outbound fetch.
      httpClient: toIdentityHttpClient(fetch),
    });
  };
  // MSAL asks for an assertion (a request to GitHub's token service) even when its own cache could
  // answer, so access tokens are reused here until shortly before they expire.
  const cache = new Map<string, AccessToken>();
  // Apps reconciled in parallel ask for a token at the same moment: they share one sign-in.
  const pending = new Map<string, Promise<AccessToken>>();
  const acquire = async (
    scopes: string | string[],
    key: string,
    tokenOptions?: GetTokenOptions,
  ): Promise<AccessToken> => {
    assertionError = undefined;
    try {
      const [credential] = await Promise.all([(inner ??= loadInner()), getAssertion()]);
      const token = await credential.getToken(scopes, tokenOptions);
      if (!token) throw new Error('Entra ID returned no access token.');
      cache.set(key, token);
      return token;
    } catch (err) {
      if (assertionError instanceof AuthError) throw assertionError;
      throw explainSignInError(assertionError ?? err, lastIdToken, {
        clientId: options.clientId,
        tenantId: options.tenantId,
        env,
      });
    }
  };
  return {
    get lastIdToken() {
      return lastIdToken;
    },
    async getToken(
      scopes: string | string[],
      tokenOptions?: GetTokenOptions,
    ): Promise<AccessToken> {
      const key = [scopes].flat().join(' ');
      const cached = cache.get(key);
      if (cached && cached.expiresOnTimestamp - Date.now() > TOKEN_REFRESH_MARGIN_MS) return cached;
      const running = pending.get(key);
      if (running) return running;
      const promise = acquire(scopes, key, tokenOptions).finally(() => pending.delete(key));
      pending.set(key, promise);
      return promise;
    },
  };
}

function assertIdTokenAvailable(env: NodeJS.ProcessEnv): void {
  if (!env.ACTIONS_ID_TOKEN_REQUEST_URL || !env.ACTIONS_ID_TOKEN_REQUEST_TOKEN) {
    throw new AuthError(
      'Cannot sign in to Entra ID: the job has no GitHub OIDC token (ACTIONS_ID_TOKEN_REQUEST_URL is not set). ' +
        'Add `permissions: id-token: write` to the workflow or job (keep `contents: read` if you list permissions).',
    );
  }
}

// exp of a JWT in epoch ms; 0 (never reuse) when unreadable.
function toExpiryMs(jwt: string): number {
  const { exp } = decodeJwtPayload(jwt);
  return typeof exp === 'number' ? exp * 1000 : 0;
}
