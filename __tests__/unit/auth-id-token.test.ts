import { describe, expect, it } from '@jest/globals';
import { readGitHubIdToken } from '../../src/auth/sign-in.js';

const env = {
  ACTIONS_ID_TOKEN_REQUEST_URL: 'https://runner.example/token',
  ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'request-token',
};
// @actions/core's wording when the token service fails.
const failure = (code: string): Error =>
  new Error(
    `Failed to get ID Token. \n \n        Error Code : ${code}\n \n        Error Message: busy`,
  );

describe('readGitHubIdToken', () => {
  it.each([
    { name: 'retries a 429 and returns the token', failures: ['429'], token: 'jwt', waits: [1000] },
    {
      name: 'retries a 500 twice and returns the token',
      failures: ['500', '500'],
      token: 'jwt',
      waits: [1000, 2000],
    },
    { name: 'retries a dropped connection', failures: ['undefined'], token: 'jwt', waits: [1000] },
  ])('$name', async ({ failures, token, waits }) => {
    const slept: number[] = [];
    let calls = 0;
    const getIDToken = async (): Promise<string> => {
      if (calls < failures.length) throw failure(failures[calls++]);
      return token;
    };
    await expect(
      readGitHubIdToken('api://AzureADTokenExchange', env, {
        getIDToken,
        sleep: async (ms) => void slept.push(ms),
        log: () => undefined,
      }),
    ).resolves.toBe(token);
    expect(slept).toEqual(waits);
  });

  it.each([
    {
      name: 'a 401 at once, naming the status',
      failures: ['401', '401', '401'],
      message: /answered 401 from the runner's token service/,
      attempts: 1,
    },
    {
      name: 'a 500 after three attempts',
      failures: ['500', '500', '500'],
      message: /answered 500 from the runner's token service/,
      attempts: 3,
    },
    {
      name: 'a connection that keeps failing',
      failures: ['undefined', 'undefined', 'undefined'],
      message: /got no answer \(connection failed\)/,
      attempts: 3,
    },
  ])('fails on $name', async ({ failures, message, attempts }) => {
    let calls = 0;
    const getIDToken = async (): Promise<string> => {
      throw failure(failures[calls++]);
    };
    await expect(
      readGitHubIdToken('api://AzureADTokenExchange', env, {
        getIDToken,
        sleep: async () => undefined,
        log: () => undefined,
      }),
    ).rejects.toThrow(message);
    expect(calls).toBe(attempts);
  });
});
