// What GitHub holds, found the way a consumer would: read the stored value back and match it to the
// app's credential (client secret text, or the certificate's thumbprint), independently of the
// action's own record.
import { expect } from '@jest/globals';
import type { LocalCloud, StoredApplication } from '@register-entra-app/local-cloud';
import {
  REPOSITORY,
  readPfx,
  requestTokenWithCertificate,
  requestTokenWithSecret,
  thumbprintOf,
} from '@register-entra-app/local-cloud/testing';
import { listActionCredentials } from './tenant-checks.js';

/** The keyId of the app's credential that the GitHub secret holds, or undefined when none matches. */
export function findHeldKeyId(
  cloud: LocalCloud,
  app: StoredApplication,
  secretName: string,
): string | undefined {
  const value = cloud.github.secretValue(REPOSITORY, secretName);
  if (value === undefined) return undefined;
  const password = cloud.github.secretValue(REPOSITORY, `${secretName}_PASSWORD`);
  if (password === undefined)
    return app.passwordCredentials.find((c) => c._secret === value)?.keyId;
  let thumbprint: string;
  try {
    thumbprint = thumbprintOf(readPfx(value, password).certificatePem);
  } catch {
    return undefined; // a PFX the password does not open is no usable certificate
  }
  const base64 = Buffer.from(thumbprint, 'hex').toString('base64');
  return app.keyCredentials.find((c) => c.customKeyIdentifier === base64)?.keyId;
}

/**
 * Asserts that GitHub holds a live credential of the app that signs in, that its record names it,
 * and that every other credential the action made for the secret is older than it (GitHub held it
 * before) and within keep-credentials.
 */
export async function expectHeldAndNoLitter(
  cloud: LocalCloud,
  app: StoredApplication,
  secretName: string,
  keep: number,
  overlapping = false,
): Promise<void> {
  const held = findHeldKeyId(cloud, app, secretName);
  expect(held).toBeDefined();
  const recorded = cloud.github.variableValue(REPOSITORY, `${secretName}_KEY_ID`);
  // Overlapping runs without a lock can leave the record naming another credential they stored:
  // it must still be live, and the next rotation makes it exact again.
  if (overlapping)
    expect(listActionCredentials(app, secretName).map((c) => c.keyId)).toContain(recorded);
  else expect(recorded).toBe(held);
  const value = cloud.github.secretValue(REPOSITORY, secretName)!;
  const password = cloud.github.secretValue(REPOSITORY, `${secretName}_PASSWORD`);
  const answer = password
    ? await requestTokenWithCertificate(cloud, app.appId, readPfx(value, password))
    : await requestTokenWithSecret(cloud, app.appId, value);
  expect(answer).toMatchObject({ ok: true });
  const all = [...app.passwordCredentials, ...app.keyCredentials];
  const start = (keyId: string) => Date.parse(all.find((c) => c.keyId === keyId)!.startDateTime);
  const others = listActionCredentials(app, secretName).filter((c) => c.keyId !== held);
  if (overlapping) return;
  for (const other of others) expect(start(other.keyId)).toBeLessThanOrEqual(start(held!));
  expect(others.length).toBeLessThanOrEqual(keep);
}
