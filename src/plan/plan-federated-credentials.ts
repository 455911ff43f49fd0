// Federated identity credentials, matched by name (Graph does not let a name change).
import type { FederatedIdentityCredential } from '../model/graph-types.js';
import type { Change } from './changes.js';
import { sameMembers } from './string-sets.js';

/**
 * Adds, then updates, then removes (prune only): adding first keeps a renamed credential working
 * throughout, at the cost of briefly holding both.
 */
export function planFederatedCredentials(
  desired: FederatedIdentityCredential[],
  observed: FederatedIdentityCredential[],
  prune: boolean,
): Change[] {
  const adds: Change[] = [];
  const updates: Change[] = [];
  for (const credential of desired) {
    const current = observed.find((o) => o.name === credential.name);
    if (!current) adds.push({ kind: 'addFederatedCredential', credential });
    else if (!sameFederatedCredential(credential, current)) {
      updates.push({
        kind: 'updateFederatedCredential',
        id: current.id ?? '',
        credential,
        from: current,
      });
    }
  }
  const removes = prune
    ? observed
        .filter((o) => !desired.some((d) => d.name === o.name))
        .map((o): Change => ({ kind: 'removeFederatedCredential', id: o.id ?? '', name: o.name }))
    : [];
  return [...adds, ...updates, ...removes];
}

/** true when issuer, subject, audiences (as a set) and description match. */
export function sameFederatedCredential(
  a: FederatedIdentityCredential,
  b: FederatedIdentityCredential,
): boolean {
  return (
    a.issuer === b.issuer &&
    a.subject === b.subject &&
    sameMembers(a.audiences, b.audiences) &&
    (a.description || null) === (b.description || null)
  );
}
