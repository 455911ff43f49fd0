// The application's certificate list. Graph has no "add one certificate" call for a caller without
// a proof-of-possession token (addKey needs one signed by an existing key), so certificates are
// added and removed by PATCHing the whole keyCredentials collection: existing entries are named by
// keyId (Graph never returns `key`), a new one carries `key`.
// https://learn.microsoft.com/graph/api/application-update (keyCredentials), https://learn.microsoft.com/graph/api/application-addkey
import { randomUUID } from 'node:crypto';
import type { CertificateMaterial } from '../credentials/types.js';
import type { KeyCredential } from '../model/graph-types.js';
import type { GraphClient } from './graph-client.js';
import { toKeyCredential } from './graph-shapes.js';
import { isReplicationDelay } from './retry-policy.js';

/** Reads the application's current keyCredentials. */
export async function readKeyCredentials(
  graph: GraphClient,
  applicationId: string,
): Promise<KeyCredential[]> {
  const app = await graph.get<{ keyCredentials?: Array<Record<string, unknown>> }>(
    `/applications/${applicationId}?$select=keyCredentials`,
    undefined,
    { retryWhile: isReplicationDelay },
  );
  return (app.keyCredentials ?? []).map(toKeyCredential);
}

/** Writes keyCredentials = `keep` (by keyId) plus the optional new certificate. */
export async function writeKeyCredentials(
  graph: GraphClient,
  applicationId: string,
  keep: KeyCredential[],
  added?: Record<string, unknown>,
): Promise<void> {
  const keyCredentials: Array<Record<string, unknown>> = keep.map((k) => ({
    keyId: k.keyId,
    type: k.type,
    usage: k.usage,
    displayName: k.displayName,
    key: null,
  }));
  if (added) keyCredentials.push(added);
  await graph.patch(`/applications/${applicationId}`, { keyCredentials }, undefined, {
    retryWhile: isReplicationDelay,
  });
}

/** Returns the keyCredential body for a new certificate, with a keyId chosen here so it can be found again. */
export function toNewKeyCredential(
  material: CertificateMaterial,
  displayName: string,
): Record<string, unknown> & { keyId: string } {
  return {
    keyId: randomUUID(),
    type: 'AsymmetricX509Cert',
    usage: 'Verify',
    key: material.derBase64,
    displayName,
    startDateTime: material.notBefore,
    endDateTime: material.notAfter,
  };
}

/** Returns the base64 form Graph uses in customKeyIdentifier for a hex SHA-1 thumbprint. */
export function toCustomKeyIdentifier(thumbprintHex: string): string {
  return Buffer.from(thumbprintHex, 'hex').toString('base64');
}

/** Returns the entry for the certificate just written: by keyId, else by thumbprint (if Graph chose its own keyId). */
export function findAddedKey(
  keys: KeyCredential[],
  keyId: string,
  thumbprintHex: string,
  before: KeyCredential[],
): KeyCredential | undefined {
  const thumbprint = toCustomKeyIdentifier(thumbprintHex);
  return (
    keys.find((k) => k.keyId.toLowerCase() === keyId.toLowerCase()) ??
    keys.find(
      (k) => k.customKeyIdentifier === thumbprint && !before.some((b) => b.keyId === k.keyId),
    )
  );
}

/** Removes one certificate by keyId (read, then write the rest); one already gone counts as removed. */
export async function removeKeyCredential(
  graph: GraphClient,
  applicationId: string,
  keyId: string,
): Promise<void> {
  const keys = await readKeyCredentials(graph, applicationId);
  if (!keys.some((k) => k.keyId === keyId)) return;
  await writeKeyCredentials(
    graph,
    applicationId,
    keys.filter((k) => k.keyId !== keyId),
  );
}
