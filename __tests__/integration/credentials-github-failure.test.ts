// When GitHub refuses the write in the middle of a rotation, the app keeps its old credential, the
// old value stays stored and usable, the new credential is removed, and a re-run converges; and the
// errors say which token can write secrets.
import { describe, expect, it } from '@jest/globals';
import type { LocalCloud, StoredApplication } from '@register-entra-app/local-cloud';
import {
  REPOSITORY,
  readPfx,
  requestTokenWithCertificate,
  requestTokenWithSecret,
  thumbprintOf,
  useLocalCloud,
} from '@register-entra-app/local-cloud/testing';
import { runAction } from '@register-entra-app/local-cloud/runner';
import { userReadAllProfile } from '../fixtures/inline-profile.js';

const handle = useLocalCloud();
const DAY_MS = 86_400_000;

function inline(uniqueName: string, type: 'secret' | 'certificate'): string {
  return userReadAllProfile(uniqueName, `type: ${type}`);
}

function application(cloud: LocalCloud, uniqueName: string): StoredApplication {
  const stored = cloud.tenant.applicationByUniqueName(uniqueName);
  if (!stored) throw new Error(`${uniqueName} was not registered.`);
  return stored;
}

function expireAll(credentials: Array<{ endDateTime: string }>, days: number): void {
  for (const c of credentials) c.endDateTime = new Date(Date.now() + days * DAY_MS).toISOString();
}

describe('a GitHub failure in the middle of a rotation', () => {
  it('keeps the old client secret valid and stored, removes the new one, fails with the cause, and converges on a re-run', async () => {
    const { cloud } = handle;
    const inputs = { app: inline('failing-secret', 'secret'), 'secret-name': 'FAILING_SECRET' };
    expect((await runAction(cloud, inputs)).code).toBe(0);
    const app = application(cloud, 'failing-secret');
    const old = app.passwordCredentials[0];
    expireAll(app.passwordCredentials, 10);
    cloud.faults.add({
      service: 'github',
      method: 'PUT',
      path: /\/FAILING_SECRET$/,
      status: 400,
      body: { message: 'Injected refusal' },
    });

    const failed = await runAction(cloud, inputs);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(
      /::error::Write repository secret FAILING_SECRET in repository octo-org\/octo-repo failed: 400 Injected refusal/,
    );
    expect(app.passwordCredentials.map((c) => c.keyId)).toEqual([old.keyId]);
    expect(cloud.github.secretValue(REPOSITORY, 'FAILING_SECRET')).toBe(old._secret);
    expect(await requestTokenWithSecret(cloud, app.appId, old._secret)).toMatchObject({
      ok: true,
      roles: ['User.Read.All'],
    });

    cloud.log.clear();
    const rerun = await runAction(cloud, inputs);
    expect(rerun.code).toBe(0);
    expect(app.passwordCredentials).toHaveLength(2);
    const stored = cloud.github.secretValue(REPOSITORY, 'FAILING_SECRET')!;
    expect(stored).not.toBe(old._secret);
    expect(await requestTokenWithSecret(cloud, app.appId, stored)).toMatchObject({
      ok: true,
      roles: ['User.Read.All'],
    });
  });

  it('leaves a usable secret when GitHub stored the new value but answered 500, and converges on a re-run', async () => {
    const { cloud } = handle;
    const inputs = {
      app: inline('stored-but-failed', 'secret'),
      'secret-name': 'STORED_BUT_FAILED',
    };
    expect((await runAction(cloud, inputs)).code).toBe(0);
    const app = application(cloud, 'stored-but-failed');
    expireAll(app.passwordCredentials, 10);
    // GitHub's updated_at has whole seconds: the first run's write must be visibly older than the next one.
    cloud.github.secret(REPOSITORY, 'STORED_BUT_FAILED')!.updated_at = new Date(
      Date.now() - 3_600_000,
    )
      .toISOString()
      .replace(/\.\d+Z$/, 'Z');
    cloud.faults.add({
      service: 'github',
      method: 'PUT',
      path: /\/STORED_BUT_FAILED$/,
      status: 400,
      body: { message: 'Injected refusal' },
      afterApply: true,
    });
    const failed = await runAction(cloud, inputs);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(
      /::error::Write repository secret STORED_BUT_FAILED .*failed: 400 Injected refusal\. GitHub stored STORED_BUT_FAILED anyway, so the new credential is kept/,
    );
    expect(app.passwordCredentials).toHaveLength(2);
    expireAll(app.passwordCredentials, 300);
    const rerun = await runAction(cloud, inputs);
    expect(rerun.code).toBe(0);
    const stored = cloud.github.secretValue(REPOSITORY, 'STORED_BUT_FAILED')!;
    expect(await requestTokenWithSecret(cloud, app.appId, stored)).toMatchObject({
      ok: true,
      roles: ['User.Read.All'],
    });
  });

  it('keeps the secret GitHub held since its record write failed as the overlap of the repair rotation', async () => {
    const { cloud } = handle;
    const inputs = { app: inline('record-failed', 'secret'), 'secret-name': 'RECORD_FAILED' };
    expect((await runAction(cloud, inputs)).code).toBe(0);
    const app = application(cloud, 'record-failed');
    // The rotation's GitHub writes: the pending mark, the value, then the record, which fails.
    cloud.faults.failWritesAfter('github', 2);
    const failed = await runAction(cloud, { ...inputs, rotate: 'always' });
    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(/writing RECORD_FAILED_KEY_ID .* failed/);
    cloud.faults.clear();
    const heldSince = cloud.github.secretValue(REPOSITORY, 'RECORD_FAILED')!;
    expect(await requestTokenWithSecret(cloud, app.appId, heldSince)).toMatchObject({ ok: true });

    const repair = await runAction(cloud, inputs);
    expect(repair.code).toBe(0);
    expect(repair.stdout).toMatch(/A run stopped while storing credential/);
    const stored = cloud.github.secretValue(REPOSITORY, 'RECORD_FAILED')!;
    expect(stored).not.toBe(heldSince);
    // keep-credentials 1: consumers still holding what GitHub held until now keep signing in.
    for (const value of [stored, heldSince])
      expect(await requestTokenWithSecret(cloud, app.appId, value)).toMatchObject({ ok: true });
    cloud.log.clear();
    expect((await runAction(cloud, inputs)).code).toBe(0);
    expect(cloud.log.writes('github')).toEqual([]);
  });

  it('keeps the secret GitHub holds after a stopped delivery on an app limited to two secrets until the new one is stored', async () => {
    const { cloud } = handle;
    const app = `${inline('personal-held', 'secret')}signInAudience: AzureADandPersonalMicrosoftAccount\n`;
    const inputs = { app, 'secret-name': 'PERSONAL_HELD', 'keep-credentials': '1' };
    expect((await runAction(cloud, inputs)).code).toBe(0);
    // A rotation whose record write fails: its pending mark and value land, its record does not.
    cloud.faults.failWritesAfter('github', 2);
    expect((await runAction(cloud, { ...inputs, rotate: 'always' })).code).toBe(1);
    cloud.faults.clear();
    const { appId } = application(cloud, 'personal-held');
    const held = cloud.github.secretValue(REPOSITORY, 'PERSONAL_HELD')!;
    // The repair rotation has to make room for its new secret, then GitHub refuses to store it.
    cloud.faults.add({
      service: 'github',
      method: 'PUT',
      path: /\/PERSONAL_HELD$/,
      status: 400,
      body: { message: 'Injected refusal' },
    });
    const refused = await runAction(cloud, inputs);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(/A run stopped while storing credential/);
    expect(cloud.github.secretValue(REPOSITORY, 'PERSONAL_HELD')).toBe(held);
    expect(await requestTokenWithSecret(cloud, appId, held)).toMatchObject({ ok: true });
    cloud.faults.clear();
    expect((await runAction(cloud, inputs)).code).toBe(0);
    cloud.log.clear();
    expect((await runAction(cloud, inputs)).code).toBe(0);
    expect(cloud.log.writes('github')).toEqual([]);
    const stored = cloud.github.secretValue(REPOSITORY, 'PERSONAL_HELD')!;
    expect(await requestTokenWithSecret(cloud, appId, stored)).toMatchObject({ ok: true });
  });

  async function failCertificateRotation(cloud: LocalCloud, uniqueName: string, failing: RegExp) {
    const inputs = { app: inline(uniqueName, 'certificate'), 'secret-name': 'FAILING_PFX' };
    expect((await runAction(cloud, inputs)).code).toBe(0);
    // A PATCH of keyCredentials replaces the stored application, so it is read again after each run.
    const oldKeyIds = application(cloud, uniqueName).keyCredentials.map((c) => c.keyId);
    expireAll(application(cloud, uniqueName).keyCredentials, 10);
    cloud.faults.add({
      service: 'github',
      method: 'PUT',
      path: failing,
      status: 400,
      body: { message: 'Injected refusal' },
    });
    const failed = await runAction(cloud, inputs);
    expect(failed.code).toBe(1);
    expect(application(cloud, uniqueName).keyCredentials.map((c) => c.keyId)).toEqual(oldKeyIds);
    // With the old certificate fresh again, only what the failure left behind can make the re-run act.
    expireAll(application(cloud, uniqueName).keyCredentials, 300);
    return { app: application(cloud, uniqueName), inputs, failed };
  }

  async function expectStoredPairSignsIn(cloud: LocalCloud, appId: string): Promise<string> {
    const pair = readPfx(
      cloud.github.secretValue(REPOSITORY, 'FAILING_PFX')!,
      cloud.github.secretValue(REPOSITORY, 'FAILING_PFX_PASSWORD')!,
    );
    expect(await requestTokenWithCertificate(cloud, appId, pair)).toMatchObject({
      ok: true,
      roles: ['User.Read.All'],
    });
    return thumbprintOf(pair.certificatePem);
  }

  it('keeps the old certificate pair stored and usable when GitHub refuses the password write', async () => {
    const { cloud } = handle;
    const { app, inputs, failed } = await failCertificateRotation(
      cloud,
      'failing-pfx-password',
      /\/FAILING_PFX_PASSWORD$/,
    );
    expect(failed.stdout).toMatch(
      /::error::Write repository secret FAILING_PFX_PASSWORD in repository octo-org\/octo-repo failed: 400 Injected refusal/,
    );
    const before = await expectStoredPairSignsIn(cloud, app.appId);
    cloud.log.clear();
    const rerun = await runAction(cloud, inputs);
    expect(rerun.code).toBe(0);
    expect(rerun.outputs.changed).toBe('false');
    expect(await expectStoredPairSignsIn(cloud, app.appId)).toBe(before);
  });

  it('deletes a PFX its new password no longer opens when GitHub refuses the PFX write, and the re-run stores a pair that signs in', async () => {
    const { cloud } = handle;
    const { app, inputs, failed } = await failCertificateRotation(
      cloud,
      'failing-pfx',
      /\/FAILING_PFX$/,
    );
    expect(failed.stdout).toMatch(
      /::error::Write repository secret FAILING_PFX in repository octo-org\/octo-repo failed: 400 Injected refusal\. FAILING_PFX_PASSWORD had already been updated and no longer matches FAILING_PFX, so FAILING_PFX was deleted/,
    );
    expect(cloud.github.secretValue(REPOSITORY, 'FAILING_PFX')).toBeUndefined();
    const rerun = await runAction(cloud, inputs);
    expect(rerun.code).toBe(0);
    expect(await expectStoredPairSignsIn(cloud, app.appId)).toBe(
      rerun.outputs['certificate-thumbprint'],
    );
  });
});

describe('the token that writes GitHub secrets', () => {
  it('says GITHUB_TOKEN cannot write secrets when github-token is missing, before any request', async () => {
    const { cloud } = handle;
    const result = await runAction(
      cloud,
      { app: inline('no-token', 'secret'), 'secret-name': 'NO_TOKEN_SECRET' },
      { githubToken: null },
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      /::error::Input github-token is required.*GITHUB_TOKEN cannot write secrets.*"Secrets: read and write"/,
    );
    expect(cloud.log.entries).toEqual([]);
  });

  it('names the fine-grained token permission when a GITHUB_TOKEN-like token gets 403, before any write to Entra', async () => {
    const { cloud } = handle;
    const result = await runAction(
      cloud,
      { app: inline('workflow-token', 'secret'), 'secret-name': 'WORKFLOW_TOKEN_SECRET' },
      { githubToken: cloud.workflowToken },
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      /::error::.*403.*GITHUB_TOKEN cannot write secrets.*fine-grained personal access token with the repository permission "Secrets: read and write"/,
    );
    // The secret's metadata is read while planning, so the 403 comes before the app or a credential exists.
    expect(cloud.log.writes('graph')).toEqual([]);
    expect(cloud.tenant.applicationByUniqueName('workflow-token')).toBeUndefined();
  });
});
