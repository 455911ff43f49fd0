// The credential the action delivers: when to add a new one, and which of its own old ones to
// remove afterwards. Old credentials go only after the new one is stored and verified.
import type { DesiredCredential } from '../model/desired.js';
import type { Application } from '../model/graph-types.js';
import type {
  HeldCredential,
  ObservedSecret,
  ObservedState,
  ObservedVaultSecret,
} from '../model/observed.js';
import { CREDENTIAL_PREFIX } from '../model/well-known.js';
import { DAY_MS } from '../model/days.js';
import type { Change, PlanNotice, RemovalReason, RotationReason } from './changes.js';

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
 * Credentials the action did not create are never removed. Throws a RotationBlockedError when a
 * personal-account app's two-secret limit leaves no room and only a secret the action did not
 * create could make some.
 */
export function planCredential(
  credential: DesiredCredential,
  observed: ObservedState,
  now: Date,
  options: { prune?: boolean; verify?: boolean; signInAudience?: string } = {},
): CredentialPlan {
  const all = listCredentials(observed.application);
  const ours = all.filter((c) => isActionCredential(c.displayName, credential.secretName));
  const type = credential.type;
  // Without a secret name nothing is delivered, so no store holds anything. The held credential is
  // known from GitHub's record, or from Key Vault's when GitHub is not a store.
  const vault = credential.secretName ? (observed.vaultSecret ?? null) : null;
  const secret = !credential.secretName
    ? null
    : credential.stores?.github === false
      ? vault
      : observed.githubSecret;
  const view = type === 'none' ? null : findHeld(all, ours, type, secret);
  const changes =
    type === 'none' || !view
      ? planNoCredential(ours, now, options.prune ?? false)
      : planRotation(credential, type, { all, ours, view, observed, secret, vault }, now, options);
  const removed = new Set(changes.flatMap((c) => (c.kind === 'removeCredential' ? [c.keyId] : [])));
  const kept = all.filter((c) => !removed.has(c.keyId));
  return {
    changes,
    notices: [
      ...neverNotices(credential, ours),
      ...heldNotices(view, changes, credential, ours),
      ...expiryNotices(kept, credential.rotateDaysBeforeExpiry, now),
    ],
  };
}

/**
 * Says why a repair rotation is planned when GitHub holds something that is not a live credential,
 * or, with rotate: never, that nothing replaces it (later runs would otherwise say nothing).
 */
function heldNotices(
  view: HeldView | null,
  changes: Change[],
  credential: DesiredCredential,
  ours: AppCredential[],
): PlanNotice[] {
  const { secretName } = credential;
  const repair = changes.some((c) => c.kind === 'addCredential' && c.reason === view?.problem);
  // Without any credential of the action's, neverNotices already says that none is created.
  const never = credential.rotate === 'never' && ours.some((c) => c.type === credential.type);
  if (!view?.problem || !(repair || never) || !secretName) return [];
  const text = {
    'secret-missing': `GitHub secret ${secretName} does not exist`,
    'held-deleted': `GitHub secret ${secretName} holds credential ${view.recordedKeyId ?? ''}, which the app no longer has (deleted, e.g. in the portal, or by a concurrent run)`,
    'secret-stale': `GitHub secret ${secretName} was written before every credential the action created, so it holds none of them`,
    'delivery-interrupted': `A run stopped while storing credential ${view.interruptedKeyId ?? ''} in GitHub secret ${secretName} (its record ${secretName}_KEY_ID still says pending), so GitHub may hold that credential, the one before, or a PFX and a password of different certificates`,
  }[view.problem];
  const outcome = repair
    ? 'a new credential replaces it'
    : 'rotate is "never", so nothing replaces it (run once with rotate: always to repair it)';
  return [{ level: 'warning', message: `${text}: ${outcome}.` }];
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

/** Which of the app's credentials the GitHub secret holds, or why it holds none of them. */
export interface HeldView {
  held: AppCredential | null;
  /**
   * Why the secret holds no live credential of the app: secret-missing (no secret), held-deleted
   * (the record names a credential the app no longer has), secret-stale (no record, and the secret
   * is older than every credential the action created), delivery-interrupted (the record still
   * says pending: a run stopped while replacing the value).
   */
  problem: 'secret-missing' | 'held-deleted' | 'secret-stale' | 'delivery-interrupted' | null;
  /** keyId the store's record names, also when the app no longer has it. */
  recordedKeyId: string | null;
  /** true when known from the store's record, false when inferred from times. */
  recorded: boolean;
  /**
   * With the secret deleted or its delivery interrupted: the credential its record named (GitHub
   * held it last for certain).
   */
  lastHeld?: AppCredential | null;
  /** The credential a stopped run was storing (delivery-interrupted). */
  interruptedKeyId?: string;
  /**
   * With its delivery interrupted, the credential the secret most likely holds: the one the stopped
   * run was storing when the secret was written after it was made (the run stopped, or GitHub
   * refused, after the value), else lastHeld.
   */
  likelyHeld?: AppCredential | null;
}

/**
 * Finds the credential the store holds: the one its record names while the record is current; else
 * (no record yet, or a run stopped between the secret and its record) the newest of the action's
 * credentials that existed when the secret was written.
 */
export function findHeld(
  all: readonly AppCredential[],
  ours: readonly AppCredential[],
  type: 'secret' | 'certificate',
  secret: ObservedSecret | HeldCredential | null,
): HeldView {
  const none = { held: null, recordedKeyId: null, recorded: false };
  if (!secret) {
    const newest = ours.filter((c) => c.type === type).sort(newestFirst)[0];
    return { ...none, held: newest ?? null, problem: null };
  }
  if (!secret.exists) {
    const recordedKeyId = 'keyId' in secret ? secret.keyId : null;
    const lastHeld = all.find((c) => c.keyId === recordedKeyId) ?? null;
    return { ...none, problem: 'secret-missing', recordedKeyId, lastHeld };
  }
  if ('interruptedKeyId' in secret && secret.interruptedKeyId) {
    // Either value, or a PFX and a password of two certificates: only a new delivery is certain.
    const lastHeld = all.find((c) => c.keyId === secret.keyId) ?? null;
    const { interruptedKeyId } = secret;
    const interrupted = all.find((c) => c.keyId === interruptedKeyId);
    const stored = interrupted && !isSurelyLater(interrupted, toWrittenAt(secret));
    return {
      ...none,
      problem: 'delivery-interrupted',
      recordedKeyId: secret.keyId,
      lastHeld,
      interruptedKeyId,
      likelyHeld: stored ? interrupted : lastHeld,
    };
  }
  if ('recordCurrent' in secret && secret.recordCurrent && secret.keyId) {
    const held = all.find((c) => c.keyId === secret.keyId) ?? null;
    return {
      held,
      problem: held ? null : 'held-deleted',
      recordedKeyId: secret.keyId,
      recorded: true,
    };
  }
  // GitHub reports whole seconds and its clock is not Entra's: a margin keeps a fresh pair together.
  const written = secret.updatedAt ? Date.parse(secret.updatedAt) + CLOCK_SKEW_MS : Infinity;
  const held = [...ours].sort(newestFirst).find((c) => (c.start ?? 0) <= written) ?? null;
  return { ...none, held, problem: held || ours.length === 0 ? null : 'secret-stale' };
}

/** Why a new credential is needed now, or null when the credential GitHub holds is fine. */
export function rotationReason(
  credential: DesiredCredential,
  view: HeldView,
  hasOwn: boolean,
  now: Date,
  vault: ObservedVaultSecret | null = null,
): RotationReason | null {
  if (credential.rotate === 'never') return null;
  if (credential.rotate === 'always') return 'forced';
  const { held } = view;
  // A first credential is not a repair: nothing of the action's was ever stored.
  if (held?.type !== credential.type) {
    if (view.problem === 'secret-missing' && !hasOwn) return 'none-yet';
    // Without GitHub, the held credential is known from Key Vault's record: say so.
    if (view.problem && credential.stores?.github === false)
      return view.problem === 'secret-missing' ? 'vault-secret-missing' : 'vault-secret-stale';
    return view.problem ?? 'none-yet';
  }
  // A renewed certificate given in the certificate input replaces the one on the app at once.
  if (
    credential.providedThumbprint &&
    held.type === 'certificate' &&
    held.thumbprint !== credential.providedThumbprint
  )
    return 'certificate-changed';
  if (held.end !== null && held.end - now.getTime() <= credential.rotateDaysBeforeExpiry * DAY_MS)
    return 'expiring';
  // Key Vault's record is the key-id tag of its current version: another keyId means it holds an
  // older credential (or one whose write was undone), so consumers reading the vault would fail.
  if (vault && !vault.exists) return 'vault-secret-missing';
  if (vault && vault.keyId !== held.keyId) return 'vault-secret-stale';
  return null;
}

interface Credentials {
  all: AppCredential[];
  ours: AppCredential[];
  view: HeldView;
  observed: ObservedState;
  /** The record the held credential is known from: GitHub's, or Key Vault's without GitHub. */
  secret: ObservedSecret | HeldCredential | null;
  /** Key Vault's record when the vault is a store; checked beside GitHub's. */
  vault: ObservedVaultSecret | null;
}

/**
 * Splits the action's credentials: litter (created after the one GitHub holds and after the
 * secret's last write, so GitHub never held them) and held ones (the held one first, then others
 * GitHub may hold or held before, newest first), which alone count for keep-credentials. Without a
 * held credential nothing is litter and nothing is held.
 */
function classify(ours: AppCredential[], view: HeldView, delivery: Delivery) {
  // After a stopped delivery, a client secret the stopped run stored is the one consumers read last,
  // so it is the overlap kept. Not a certificate: its times have whole seconds, so one kept beside a
  // new one made within the same second would look like a newer one GitHub may hold.
  const likely = view.likelyHeld?.type === 'secret' ? view.likelyHeld : null;
  const held = view.held ?? likely ?? view.lastHeld ?? null;
  const none: AppCredential[] = [];
  if (!delivery.delivered)
    return { litter: none, held: [...ours].sort(newestFirst), ambiguous: none };
  if (!held)
    return {
      litter: none,
      held: view.problem ? none : [...ours].sort(newestFirst),
      ambiguous: none,
    };
  const others = ours.filter((c) => c.keyId !== held.keyId);
  // GitHub's updated_at is cut to whole seconds: a credential started within that second may be the
  // value written (two runs' writes can land in either order), so only a later one is surely litter.
  const newer = others.filter((c) => newestFirst(c, held) < 0);
  const litter = newer.filter((c) => isSurelyLater(c, delivery.writtenAt));
  return {
    litter,
    held: [held, ...others.filter((c) => !litter.includes(c)).sort(newestFirst)],
    ambiguous: newer.filter((c) => !litter.includes(c)),
  };
}

const GITHUB_TIME_RESOLUTION_MS = 1000;

/** Whether c was made after the store's last write (writtenAt, null without one) for certain. */
function isSurelyLater(c: AppCredential, writtenAt: number | null): boolean {
  return writtenAt === null || (c.start ?? 0) >= writtenAt + GITHUB_TIME_RESOLUTION_MS;
}

/** When the store's value was last written (epoch ms), or null when it holds none. */
function toWrittenAt(secret: ObservedSecret | HeldCredential | null): number | null {
  return secret?.exists && secret.updatedAt ? Date.parse(secret.updatedAt) : null;
}
// Longer than a run takes from adding a credential to writing it to GitHub.
const RACE_WINDOW_MS = 60 * 60 * 1000;

/** Whether the credential is delivered to a store, and when the store's value was last written. */
interface Delivery {
  delivered: boolean;
  writtenAt: number | null;
}

function toDelivery(
  secretName: string | null,
  secret: ObservedSecret | HeldCredential | null,
): Delivery {
  return { delivered: secretName !== null, writtenAt: toWrittenAt(secret) };
}

function planRotation(
  credential: DesiredCredential,
  type: 'secret' | 'certificate',
  { all, ours, view, observed, secret, vault }: Credentials,
  now: Date,
  options: { verify?: boolean; signInAudience?: string },
): Change[] {
  const hasOwn = ours.some((c) => c.type === type);
  const delivery = toDelivery(credential.secretName, secret);
  const { litter, held, ambiguous } = classify(ours, view, delivery);
  // Overlapping runs can leave the record naming one credential while GitHub holds a newer one
  // written within the same second: one more rotation makes it certain again.
  const reason =
    rotationReason(credential, view, hasOwn, now, vault) ??
    (ambiguous.length > 0 && credential.rotate !== 'never' ? 'held-ambiguous' : null);
  const litterIds = new Set(litter.map((c) => c.keyId));
  const why = (c: AppCredential): RemovalReason =>
    isExpired(c, now) ? 'expired' : litterIds.has(c.keyId) ? 'litter' : 'superseded';
  // Without a new credential: litter, expired ones (they cannot sign in anyway) and older ones
  // beyond keep-credentials (overlapping runs leave several) go; the held one stays. Without a
  // lock, a run's secret write can land after another's record, so an older credential made
  // shortly before the secret's last write may be its value: only ones made well before may go.
  if (!reason) {
    const kept = new Set(held.slice(0, credential.keep + 1).map((c) => c.keyId));
    const settled = (c: AppCredential) =>
      delivery.writtenAt !== null && (c.start ?? 0) < delivery.writtenAt - RACE_WINDOW_MS;
    const surplus = (c: AppCredential) => view.recorded && !kept.has(c.keyId) && settled(c);
    return [
      ...planRecord(credential.secretName, view, secret),
      ...ours
        .filter((c) => c !== view.held)
        .filter((c) => litterIds.has(c.keyId) || isExpired(c, now) || surplus(c))
        .map((c) => removal(c, why(c))),
    ];
  }
  // Overlap serves consumers of the same type: a certificate does not stand in for a secret.
  const overlap = new Set(
    held
      .filter((c) => c.type === type)
      .slice(0, credential.keep)
      .map((c) => c.keyId),
  );
  const days = credential.lifetimeDays > 0 ? credential.lifetimeDays : LONGEST_LIFETIME_DAYS;
  const add: Change = {
    kind: 'addCredential',
    type,
    displayName: credentialDisplayName(credential.secretName, now),
    endDateTime: new Date(now.getTime() + days * DAY_MS).toISOString(),
    reason,
  };
  const deliver: Change[] = [
    ...(credential.secretName
      ? [toStoreChange(credential.secretName, credential, secret, view)]
      : []),
    ...((options.verify ?? true) ? [{ kind: 'verifyCredential' as const }] : []),
  ];
  const gone = ours.filter((c) => isExpired(c, now) || !overlap.has(c.keyId));
  if (type !== 'secret' || !isPersonalAudience(options.signInAudience, observed))
    return [add, ...deliver, ...gone.map((c) => removal(c, why(c)))];
  // After a stopped delivery, the credential GitHub most likely holds stays until the new one is
  // stored: consumers are not left with a dead value while the run adds and stores.
  const stays = view.problem === 'delivery-interrupted' ? (view.likelyHeld ?? null) : view.held;
  return planWithinTwoSecrets(all, gone, stays, { add, deliver, why, overlap });
}

/** A record write when the store keeps records and its record does not name the held credential. */
function planRecord(
  secretName: string | null,
  view: HeldView,
  secret: ObservedSecret | HeldCredential | null,
): Change[] {
  if (!secretName || !view.held || view.recorded || !secret || !('recordCurrent' in secret))
    return [];
  return [{ kind: 'recordCredential', secretName, keyId: view.held.keyId }];
}

/** Apps that accept personal Microsoft accounts hold at most two client secrets. */
export const PERSONAL_ACCOUNT_SECRET_LIMIT = 2;

function isPersonalAudience(desired: string | undefined, observed: ObservedState): boolean {
  const personal = (a: string | undefined) =>
    a === 'AzureADandPersonalMicrosoftAccount' || a === 'PersonalMicrosoftAccount';
  return personal(desired) || personal(observed.application?.signInAudience);
}

/**
 * Plans a secret rotation on an app limited to two secrets: the action's secrets that GitHub does
 * not hold go before the new one is added, the held one stays until the new one is stored.
 * https://learn.microsoft.com/entra/identity-platform/supported-accounts-validation
 */
function planWithinTwoSecrets(
  all: AppCredential[],
  gone: AppCredential[],
  held: AppCredential | null,
  plan: {
    add: Change;
    deliver: Change[];
    why: (c: AppCredential) => RemovalReason;
    overlap: Set<string>;
  },
): Change[] {
  const secrets = all.filter((c) => c.type === 'secret');
  const goneIds = new Set(gone.map((c) => c.keyId));
  // Older secrets kept only as overlap go first too: the held one is the overlap consumers need.
  // An expired held secret signs in no more, so it may go first as well.
  const early = secrets.filter(
    (c) =>
      (c !== held || plan.why(c) === 'expired') &&
      (goneIds.has(c.keyId) || plan.overlap.has(c.keyId)),
  );
  const foreign = secrets.filter((c) => c !== held && !early.includes(c));
  const keepsHeld = held !== null && !early.includes(held);
  if (foreign.length + (keepsHeld ? 1 : 0) + 1 > PERSONAL_ACCOUNT_SECRET_LIMIT) {
    const names = foreign.map((c) => `"${c.displayName ?? ''}" (keyId ${c.keyId})`).join(', ');
    throw new RotationBlockedError(
      `The app accepts personal Microsoft accounts, so it holds at most ${PERSONAL_ACCOUNT_SECRET_LIMIT} client secrets, and no new one fits: ${names} ${foreign.length === 1 ? 'was' : 'were'} not created by ${CREDENTIAL_PREFIX}${keepsHeld ? ', and the other is the one GitHub holds' : ''}. The action never removes a secret it did not create: remove it in the Entra admin center (App registrations → the app → Certificates & secrets) if nothing uses it, then run again. Nothing was changed.`,
    );
  }
  const late = gone.filter((c) => !early.includes(c));
  return [
    ...early.map((c) => removal(c, plan.overlap.has(c.keyId) ? 'superseded' : plan.why(c))),
    plan.add,
    ...plan.deliver,
    ...late.map((c) => removal(c, plan.why(c))),
  ];
}

/** A rotation that cannot stay within Entra's limits without removing what the action did not create. */
export class RotationBlockedError extends Error {
  override name = 'RotationBlockedError';
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

function toStoreChange(
  secretName: string,
  credential: DesiredCredential,
  secret: ObservedSecret | HeldCredential | null,
  view: HeldView,
): Change {
  const stores = credential.stores;
  const github = !stores || stores.github;
  // GitHub's secret exists and keeps a record: the record is marked pending while it is replaced.
  const replaces = github && secret?.exists === true && 'recordCurrent' in secret;
  return {
    kind: 'storeSecret',
    secretName,
    ...(github ? {} : { github: false }),
    ...(stores?.keyVaultSecretUrl ? { keyVaultSecretUrl: stores.keyVaultSecretUrl } : {}),
    ...(replaces
      ? { replacing: { keyId: view.held?.keyId ?? view.likelyHeld?.keyId ?? view.recordedKeyId } }
      : {}),
  };
}
