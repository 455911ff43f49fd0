// Client secrets end to end: created, sealed into the local GitHub, usable at the local token
// endpoint with the granted roles, and rotated when the tenant's state says the secret is expiring.
import { describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { LocalCloud, StoredApplication } from '@register-entra-app/local-cloud';
import {
  REPOSITORY,
  requestTokenWithSecret,
  useLocalCloud,
} from '@register-entra-app/local-cloud/testing';
import { runAction } from '@register-entra-app/local-cloud/runner';

const handle = useLocalCloud();
const DAY_MS = 86_400_000;
const SECRET = 'REPORTS_CLIENT_SECRET';
const app = `
displayName: Reports Reader
uniqueName: reports-reader
permissions:
  - resource: Microsoft Graph
    application: [User.Read.All, Group.Read.All]
credential:
  type: secret
`;
const inputs = { app, 'secret-name': SECRET };

function application(cloud: LocalCloud): StoredApplication {
  const stored = cloud.tenant.applicationByUniqueName('reports-reader');
  if (!stored) throw new Error('The app was not registered.');
  return stored;
}

/** keyIds of the action's secrets for SECRET, oldest first. */
function actionSecrets(cloud: LocalCloud): string[] {
  return application(cloud)
    .passwordCredentials.filter((c) => c.displayName?.startsWith(`register-entra-app ${SECRET} `))
    .sort(
      (a, b) =>
        Date.parse(a.startDateTime) - Date.parse(b.startDateTime) ||
        (a._createdAt ?? 0) - (b._createdAt ?? 0),
    )
    .map((c) => c.keyId);
}

function expireIn(cloud: LocalCloud, keyId: string, days: number): void {
  const credential = application(cloud).passwordCredentials.find((c) => c.keyId === keyId);
  if (!credential) throw new Error(`No secret ${keyId}.`);
  credential.endDateTime = new Date(Date.now() + days * DAY_MS).toISOString();
}

function storedSecretKeyId(cloud: LocalCloud): string | undefined {
  const value = cloud.github.secretValue(REPOSITORY, SECRET);
  return application(cloud).passwordCredentials.find((c) => c._secret === value)?.keyId;
}

describe('client secrets delivered to GitHub', () => {
  it('stores a new client secret whose token carries the granted Graph roles, and outputs its id and expiry', async () => {
    const { cloud } = handle;
    const result = await runAction(cloud, inputs);
    expect(result.code).toBe(0);
    const [keyId] = actionSecrets(cloud);
    const credential = application(cloud).passwordCredentials.find((c) => c.keyId === keyId)!;
    const value = cloud.github.secretValue(REPOSITORY, SECRET);
    expect(value).toBe(credential._secret);
    const token = await requestTokenWithSecret(cloud, application(cloud).appId, value!);
    expect(token).toMatchObject({ ok: true, roles: ['Group.Read.All', 'User.Read.All'] });
    expect(result.outputs).toMatchObject({
      'credential-id': keyId,
      'credential-expires': new Date(credential.endDateTime).toISOString(),
      'certificate-thumbprint': '',
      'secret-name': SECRET,
      verified: 'true',
    });
    // Default lifetime 180 days.
    expect(Math.round((Date.parse(credential.endDateTime) - Date.now()) / DAY_MS)).toBe(180);
    expect(result.stdout).toContain(`::add-mask::${value}`);
  });

  it('changes nothing on a second run while the secret is fresh, and outputs the current credential', async () => {
    const { cloud } = handle;
    const before = actionSecrets(cloud);
    const result = await runAction(cloud, inputs);
    expect(result.code).toBe(0);
    expect(cloud.log.writes('graph')).toEqual([]);
    expect(cloud.log.writes('github')).toEqual([]);
    expect(actionSecrets(cloud)).toEqual(before);
    expect(result.outputs).toMatchObject({
      changed: 'false',
      'credential-id': before[0],
      'secret-name': SECRET,
    });
    expect(result.stdout).not.toContain('::warning::');
  });

  it('rotates an expiring secret, keeping the newest two of its own and never touching one added by hand', async () => {
    const { cloud } = handle;
    const handAdded = {
      keyId: randomUUID(),
      displayName: 'added by hand',
      startDateTime: new Date().toISOString(),
      endDateTime: new Date(Date.now() + 5 * DAY_MS).toISOString(),
      hint: 'abc',
      customKeyIdentifier: null,
      secretText: null,
      _secret: `hand-${randomUUID()}`,
    } as const;
    application(cloud).passwordCredentials.push({ ...handAdded });
    const [first] = actionSecrets(cloud);
    expireIn(cloud, first, 10);

    const second = await runAction(cloud, inputs);
    expect(second.code).toBe(0);
    const afterSecond = actionSecrets(cloud);
    expect(afterSecond).toHaveLength(2);
    expect(afterSecond[0]).toBe(first);
    expect(storedSecretKeyId(cloud)).toBe(afterSecond[1]);
    expect(second.outputs['credential-id']).toBe(afterSecond[1]);
    // The old value still works for consumers that hold it (the overlap keep-credentials gives).
    const old = application(cloud).passwordCredentials.find((c) => c.keyId === first)!;
    expect(
      await requestTokenWithSecret(cloud, application(cloud).appId, old._secret),
    ).toMatchObject({ ok: true });

    expireIn(cloud, afterSecond[1], 10);
    const third = await runAction(cloud, inputs);
    expect(third.code).toBe(0);
    const afterThird = actionSecrets(cloud);
    expect(afterThird).toHaveLength(2);
    expect(afterThird[0]).toBe(afterSecond[1]);
    expect(afterThird).not.toContain(first);
    expect(storedSecretKeyId(cloud)).toBe(afterThird[1]);
    const token = await requestTokenWithSecret(
      cloud,
      application(cloud).appId,
      cloud.github.secretValue(REPOSITORY, SECRET)!,
    );
    expect(token).toMatchObject({ ok: true, roles: ['Group.Read.All', 'User.Read.All'] });
    // The hand-added secret is untouched, and every run warns that it expires soon.
    expect(
      application(cloud).passwordCredentials.find((c) => c.keyId === handAdded.keyId),
    ).toMatchObject({ displayName: 'added by hand', endDateTime: handAdded.endDateTime });
    expect(third.stdout).toMatch(/::warning::.*"added by hand".*expires on/);
  });

  it('warns about any credential expiring within the rotation window even when nothing rotates', async () => {
    const { cloud } = handle;
    const result = await runAction(cloud, inputs);
    expect(result.code).toBe(0);
    expect(result.outputs.changed).toBe('false');
    expect(result.stdout).toMatch(
      /::warning::Client secret "added by hand" \(keyId [0-9a-f-]+\) expires on \d{4}-\d{2}-\d{2}, in [45] days/,
    );
  });

  it('removes an expired secret of its own without rotating the current one', async () => {
    const { cloud } = handle;
    const [older, current] = actionSecrets(cloud);
    expireIn(cloud, older, -1);
    const result = await runAction(cloud, inputs);
    expect(result.code).toBe(0);
    expect(actionSecrets(cloud)).toEqual([current]);
    expect(storedSecretKeyId(cloud)).toBe(current);
    expect(cloud.log.writes('github')).toEqual([]);
  });

  it('makes a new secret when the GitHub secret is missing', async () => {
    const { cloud } = handle;
    const [current] = actionSecrets(cloud);
    cloud.github.state.store(REPOSITORY)!.secrets.delete(SECRET);
    const result = await runAction(cloud, inputs);
    expect(result.code).toBe(0);
    const after = actionSecrets(cloud);
    expect(after).toHaveLength(2);
    expect(after[0]).toBe(current);
    expect(storedSecretKeyId(cloud)).toBe(after[1]);
  });

  it.each([
    { name: 'always makes a new secret with rotate always', rotate: 'always', added: 1 },
    {
      name: 'never makes a new secret with rotate never, even for an expiring one',
      rotate: 'never',
      added: 0,
    },
  ])('$name', async ({ rotate, added }) => {
    const { cloud } = handle;
    const before = actionSecrets(cloud);
    expireIn(cloud, before[before.length - 1], 3);
    const result = await runAction(cloud, { ...inputs, rotate });
    expect(result.code).toBe(0);
    const after = actionSecrets(cloud);
    expect(after).toHaveLength(added ? 2 : before.length);
    expect(after.filter((k) => !before.includes(k))).toHaveLength(added);
    expect(storedSecretKeyId(cloud)).toBe(after[after.length - 1]);
    expect(result.outputs['credential-id']).toBe(after[after.length - 1]);
  });
});
