// One GitHub REST request with bounded retries on rate limits and server errors, and errors that
// say what failed and what to change.
// https://docs.github.com/rest/using-the-rest-api/best-practices-for-using-the-rest-api#handle-rate-limit-errors-appropriately
import { GitHubError } from '../errors.js';
import type { FetchLike } from '../net/outbound-fetch.js';
import { toLowerCaseHeaders } from '../net/http-headers.js';
import { computeBackoffMs, parseRetryAfter, retry, sleep, type Sleep } from '../net/retry.js';

/** The part of an Octokit instance this module uses. */
export interface OctokitLike {
  request(
    route: string,
    parameters?: Record<string, unknown>,
  ): Promise<{ status: number; data: unknown }>;
}

/** How many times and how long to wait; sleep and now are injectable so tests never wait. */
export interface RetryPolicy {
  maxAttempts: number;
  /** Longest single wait; a rate limit that asks for more fails at once instead. */
  maxWaitMs: number;
  sleep: Sleep;
  now(): number;
  log(line: string): void;
}

/** The settings a client may pass for its retries; each has a default. */
export type RetrySettings = Partial<RetryPolicy>;

/** Returns the retry policy with defaults: 4 attempts, waits of up to a minute, real sleep and clock, no log. */
function toRetryPolicy(settings: RetrySettings = {}): RetryPolicy {
  return {
    maxAttempts: settings.maxAttempts ?? 4,
    maxWaitMs: settings.maxWaitMs ?? 60_000,
    sleep: settings.sleep ?? sleep,
    now: settings.now ?? Date.now,
    log: settings.log ?? (() => undefined),
  };
}

/**
 * Returns a loader of the Octokit for the token, which imports @actions/github on first use (off
 * the start-up path: octokit is a large part of the bundle). A given fetch (the run's proxy rules)
 * replaces @actions/github's default request options (its own proxy agent) whole.
 */
function toOctokitLoader(
  token: string,
  baseUrl: string,
  fetch?: FetchLike,
): () => Promise<OctokitLike> {
  let octokit: Promise<OctokitLike> | undefined;
  const request = fetch ? { request: { fetch } } : {};
  return () =>
    (octokit ??= import('@actions/github').then(
      ({ getOctokit }) =>
        getOctokit(token, {
          baseUrl: baseUrl.replace(/\/+$/, ''),
          ...request,
        }) as unknown as OctokitLike,
    ));
}

/** What every GitHub client is built with: the token, the REST root, the run's fetch, retry settings. */
export interface GitHubConnectionOptions extends RetrySettings {
  token: string;
  /** The REST root, from GITHUB_API_URL (https://api.github.com, or https://HOST/api/v3 on GHES). */
  baseUrl: string;
  /** The outbound fetch (proxy rules); without it Octokit uses @actions/http-client's agent. */
  fetch?: FetchLike;
}

/** One token's GitHub REST API: Octokit loaded on first use, every request sent with the retry policy. */
export class GitHubRest {
  readonly policy: RetryPolicy;
  private readonly loadOctokit: () => Promise<OctokitLike>;

  constructor(options: GitHubConnectionOptions) {
    this.policy = toRetryPolicy(options);
    this.loadOctokit = toOctokitLoader(options.token, options.baseUrl, options.fetch);
  }

  /** Sends the request (I/O) with retries; null for 404 when allowed. */
  async send(
    intent: RequestIntent,
    options: { allowNotFound?: boolean } = {},
  ): Promise<{ status: number; data: unknown } | null> {
    return sendGitHubRequest(await this.loadOctokit(), intent, this.policy, options);
  }
}

/** What a request is for, so an error can say what failed and what to do. */
export interface RequestIntent {
  method: 'GET' | 'PUT' | 'POST' | 'PATCH' | 'DELETE';
  path: string;
  body?: Record<string, unknown>;
  /** First words of an error: "Write repository secret X to repository o/r". */
  action: string;
  /** Said on 403: the permissions the token needs. */
  permission: string;
  /** Said on 404: what may not exist. */
  notFound: string;
  /** Said on 403 instead of the github-token input's advice (callers outside the action). */
  forbidden?: string;
}

interface FailedResponse {
  status: number;
  headers: Record<string, string | undefined>;
  message: string;
}

/** Sends the request (I/O), retrying 429, 5xx and secondary rate limits; returns null for 404 when allowed. */
export async function sendGitHubRequest(
  octokit: OctokitLike,
  intent: RequestIntent,
  policy: RetryPolicy,
  options: { allowNotFound?: boolean } = {},
): Promise<{ status: number; data: unknown } | null> {
  let waitMs: number | null = null;
  return retry(
    async () => {
      try {
        return await octokit.request(`${intent.method} ${intent.path}`, {
          ...intent.body,
          headers: { 'x-github-api-version': '2022-11-28' },
        });
      } catch (error) {
        const failed = toFailedResponse(error);
        if (!failed)
          throw new GitHubError(
            `${intent.action} failed: ${String((error as Partial<Error> | undefined)?.message ?? error)}`,
            0,
            { cause: error },
          );
        if (failed.status === 404 && options.allowNotFound) return null;
        throw new FailedRequest(failed, error);
      }
    },
    {
      maxAttempts: policy.maxAttempts,
      nextDelayMs: (error, attempt) => {
        if (!(error instanceof FailedRequest)) return undefined;
        waitMs = computeRetryDelay(error.failed, attempt, policy.now());
        return waitMs === null || waitMs > policy.maxWaitMs ? undefined : waitMs;
      },
      log: (error, delayMs, attempt) =>
        policy.log(
          `GitHub answered ${(error as FailedRequest).failed.status} to ${intent.method} ${intent.path}; ` +
            `retrying in ${Math.ceil(delayMs / 1000)} s (attempt ${attempt + 1} of ${policy.maxAttempts}).`,
        ),
      sleep: policy.sleep,
      giveUp: (error, attempt) => {
        if (!(error instanceof FailedRequest)) throw error;
        const { failed, cause } = error;
        if (waitMs === null || attempt >= policy.maxAttempts)
          throw toGitHubError(intent, failed, cause);
        throw new GitHubError(
          `${intent.action} failed: GitHub is rate limiting the token and asks to wait ${Math.ceil(waitMs / 1000)} s, ` +
            `longer than the ${Math.ceil(policy.maxWaitMs / 1000)} s this action waits; re-run the job later.`,
          failed.status,
          { cause },
        );
      },
    },
  );
}

/** A failed answer from GitHub, thrown between attempts. */
class FailedRequest extends Error {
  constructor(
    readonly failed: FailedResponse,
    override readonly cause: unknown,
  ) {
    super(failed.message);
  }
}

/** Returns how long to wait before retrying a failed response, or null when it must not be retried. */
export function computeRetryDelay(
  failed: FailedResponse,
  attempt: number,
  nowMs: number,
): number | null {
  const retryAfter = parseRetryAfter(failed.headers['retry-after'], nowMs);
  const rateLimited =
    failed.status === 429 ||
    (failed.status === 403 &&
      (retryAfter !== undefined ||
        failed.headers['x-ratelimit-remaining'] === '0' ||
        /rate limit/i.test(failed.message)));
  if (rateLimited) {
    if (retryAfter !== undefined) return Math.max(retryAfter, 1000);
    const reset = Number(failed.headers['x-ratelimit-reset']);
    if (failed.headers['x-ratelimit-remaining'] === '0' && Number.isFinite(reset))
      return Math.max(reset * 1000 - nowMs, 1000);
    // GitHub: for a secondary rate limit without those headers, wait at least one minute.
    return 60_000;
  }
  if ([500, 502, 503, 504].includes(failed.status)) {
    return retryAfter !== undefined
      ? Math.max(retryAfter, 1000)
      : computeBackoffMs(attempt - 1, {
          backoffBaseMs: 1000,
          backoffCapMs: 16_000,
          jitter: 'none',
        });
  }
  return null;
}

function toGitHubError(intent: RequestIntent, failed: FailedResponse, cause: unknown): GitHubError {
  const first = `${intent.action} failed: ${failed.status} ${failed.message}`.trimEnd();
  let hint = '';
  if (failed.status === 401) hint = ' The github-token is invalid or has expired.';
  if (failed.status === 403 && intent.forbidden) hint = ` ${intent.forbidden}`;
  else if (failed.status === 403) {
    hint =
      ' GITHUB_TOKEN cannot write secrets or variables: set the github-token input to a fine-grained personal access ' +
      `token with ${intent.permission}, or to a GitHub App installation token with the same permissions.`;
  }
  if (failed.status === 404) hint = ` Either ${intent.notFound}.`;
  return new GitHubError(`${/[.!?]$/.test(first) ? first : `${first}.`}${hint}`, failed.status, {
    cause,
  });
}

// Octokit's RequestError carries status, response.headers and response.data.message; a network
// failure arrives as status 500 without a response, which is retried like any 5xx.
function toFailedResponse(error: unknown): FailedResponse | null {
  if (
    typeof error !== 'object' ||
    error === null ||
    typeof (error as { status?: unknown }).status !== 'number'
  )
    return null;
  const { status, response, message } = error as {
    status: number;
    message?: string;
    response?: { headers?: Record<string, string | undefined>; data?: unknown };
  };
  const data = response?.data as { message?: unknown } | string | undefined;
  const text =
    typeof data === 'object' && data && typeof data.message === 'string'
      ? data.message
      : (message ?? '');
  return { status, headers: toLowerCaseHeaders(response?.headers), message: text };
}
