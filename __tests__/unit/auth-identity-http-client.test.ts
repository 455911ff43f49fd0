import { describe, expect, it } from '@jest/globals';
import { toIdentityHttpClient } from '../../src/auth/identity-http-client.js';

type Request = Parameters<ReturnType<typeof toIdentityHttpClient>['sendRequest']>[0];

function pipelineRequest(body?: string): Request {
  const headers = new Map([['Content-Type', 'application/x-www-form-urlencoded']]);
  return {
    url: 'https://login.example/tenant/oauth2/v2.0/token',
    method: 'POST',
    body,
    headers: { toJSON: () => Object.fromEntries(headers) },
  } as unknown as Request;
}

describe('toIdentityHttpClient', () => {
  it('sends the method, headers and body and returns status, headers and text', async () => {
    const seen: Array<{ url: string; init: RequestInit | undefined }> = [];
    const client = toIdentityHttpClient(async (url, init) => {
      seen.push({ url: String(url), init });
      return new Response('{"access_token":"x"}', {
        status: 200,
        headers: { 'Content-Type': 'application/json', 'x-ms-request-id': 'r1' },
      });
    });
    const response = await client.sendRequest(pipelineRequest('grant_type=client_credentials'));
    expect(seen).toEqual([
      {
        url: 'https://login.example/tenant/oauth2/v2.0/token',
        init: expect.objectContaining({
          method: 'POST',
          body: 'grant_type=client_credentials',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          redirect: 'manual',
        }),
      },
    ]);
    expect(response.status).toBe(200);
    expect(response.bodyAsText).toBe('{"access_token":"x"}');
    expect(response.headers.get('X-MS-Request-Id')).toBe('r1');
    expect(response.headers.toJSON()).toMatchObject({ 'x-ms-request-id': 'r1' });
  });

  it.each([
    { name: 'a reset connection', code: 'ECONNRESET', expected: 'ECONNRESET' },
    { name: "undici's closed socket", code: 'UND_ERR_SOCKET', expected: 'ECONNRESET' },
    { name: 'a connect timeout', code: 'UND_ERR_CONNECT_TIMEOUT', expected: 'ETIMEDOUT' },
    { name: 'an unknown failure', code: 'EWHATEVER', expected: 'REQUEST_SEND_ERROR' },
  ])(
    "turns $name into the RestError (code $expected) the pipeline's retry policy reads",
    async ({ code, expected }) => {
      const client = toIdentityHttpClient(async () => {
        throw new TypeError('fetch failed', {
          cause: Object.assign(new Error('socket trouble'), { code }),
        });
      });
      await expect(client.sendRequest(pipelineRequest())).rejects.toMatchObject({
        name: 'RestError',
        code: expected,
      });
    },
  );
});
