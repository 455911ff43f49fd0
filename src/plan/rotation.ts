// The credential the action delivers: when to add a new one, and which of its own old ones to
// remove afterwards. Old credentials go only after the new one is stored and verified.
import type { DesiredCredential } from '../model/desired.js';
import type { Application } from '../model/graph-types.js';
import type { ObservedSecret, ObservedState, ObservedVaultSecret } from '../model/observed.js';
import { CREDENTIAL_PREFIX } from '../model/well-known.js';
import type { Change, PlanNotice, RemovalReason, RotationReason } from './changes.js';

const DAY_MS = 86_400_000;

// lifetimeDays 0 (profile neverExpire) asks for the longest lifetime the tenant accepts. 99 years is
// the customary "never" for Entra credentials; a tenant app management policy may refuse it, and
// the executor can tell this case by desired.credential.lifetimeDays === 0.
const LONGEST_LIFETIME_DAYS = 99 * 365;
const CLOCK_SKEW_MS = 2 * 60 * 1000;

/** A password or key credential on the app, with its times as epoch milliseconds. */
export interface AppCredential {
  type: 'secret' | 'certificate';
  keyId: string;
  displayName: string | null;
  start: number | null;
  end: number | null;
  /** base64 SHA-1 thumbprint of a certificate (Graph's customKeyIdentifier); null for secrets. */
  thumbprint: string | null;
}

/** The credential changes (in run order) and the warnings about expiring credentials. */
export interface CredentialPlan {
  changes: Change[];
  notices: PlanNotice[];
}

/**
 * Plans the action's credential: addCredential → storeSecret → verifyCredential → removeCredential.
 * Credentials the action did not create are never removed.
 */
export function planCredential(
  credential: DesiredCredential,
  observed: ObservedState,
  now: Date,
  options: { prune?: boolean; verify?: boolean } = {},
): CredentialPlan {
  const all = listCredentials(observed.application);
  const ours = all.filter((c) => isActionCredential(c.displayName, credential.secretName));
  const changes =
    credential.type === 'none'
      ? planNoCredential(ours, now, options.prune ?? false)
      : planRotation(
          credential,
          credential.type,
          ours,
          { github: observed.githubSecret, vault: observed.vaultSecret ?? null },
          now,
          options.verify ?? true,
        );
  const removed = new Set(changes.flatMap((c) => (c.kind === 'removeCredential' ? [c.keyId] : [])));
  const kept = all.filter((c) => !removed.has(c.keyId));
  return {
    changes,
    notices: [
      ...neverNotices(credential, ours),
      ...expiryNotices(kept, credential.rotateDaysBeforeExpiry, now),
    ],
  };
}

/** true when displayName marks a credential the action created for secretName ("register-entra-app NAME YYYY-MM-DD"). */
export function isActionCredential(displayName: string | null, secretName: string | null): boolean {
  if (!displayName) return false;
  if (secretName) return displayName.startsWith(`${CREDENTIAL_PREFIX} ${secretName} `);
  return (
    displayName.startsWith(`${CREDENTIAL_PREFIX} `) &&
    /^\d{4}-\d{2}-\d{2}$/.test(displayName.slice(CREDENTIAL_PREFIX.length + 1))
  );
}

/** The displayName of a credential the action creates on `now` (UTC date). */
export function credentialDisplayName(secretName: string | null, now: Date): string {
  return [CREDENTIAL_PREFIX, secretName, now.toISOString().slice(0, 10)].filter(Boolean).join(' ');
}

/** The app's password (secret) and key (certificate) credentials, in Graph's order. */
export function listCredentials(app: Application | null): AppCredential[] {
  if (!app) return [];
  const time = (value: string | null): number | null => (value ? Date.parse(value) : null);
  return [
    ...app.passwordCredentials.map((c) => ({
      type: 'secret' as const,
      keyId: c.keyId,
      displayName: c.displayName,
      start: time(c.startDateTime),
      end: time(c.endDateTime),
      thumbprint: null,
    })),
    ...app.keyCredentials.map((c) => ({
      type: 'certificate' as const,
      keyId: c.keyId,
      displayName: c.displayName,
      start: time(c.startDateTime),
      end: time(c.endDateTime),
      thumbprint: c.customKeyIdentifier,
    })),
  ];
}

/** Why a new credential is needed now, or null when the newest of the action's is fine. */
export function rotationReason(
  credential: DesiredCredential,
  newest: AppCredential | undefined,
  secret: ObservedSecret | null,
  now: Date,
  vault: ObservedVaultSecret | null = null,
): RotationReason | null {
  if (credential.rotate === 'never') return null;
  if (credential.rotate === 'always') return 'forced';
  if (!newest) return 'none-yet';
  // A renewed certificate given in the certificate input replaces the one on the app at once.
  if (
    credential.providedThumbprint &&
    newest.type === 'certificate' &&
    newest.thumbprint !== credential.providedThumbprint
  )
    return 'certificate-changed';
  if (
    newest.end !== null &&
    newest.end - now.getTime() <= credential.rotateDaysBeforeExpiry * DAY_MS
  )
    return 'expiring';
  if (!credential.secretName) return null;
  // The vault's record is the key-id tag of its current version: another keyId means it holds an
  // older credential (or one whose write was undone).
  if (vault && !vault.exists) return 'vault-secret-missing';
  if (vault && vault.keyId !== newest.keyId) return 'vault-secret-stale';
  if (credential.stores?.github === false) return null;
  if (!secret?.exists) return 'secret-missing';
  // The secret was written before the newest credential existed, so it holds an older value. GitHub
  // reports whole seconds and its clock is not Entra's: a margin keeps a fresh pair from looking stale.
  if (
    secret.updatedAt &&
    newest.start !== null &&
    Date.parse(secret.updatedAt) < newest.start - CLOCK_SKEW_MS
  )
    return 'secret-stale';
  return null;
}

function planRotation(
  credential: DesiredCredential,
  type: 'secret' | 'certificate',
  ours: AppCredential[],
  records: { github: ObservedSecret | null; vault: ObservedVaultSecret | null },
  now: Date,
  verify: boolean,
): Change[] {
  const current = ours.filter((c) => c.type === type).sort(newestFirst);
  const reason = rotationReason(credential, current[0], records.github, now, records.vault);
  // Without a new credential only expired ones go: they cannot sign in anyway.
  if (!reason) return ours.filter((c) => isExpired(c, now)).map((c) => removal(c, 'expired'));
  const overlap = new Set(current.slice(0, credential.keep).map((c) => c.keyId));
  const days = credential.lifetimeDays > 0 ? credential.lifetimeDays : LONGEST_LIFETIME_DAYS;
  const endDateTime = new Date(now.getTime() + days * DAY_MS).toISOString();
  return [
    {
      kind: 'addCredential',
      type,
      displayName: credentialDisplayName(credential.secretName, now),
      endDateTime,
      reason,
    },
    ...(credential.secretName ? [toStoreChange(credential.secretName, credential)] : []),
    ...(verify ? [{ kind: 'verifyCredential' as const }] : []),
    ...ours
      .filter((c) => isExpired(c, now) || !overlap.has(c.keyId))
      .map((c) => removal(c, isExpired(c, now) ? 'expired' : 'superseded')),
  ];
}

function planNoCredential(ours: AppCredential[], now: Date, prune: boolean): Change[] {
  return prune ? ours.map((c) => removal(c, isExpired(c, now) ? 'expired' : 'pruned')) : [];
}

function removal(c: AppCredential, reason: RemovalReason): Change {
  return {
    kind: 'removeCredential',
    type: c.type,
    keyId: c.keyId,
    displayName: c.displayName ?? '',
    reason,
  };
}

function isExpired(c: AppCredential, now: Date): boolean {
  return c.end !== null && c.end <= now.getTime();
}

/** Orders credentials newest first: by start, then by end (a tie on start is common for certificates made within a second), then keyId. */
export function newestFirst(a: AppCredential, b: AppCredential): number {
  const started = (c: AppCredential): number => c.start ?? c.end ?? 0;
  return started(b) - started(a) || (b.end ?? 0) - (a.end ?? 0) || a.keyId.localeCompare(b.keyId);
}

function neverNotices(credential: DesiredCredential, ours: AppCredential[]): PlanNotice[] {
  if (
    credential.type === 'none' ||
    credential.rotate !== 'never' ||
    ours.some((c) => c.type === credential.type)
  )
    return [];
  const owner = credential.secretName ? ` for ${credential.secretName}` : '';
  return [
    {
      level: 'warning',
      message: `The app has no ${credential.type} created by ${CREDENTIAL_PREFIX}${owner} and rotate is "never", so none is created.`,
    },
  ];
}

/** A warning for each credential that has expired or expires within the rotation window. */
function expiryNotices(credentials: AppCredential[], windowDays: number, now: Date): PlanNotice[] {
  const notices: PlanNotice[] = [];
  for (const c of credentials) {
    if (c.end === null) continue;
    const what = `${c.type === 'secret' ? 'Client secret' : 'Certificate'} "${c.displayName ?? ''}" (keyId ${c.keyId})`;
    const date = new Date(c.end).toISOString().slice(0, 10);
    const days = Math.floor((c.end - now.getTime()) / DAY_MS);
    if (c.end <= now.getTime())
      notices.push({ level: 'warning', message: `${what} expired on ${date}.` });
    else if (c.end - now.getTime() <= windowDays * DAY_MS) {
      notices.push({
        level: 'warning',
        message: `${what} expires on ${date}, in ${days} day${days === 1 ? '' : 's'}.`,
      });
    }
  }
  return notices;
}

function toStoreChange(secretName: string, credential: DesiredCredential): Change {
  const stores = credential.stores;
  return {
    kind: 'storeSecret',
    secretName,
    ...(stores && !stores.github ? { github: false } : {}),
    ...(stores?.keyVaultSecretUrl ? { keyVaultSecretUrl: stores.keyVaultSecretUrl } : {}),
  };
}
