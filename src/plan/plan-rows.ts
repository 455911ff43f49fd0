// The pieces plan rows are built from (each change kind's rows are in change-kinds.ts), shared by
// the log text and the job summary.
import { withOwnClientId } from '../model/entitlements.js';
import type { SignInAudience } from '../model/graph-types.js';
import type { PropertyDiff, RemovalReason, RotationReason } from './changes.js';
import { classifyPermission, type PrivilegeLevel } from './privilege.js';
import { missingFrom } from './string-sets.js';

/** A display row: `+` add, `-` remove, `~` change, ` ` a step that changes nothing (verify). */
export interface PlanRow {
  symbol: '+' | '-' | '~' | ' ';
  label: string;
  cells: string[];
  /** How the row counts in "N to add, N to change, N to remove"; null for steps that change nothing. */
  count: 'add' | 'change' | 'remove' | null;
}

const rowOf =
  (symbol: PlanRow['symbol'], count: PlanRow['count']) =>
  (label: string, ...cells: string[]): PlanRow => ({ symbol, label, cells, count });

/** A `+` row counted as an addition. */
export const addRow = rowOf('+', 'add');
/** A `-` row counted as a removal. */
export const removeRow = rowOf('-', 'remove');
/** A `~` row counted as a change. */
export const changeRow = rowOf('~', 'change');
/** A row for a step that changes nothing (not counted). */
export const stepRow = rowOf(' ', null);

export const AUDIENCES: Record<SignInAudience, string> = {
  AzureADMyOrg: 'single tenant',
  AzureADMultipleOrgs: 'multitenant',
  AzureADandPersonalMicrosoftAccount: 'multitenant and personal accounts',
  PersonalMicrosoftAccount: 'personal accounts only',
};

const PROPERTY_LABELS: Record<string, string> = {
  uniqueName: 'unique name',
  displayName: 'display name',
  signInAudience: 'audience',
  isFallbackPublicClient: 'public client',
  'web.redirectUris': 'redirect URIs',
  'publicClient.redirectUris': 'native redirect URIs',
  'api.requestedAccessTokenVersion': 'access token version',
  identifierUris: 'application ID URIs',
  'spa.redirectUris': 'SPA redirect URIs',
  'web.logoutUrl': 'logout URL',
  'web.implicitGrantSettings': 'implicit grant',
  optionalClaims: 'optional claims',
  groupMembershipClaims: 'group claims',
  'info.marketingUrl': 'marketing URL',
  'info.privacyStatementUrl': 'privacy URL',
  'info.supportUrl': 'support URL',
  'info.termsOfServiceUrl': 'terms URL',
};

export const ROTATION_REASONS: Record<RotationReason, string | null> = {
  'none-yet': null,
  expiring: '(replaces one expiring soon)',
  'secret-missing': '(GitHub secret missing)',
  'secret-stale': '(GitHub secret holds no credential of the app)',
  'held-deleted': '(GitHub holds a credential the app no longer has)',
  'delivery-interrupted': '(an earlier run stopped while storing a credential in GitHub)',
  'held-ambiguous': '(overlapping runs: GitHub may hold one of several credentials)',
  'vault-secret-missing': '(Key Vault secret missing)',
  'vault-secret-stale': '(Key Vault secret holds no current credential of the app)',
  'certificate-changed': '(the certificate input changed)',
  forced: '(rotate: always)',
};

export const REMOVAL_REASONS: Record<RemovalReason, string> = {
  superseded: '(superseded)',
  expired: '(expired)',
  pruned: '(no longer in the profile)',
  litter: '(never stored in GitHub)',
};

/** Rows for an application property diff; requiredResourceAccess shows as permission rows instead. */
export function diffRows(diff: PropertyDiff): PlanRow[] {
  if (diff.property === 'requiredResourceAccess') return [];
  const label = PROPERTY_LABELS[diff.property] ?? diff.property;
  if (Array.isArray(diff.to)) {
    // The app's own client ID is known once the app exists.
    const shown = (list: unknown): string[] =>
      ((list ?? []) as string[]).map((v) => withOwnClientId(v, '(known after create)'));
    return [changeRow(label, listDelta(shown(diff.from), shown(diff.to)))];
  }
  const show = (value: unknown): string => {
    if (value === null || value === undefined) return '(none)';
    if (diff.property === 'web.implicitGrantSettings') return String(value);
    if (diff.property === 'signInAudience')
      return AUDIENCES[value as SignInAudience] ?? String(value);
    return typeof value === 'string' ? quote(value) : String(value);
  };
  return [changeRow(label, `${show(diff.from)} -> ${show(diff.to)}`)];
}

/** A permission's cells: `value (kind)` and a privilege marker when it is elevated or high. */
export function permissionCells(
  kind: 'application' | 'delegated',
  value: string,
  minimum?: PrivilegeLevel,
): string[] {
  return [`${value} (${kind})`, ...privilegeMarker(classifyPermission(kind, value, minimum))];
}

/** The row marker of a privilege level: none for normal. */
export function privilegeMarker(level: PrivilegeLevel): string[] {
  return level === 'high'
    ? ['[high privilege]']
    : level === 'elevated'
      ? ['[elevated privilege]']
      : [];
}

/** The fields of a federated credential that differ, as `field old -> new` parts. */
export function federatedDelta(
  from: { issuer: string; subject: string; audiences: string[]; description?: string | null },
  to: typeof from,
): string {
  const parts: string[] = [];
  if (from.issuer !== to.issuer) parts.push(`issuer ${from.issuer} -> ${to.issuer}`);
  if (from.subject !== to.subject) parts.push(`subject ${from.subject} -> ${to.subject}`);
  const audiences = listDelta(from.audiences, to.audiences);
  if (audiences) parts.push(`audiences ${audiences}`);
  if ((from.description || null) !== (to.description || null))
    parts.push(`description ${quote(from.description ?? '')} -> ${quote(to.description ?? '')}`);
  return parts.join('  ');
}

/** "- removed  + added" for two lists compared as sets. */
export function listDelta(from: string[], to: string[]): string {
  return [
    ...missingFrom(from, to).map((v) => `- ${v}`),
    ...missingFrom(to, from).map((v) => `+ ${v}`),
  ].join('  ');
}

/** JSON-quoted text, as plan rows show names. */
export function quote(text: string): string {
  return JSON.stringify(text);
}
