// Whether a run leaves a hand-off for a person: a new credential for a product configured by hand,
// or (on a scheduled run) an older credential still in use and expiring within the rotation window.
import type { ApplyResult } from '../apply/apply-context.js';
import type { ObservedState } from '../model/observed.js';
import { DAY_MS } from '../model/days.js';
import { isActionCredential, listCredentials, newestFirst } from '../plan/rotation.js';
import type { ProfileSpec } from '../profile/types.js';
import type { Handoff } from './handoff.js';
import type { Settings } from './settings.js';

/** What reconcile-app knows after applying (or planning) one app. */
export interface HandoffInput {
  spec: ProfileSpec;
  settings: Settings;
  observed: ObservedState;
  applied: ApplyResult | null;
  /** keyIds this run removed from the app (the old credential, with keep-credentials 0). */
  removedKeyIds: string[];
  secretName: string | null;
  appId: string | null;
  credentialType: 'secret' | 'certificate' | 'none';
  now: Date;
}

/** Returns the app's hand-off, or null when the product is not configured by hand or nothing is due. */
export function toHandoff(input: HandoffInput): Handoff | null {
  const { spec, settings, observed, applied, secretName, appId, credentialType } = input;
  if (!spec.handoff?.configuredByHand || !secretName || !appId || credentialType === 'none')
    return null;
  // Before this run: the action's credentials for this secret, newest first.
  const ours = listCredentials(observed.application)
    .filter((c) => c.type === credentialType && isActionCredential(c.displayName, secretName))
    .sort(newestFirst);
  const base = {
    spec: spec.handoff,
    appDisplayName: spec.displayName,
    clientId: appId,
    tenantId: settings.tenantId,
    credentialType,
  };
  const github =
    settings.secretStore === 'key-vault'
      ? []
      : [`GitHub secret ${secretName} (a workflow job passes it on: nobody can read it back)`];
  const now = input.now.getTime();
  if (applied?.credential) {
    const old = ours[0];
    // Removed in this run (keep-credentials 0): the product stopped working already.
    const oldEnd = old && input.removedKeyIds.includes(old.keyId) ? now : old?.end;
    return {
      ...base,
      kind: 'new',
      keyId: applied.credential.keyId,
      expires: applied.credential.endDateTime,
      fetchFrom: [
        ...(applied.keyVaultSecretId ? [`Key Vault secret ${applied.keyVaultSecretId}`] : []),
        ...github,
      ],
      oldEnds: oldEnd ? new Date(oldEnd).toISOString() : null,
    };
  }
  // Still pending: the credential the product should have moved off ends within the window.
  const [current, older] = ours;
  if (!current || !older?.end || older.end <= now) return null;
  if (older.end - now > settings.rotateDaysBeforeExpiry * DAY_MS) return null;
  const vault = observed.vaultSecret;
  return {
    ...base,
    kind: 'pending',
    keyId: current.keyId,
    expires: current.end ? new Date(current.end).toISOString() : '',
    fetchFrom: [
      ...(vault?.exists ? [`Key Vault secret ${vault.url} (current version)`] : []),
      ...github,
    ],
    oldEnds: new Date(older.end).toISOString(),
  };
}
