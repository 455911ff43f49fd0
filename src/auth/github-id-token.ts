// One request for the job's GitHub OIDC token, as @actions/core's getIDToken sends it, but through
// the outbound fetch: @actions/core's HTTP client decides about proxies by rules of its own (it
// never proxies loopback hosts), and the action keeps that decision in one place.
// https://docs.github.com/actions/security-for-github-actions/security-hardening-your-deployments/about-security-hardening-with-openid-connect#updating-your-actions-for-oidc
import * as core from '@actions/core';
import type { FetchLike } from '../net/outbound-fetch.js';

/** The token service answered an error (status) or did not answer (status undefined). */
export class IdTokenRequestError extends Error {
  override name = 'IdTokenRequestError';
  constructor(
    message: string,
    readonly status: number | undefined,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** Requests the job's OIDC token for `audience` (I/O) and masks it in the log; throws IdTokenRequestError. */
export async function requestGitHubIdToken(
  audience: string,
  env: NodeJS.ProcessEnv,
  fetch: FetchLike,
): Promise<string> {
  const url = new URL(env.ACTIONS_ID_TOKEN_REQUEST_URL ?? '');
  if (audience) url.searchParams.set('audience', audience);
  let response: Response;
  try {
    response = await fetch(url, {
      headers: {
        authorization: `Bearer ${env.ACTIONS_ID_TOKEN_REQUEST_TOKEN ?? ''}`,
        accept: 'application/json',
        'user-agent': 'actions/oidc-client',
      },
    });
  } catch (cause) {
    throw new IdTokenRequestError(
      `The runner's token service did not answer: ${(cause as Error).message}`,
      undefined,
      { cause },
    );
  }
  const text = await response.text();
  if (!response.ok)
    throw new IdTokenRequestError(
      `The runner's token service answered ${response.status}.`,
      response.status,
    );
  const value = parseTokenValue(text);
  if (!value)
    throw new IdTokenRequestError(
      "The runner's token service answered without a token (no `value` in its JSON).",
      response.status,
    );
  core.setSecret(value);
  return value;
}

function parseTokenValue(text: string): string | undefined {
  try {
    const value = (JSON.parse(text) as { value?: unknown }).value;
    return typeof value === 'string' && value ? value : undefined;
  } catch {
    return undefined;
  }
}
