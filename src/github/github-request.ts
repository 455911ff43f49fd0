// One GitHub REST request with bounded retries on rate limits and server errors, and errors that
// say what failed and what to change.
// https://docs.github.com/rest/using-the-rest-api/best-practices-for-using-the-rest-api#handle-rate-limit-errors-appropriately
import { GitHubError } from '../errors.js';

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
  sleep(ms: number): Promise<void>;
  now(): number;
  log(line: string): void;
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
  for (let attempt = 1; ; attempt++) {
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
      const waitMs = computeRetryDelay(failed, attempt, policy.now());
      if (waitMs === null || attempt >= policy.maxAttempts)
        throw toGitHubError(intent, failed, error);
      if (waitMs > policy.maxWaitMs) {
        throw new GitHubError(
          `${intent.action} failed: GitHub is rate limiting the token and asks to wait ${Math.ceil(waitMs / 1000)} s, ` +
            `longer than the ${Math.ceil(policy.maxWaitMs / 1000)} s this action waits; re-run the job later.`,
          failed.status,
          { cause: error },
        );
      }
      policy.log(
        `GitHub answered ${failed.status} to ${intent.method} ${intent.path}; retrying in ${Math.ceil(waitMs / 1000)} s ` +
          `(attempt ${attempt + 1} of ${policy.maxAttempts}).`,
      );
      await policy.sleep(waitMs);
    }
  }
}

/** Returns how long to wait before retrying a failed response, or null when it must not be retried. */
export function computeRetryDelay(
  failed: FailedResponse,
  attempt: number,
  nowMs: number,
): number | null {
  const retryAfter = Number(failed.headers['retry-after']);
  const hasRetryAfter = failed.headers['retry-after'] !== undefined && Number.isFinite(retryAfter);
  const rateLimited =
    failed.status === 429 ||
    (failed.status === 403 &&
      (hasRetryAfter ||
        failed.headers['x-ratelimit-remaining'] === '0' ||
        /rate limit/i.test(failed.message)));
  if (rateLimited) {
    if (hasRetryAfter) return Math.max(retryAfter, 1) * 1000;
    const reset = Number(failed.headers['x-ratelimit-reset']);
    if (failed.headers['x-ratelimit-remaining'] === '0' && Number.isFinite(reset))
      return Math.max(reset * 1000 - nowMs, 1000);
    // GitHub: for a secondary rate limit without those headers, wait at least one minute.
    return 60_000;
  }
  if ([500, 502, 503, 504].includes(failed.status)) {
    return hasRetryAfter
      ? Math.max(retryAfter, 1) * 1000
      : Math.min(1000 * 2 ** (attempt - 1), 16_000);
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
  return { status, headers: lowerCaseKeys(response?.headers ?? {}), message: text };
}

function lowerCaseKeys(
  headers: Record<string, string | undefined>,
): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}
