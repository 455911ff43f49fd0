// One or more display rows per change, shared by the log text and the job summary.
import type { SignInAudience } from '../model/graph-types.js';
import type { Change, ChangeKind, PropertyDiff, RemovalReason, RotationReason } from './changes.js';
import { withOwnClientId } from '../model/entitlements.js';
import { classifyPermission } from './privilege.js';
import { missingFrom } from './string-sets.js';

/** A display row: `+` add, `-` remove, `~` change, ` ` a step that changes nothing (verify). */
export interface PlanRow {
  symbol: '+' | '-' | '~' | ' ';
  label: string;
  cells: string[];
  /** How the row counts in "N to add, N to change, N to remove"; null for steps that change nothing. */
  count: 'add' | 'change' | 'remove' | null;
}

const AUDIENCES: Record<SignInAudience, string> = {
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

const ROTATION_REASONS: Record<RotationReason, string | null> = {
  'none-yet': null,
  expiring: '(replaces one expiring soon)',
  'secret-missing': '(GitHub secret missing)',
  'secret-stale': '(GitHub secret holds no credential of the app)',
  'held-deleted': '(GitHub holds a credential the app no longer has)',
  'secret-half-written': '(GitHub holds a PFX and a password of different certificates)',
  'held-ambiguous': '(overlapping runs: GitHub may hold one of several credentials)',
  'vault-secret-missing': '(Key Vault secret missing)',
  'vault-secret-stale': '(Key Vault secret holds no current credential of the app)',
  'certificate-changed': '(the certificate input changed)',
  forced: '(rotate: always)',
};

const REMOVAL_REASONS: Record<RemovalReason, string> = {
  superseded: '(superseded)',
  expired: '(expired)',
  pruned: '(no longer in the profile)',
  litter: '(never stored in GitHub)',
};

type RowsOf = { [K in ChangeKind]: (change: Extract<Change, { kind: K }>) => PlanRow[] };

const add = (label: string, ...cells: string[]): PlanRow => ({
  symbol: '+',
  label,
  cells,
  count: 'add',
});
const remove = (label: string, ...cells: string[]): PlanRow => ({
  symbol: '-',
  label,
  cells,
  count: 'remove',
});
const change = (label: string, ...cells: string[]): PlanRow => ({
  symbol: '~',
  label,
  cells,
  count: 'change',
});

const ROWS: RowsOf = {
  createResourceServicePrincipal: (c) => [
    add('resource', c.displayName, `service principal for appId ${c.appId}`),
  ],
  createApplication: (c) => [
    add(
      'application',
      `${quote(c.application.displayName)} (${AUDIENCES[c.application.signInAudience]})`,
    ),
  ],
  adoptApplication: (c) => [
    change(
      'application',
      `${quote(c.displayName)} (appId ${c.appId})`,
      `adopt: set uniqueName ${quote(c.uniqueName)}`,
    ),
  ],
  updateApplication: (c) => c.diffs.flatMap(diffRows),
  disableEntitlements: (c) =>
    c.disabled.map((d) =>
      change(
        d.what,
        quote(d.value),
        `disable first (Graph changes or removes only a disabled ${d.what}; ${d.reason} follows)`,
      ),
    ),
  writeEntitlements: (c) =>
    c.rows.map((row) => {
      const name = row.what === 'app role' || row.what === 'scope' ? quote(row.name) : row.name;
      const make = row.action === 'add' ? add : row.action === 'remove' ? remove : change;
      return make(row.what, name, ...(row.detail ? [row.detail] : []));
    }),
  addPermission: (c) => [
    add(
      'permission',
      c.permission.resourceDisplayName,
      ...permissionCells(c.permission.kind, c.permission.value),
    ),
  ],
  removePermission: (c) => [
    remove(
      'permission',
      c.permission.resourceDisplayName,
      `${c.permission.value} (${c.permission.kind})`,
    ),
  ],
  createServicePrincipal: () => [
    add('principal', 'service principal (enterprise app) for the application'),
  ],
  addFederatedCredential: (c) => [
    add('federated', quote(c.credential.name), `${c.credential.subject} (${c.credential.issuer})`),
  ],
  updateFederatedCredential: (c) => [
    change('federated', quote(c.credential.name), federatedDelta(c.from, c.credential)),
  ],
  removeFederatedCredential: (c) => [remove('federated', quote(c.name))],
  grantAppRole: (c) => [add('consent', c.permission.resourceDisplayName, c.permission.value)],
  revokeAppRole: (c) => [
    remove(
      'consent',
      c.resourceDisplayName ?? `resource ${c.resourceId}`,
      c.permission?.value ?? `appRole ${c.appRoleId}`,
    ),
  ],
  createDelegatedGrant: (c) => [
    add('consent', c.resourceDisplayName, `${c.scopes.join(' ')} (delegated)`),
  ],
  updateDelegatedGrant: (c) => [
    change('consent', c.resourceDisplayName, `${listDelta(c.from, c.to)} (delegated)`),
  ],
  deleteDelegatedGrant: (c) => [
    remove(
      'consent',
      c.resourceDisplayName ?? `resource ${c.resourceId}`,
      `${c.scopes.join(' ')} (delegated)`,
    ),
  ],
  addCredential: (c) => [
    add(
      c.type,
      `${quote(c.displayName)} expires ${c.endDateTime.slice(0, 10)}`,
      c.type === 'secret' ? 'value: (sensitive)' : 'private key: (sensitive)',
      ...(ROTATION_REASONS[c.reason] ? [ROTATION_REASONS[c.reason] as string] : []),
    ),
  ],
  storeSecret: (c) => [
    ...(c.github === false ? [] : [add('github', `secret ${c.secretName}`)]),
    ...(c.keyVaultSecretUrl ? [add('key vault', `secret ${c.keyVaultSecretUrl}`)] : []),
  ],
  recordCredential: (c) => [
    change('github', `variable ${c.secretName}_KEY_ID = ${c.keyId}`, '(which credential it holds)'),
  ],
  verifyCredential: () => [
    {
      symbol: ' ',
      label: 'verify',
      cells: ['sign in with the new credential before removing old ones'],
      count: null,
    },
  ],
  removeCredential: (c) => [remove(c.type, quote(c.displayName), REMOVAL_REASONS[c.reason])],
  deleteApplication: (c) => [
    remove('application', `${quote(c.displayName)} (appId ${c.appId})`, '(surplus instance)'),
    ...(c.secretName ? [remove('github', `secret ${c.secretName}`)] : []),
  ],
};

/** The display rows of one change. */
export function toPlanRows(c: Change): PlanRow[] {
  return (ROWS[c.kind] as (change: Change) => PlanRow[])(c);
}

/** Rows for an application property diff; requiredResourceAccess shows as permission rows instead. */
function diffRows(diff: PropertyDiff): PlanRow[] {
  if (diff.property === 'requiredResourceAccess') return [];
  const label = PROPERTY_LABELS[diff.property] ?? diff.property;
  if (Array.isArray(diff.to)) {
    // The app's own client ID is known once the app exists.
    const shown = (list: unknown): string[] =>
      ((list ?? []) as string[]).map((v) => withOwnClientId(v, '(known after create)'));
    return [change(label, listDelta(shown(diff.from), shown(diff.to)))];
  }
  const show = (value: unknown): string => {
    if (value === null || value === undefined) return '(none)';
    if (diff.property === 'web.implicitGrantSettings') return String(value);
    if (diff.property === 'signInAudience')
      return AUDIENCES[value as SignInAudience] ?? String(value);
    return typeof value === 'string' ? quote(value) : String(value);
  };
  return [change(label, `${show(diff.from)} -> ${show(diff.to)}`)];
}

function permissionCells(kind: 'application' | 'delegated', value: string): string[] {
  const level = classifyPermission(kind, value);
  const marker =
    level === 'high' ? ['[high privilege]'] : level === 'elevated' ? ['[elevated privilege]'] : [];
  return [`${value} (${kind})`, ...marker];
}

function federatedDelta(
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
function listDelta(from: string[], to: string[]): string {
  return [
    ...missingFrom(from, to).map((v) => `- ${v}`),
    ...missingFrom(to, from).map((v) => `+ ${v}`),
  ].join('  ');
}

function quote(text: string): string {
  return JSON.stringify(text);
}
