import { describe, expect, it } from '@jest/globals';
import { formatFailure } from '../../scripts/conformance/steps.js';
import { readLiveSettings } from '../../scripts/live-test/settings.js';

describe('a failed conformance step', () => {
  it('prints the client output, its requests, and the request and answer that broke it', () => {
    const text = formatFailure(
      { name: 'entra app add', command: ['m365', 'entra', 'app', 'add', '--secret', 'abc1Q~xyz'] },
      { code: 1, stdout: '', stderr: 'Error: Resource not found' },
      [
        {
          service: 'graph',
          method: 'GET',
          path: '/v1.0/myorganization/servicePrincipals',
          status: 200,
          at: 0,
          durationMs: 1,
          requestBytes: 0,
          responseBytes: 10,
          exchange: { host: 'graph.microsoft.com', request: '', response: '{"value":[]}' },
        },
        {
          service: 'graph',
          method: 'POST',
          path: '/v1.0/myorganization/applications',
          status: 400,
          at: 0,
          durationMs: 1,
          requestBytes: 20,
          responseBytes: 50,
          exchange: {
            host: 'graph.microsoft.com',
            request: '{"displayName":"x"}',
            response: '{"error":{"code":"BadRequest"}}',
          },
        },
      ],
    );
    expect(text).toContain('stderr: Error: Resource not found');
    expect(text).toContain(
      'the request that broke it: POST https://graph.microsoft.com/v1.0/myorganization/applications',
    );
    expect(text).toContain('body: {"displayName":"x"}');
    expect(text).toContain('the answer: 400');
    expect(text).toContain('{"error":{"code":"BadRequest"}}');
    // A secret on the command line is not echoed.
    expect(text).not.toContain('abc1Q~xyz');
  });
});

describe('the live test settings', () => {
  it('names every missing variable before anything is created', () => {
    expect(() => readLiveSettings({ LIVE_TENANT_ID: 't' }, 'rea-live-1')).toThrow(
      /LIVE_CLIENT_ID[\s\S]*LIVE_REPOSITORY[\s\S]*LIVE_GITHUB_TOKEN[\s\S]*ACTIONS_ID_TOKEN_REQUEST_URL/,
    );
  });

  it('rejects a repository that is not owner/repo, quoting it', () => {
    const env = {
      LIVE_TENANT_ID: 't',
      LIVE_CLIENT_ID: 'c',
      LIVE_REPOSITORY: 'just-a-name',
      LIVE_GITHUB_TOKEN: 'g',
      ACTIONS_ID_TOKEN_REQUEST_URL: 'https://example.test/token',
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'r',
    };
    expect(() => readLiveSettings(env, 'rea-live-1')).toThrow(
      "Invalid LIVE_REPOSITORY 'just-a-name'. Expected owner/repo.",
    );
    const settings = readLiveSettings({ ...env, LIVE_REPOSITORY: 'o/r' }, 'rea-live-1');
    expect(settings.prefix).toBe('rea-live-1');
    expect(settings.runnerEnv.LIVE_GITHUB_TOKEN).toBeUndefined();
  });
});
