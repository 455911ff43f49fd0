import { describe, expect, it } from '@jest/globals';
import { fileURLToPath } from 'node:url';
import { LEAST_PRIVILEGE_ROLES } from '../seed/deployer.js';
import { expectNoSecretLeak, parseOutputFile, runAction } from '../runner/index.js';
import { useLocalCloud } from '../testing/use-local-cloud.js';

const handle = useLocalCloud();
const probe = fileURLToPath(new URL('./fixtures/sign-in-probe.mjs', import.meta.url));

describe('runAction against the local cloud (OIDC sign-in as a runner does it)', () => {
  it('signs in through OIDC and Entra in a child process, calls Graph, and collects outputs and summary', async () => {
    const result = await runAction(handle.cloud, {}, { entry: probe });
    expect(result.code).toBe(0);
    expect(result.outputs.roles.split('\n')).toEqual([...LEAST_PRIVILEGE_ROLES].sort());
    expect(result.outputs['graph-status']).toBe('200');
    expect(result.outputs.mode).toBe('apply');
    expect(result.summary).toContain('<h1>Signed in</h1>');
    expect(handle.cloud.log.count('oidc')).toBeGreaterThanOrEqual(1);
  });

  it('fails the step with AADSTS700213 when the workflow runs on another branch', async () => {
    const result = await runAction(
      handle.cloud,
      {},
      { entry: probe, claims: { ref: 'refs/heads/feature' } },
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^::error::.*AADSTS700213/m);
    expect(result.stdout).toContain(
      "AADSTS700213: No matching federated identity record found for presented assertion subject 'repo:octo-org/octo-repo:ref:refs/heads/feature'.",
    );
  });

  it('detects a secret echoed to the log, in plain and base64 form', async () => {
    const result = await runAction(
      handle.cloud,
      { 'echo-secret': 'hunter2-hunter2' },
      { entry: probe },
    );
    expect(() => expectNoSecretLeak(result, ['hunter2-hunter2'])).toThrow(
      'secret #1 (as is) in stdout',
    );
    expect(() =>
      expectNoSecretLeak({ ...result, stdout: Buffer.from('abc-secret').toString('base64') }, [
        'abc-secret',
      ]),
    ).toThrow('(base64)');
    expect(() => expectNoSecretLeak(result, ['never-printed'])).not.toThrow();
    expect(() =>
      expectNoSecretLeak({ ...result, stdout: '::add-mask::masked-value\n' }, ['masked-value']),
    ).not.toThrow();
  });

  it('parses single-line and heredoc outputs', () => {
    expect(parseOutputFile('a=1\nb<<ghadelimiter_x\nline 1\nline 2\nghadelimiter_x\n')).toEqual({
      a: '1',
      b: 'line 1\nline 2',
    });
  });
});
