// A tenant app management policy that refuses a client secret's type or lifetime, and a profile
// that wishes for a secret that never expires.
import { afterEach, describe, expect, it } from '@jest/globals';
import type { LocalCloud } from '@register-entra-app/local-cloud';
import {
  REPOSITORY,
  requestTokenWithSecret,
  useLocalCloud,
} from '@register-entra-app/local-cloud/testing';
import { runAction } from '@register-entra-app/local-cloud/runner';
import { userReadAllProfile } from '../fixtures/inline-profile.js';

const handle = useLocalCloud();
const DAY_MS = 86_400_000;
const POLICY_ID = '3f4c1c8e-6f0e-4c55-9b0e-2a1f9f6f4c11';

afterEach(() => {
  handle.cloud.tenant.policy = {};
});

function inline(uniqueName: string, credential: string): string {
  return userReadAllProfile(uniqueName, credential);
}

function lifetimeDays(cloud: LocalCloud, uniqueName: string): number[] {
  return cloud.tenant
    .applicationByUniqueName(uniqueName)!
    .passwordCredentials.map((c) =>
      Math.round((Date.parse(c.endDateTime) - Date.parse(c.startDateTime)) / DAY_MS),
    );
}

describe('a tenant app management policy', () => {
  it('refuses a secret lifetime longer than it allows with an error that says so, and adds no secret', async () => {
    const { cloud } = handle;
    cloud.tenant.policy = { id: POLICY_ID, maxPasswordLifetimeDays: 90 };
    const result = await runAction(cloud, {
      app: inline('policy-lifetime', 'type: secret'),
      'secret-name': 'POLICY_LIFETIME',
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      /::error::The tenant's app management policy refuses client secrets valid for 180 days: it allows only shorter lifetimes\. Set credential-lifetime-days/,
    );
    expect(result.stdout).toContain(POLICY_ID);
    expect(lifetimeDays(cloud, 'policy-lifetime')).toEqual([]);
    expect(cloud.github.secretValue(REPOSITORY, 'POLICY_LIFETIME')).toBeUndefined();
  });

  it('accepts a lifetime within the policy set with credential-lifetime-days', async () => {
    const { cloud } = handle;
    cloud.tenant.policy = { id: POLICY_ID, maxPasswordLifetimeDays: 90 };
    const result = await runAction(cloud, {
      app: inline('policy-lifetime', 'type: secret'),
      'secret-name': 'POLICY_LIFETIME',
      'credential-lifetime-days': '90',
    });
    expect(result.code).toBe(0);
    expect(lifetimeDays(cloud, 'policy-lifetime')).toEqual([90]);
  });

  it('says a policy that forbids client secrets allows certificates instead', async () => {
    const { cloud } = handle;
    cloud.tenant.policy = { id: POLICY_ID, passwordsAllowed: false };
    const result = await runAction(cloud, {
      app: inline('policy-no-secrets', 'type: secret'),
      'secret-name': 'POLICY_NO_SECRETS',
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      /::error::The tenant's app management policy does not allow new client secrets on this app\. Use a certificate instead \(credential-type: certificate\)/,
    );
    expect(cloud.tenant.applicationByUniqueName('policy-no-secrets')!.passwordCredentials).toEqual(
      [],
    );
    const certificate = await runAction(cloud, {
      app: inline('policy-no-secrets', 'type: secret\nallowed: [secret, certificate]'),
      'secret-name': 'POLICY_NO_SECRETS',
      'credential-type': 'certificate',
    });
    expect(certificate.code).toBe(0);
    expect(cloud.tenant.applicationByUniqueName('policy-no-secrets')!.keyCredentials).toHaveLength(
      1,
    );
  });

  it('gives a never-expiring secret the longest lifetime the policy accepts, with a warning', async () => {
    const { cloud } = handle;
    cloud.tenant.policy = { id: POLICY_ID, maxPasswordLifetimeDays: 365 };
    const result = await runAction(cloud, {
      app: inline('policy-never', 'type: secret\nneverExpire: true'),
      'secret-name': 'POLICY_NEVER',
    });
    expect(result.code).toBe(0);
    expect(lifetimeDays(cloud, 'policy-never')).toEqual([365]);
    expect(result.stdout).toMatch(
      /::warning::The tenant's app management policy refuses client secrets that never expire; the new one is valid for 365 days/,
    );
    const app = cloud.tenant.applicationByUniqueName('policy-never')!;
    expect(result.outputs['credential-expires']).toBe(
      new Date(app.passwordCredentials[0].endDateTime).toISOString(),
    );
    const token = await requestTokenWithSecret(
      cloud,
      app.appId,
      cloud.github.secretValue(REPOSITORY, 'POLICY_NEVER')!,
    );
    expect(token).toMatchObject({ ok: true, roles: ['User.Read.All'] });
  });

  it('gives a never-expiring secret 99 years when no policy limits it, without a warning', async () => {
    const { cloud } = handle;
    const result = await runAction(cloud, {
      app: inline('no-policy-never', 'type: secret\nneverExpire: true'),
      'secret-name': 'NO_POLICY_NEVER',
    });
    expect(result.code).toBe(0);
    expect(lifetimeDays(cloud, 'no-policy-never')).toEqual([99 * 365]);
    expect(result.stdout).not.toMatch(/::warning::The tenant's app management policy/);
  });
});
