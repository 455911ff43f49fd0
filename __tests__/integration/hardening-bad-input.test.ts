// Bad input refused before anything changes: every row names the input or profile key, the bad
// value and the expected form, and neither Graph nor GitHub receives a write. Input errors (and
// profile errors the action finds offline) are refused before any request at all.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { runAction } from '@register-entra-app/local-cloud/runner';
import { withLocalCloud } from '@register-entra-app/local-cloud/testing';
import { BAD_INPUT_CASES } from './tables/bad-input-cases.js';

describe('bad input refused before any write', () => {
  it.concurrent.each(BAD_INPUT_CASES)(
    'refuses $name',
    ({ inputs, githubToken, token, message, requests }) =>
      withLocalCloud({}, async (cloud) => {
        const limited = token && `github_pat_limited_${randomUUID().replace(/-/g, '')}`;
        if (limited) cloud.github.addToken(limited, token);
        const result = await runAction(cloud, inputs, { githubToken: limited ?? githubToken });
        expect(result.code).toBe(1);
        const failure = result.stdout
          .split('\n')
          .filter((line) => line.startsWith('::error'))
          .join('\n');
        for (const part of message) expect(failure).toMatch(part);
        // A value quoted in the log never becomes a workflow command of its own.
        expect(result.stdout).not.toMatch(/^\s*::error::pwned/m);
        expect(cloud.log.writes('graph')).toEqual([]);
        expect(cloud.log.writes('github')).toEqual([]);
        if (requests === 'none') expect(cloud.log.entries).toEqual([]);
        expect(cloud.tenant.applicationByUniqueName('bad-input-probe')).toBeUndefined();
      }),
  );
});
