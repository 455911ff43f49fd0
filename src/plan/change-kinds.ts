// The plan's side of every change kind in one place: its display rows, whether it is a preparation
// step, and the access it adds. The compiler checks that every kind of the Change union has an
// entry; its executor is in apply/change-executors.ts, checked the same way.
import type { ResolvedPermission } from '../model/desired.js';
import type { Change, ChangeKind } from './changes.js';
import {
  addRow,
  AUDIENCES,
  changeRow,
  diffRows,
  federatedDelta,
  listDelta,
  permissionCells,
  type PlanRow,
  quote,
  REMOVAL_REASONS,
  removeRow,
  ROTATION_REASONS,
  stepRow,
} from './plan-rows.js';
import { DIRECTORY_KINDS } from './directory-kinds.js';
import { type AddedAccess, minimumLevelOf } from './privilege.js';
import { missingFrom } from './string-sets.js';

/** One change of the given kind. */
export type ChangeOf<K extends ChangeKind> = Extract<Change, { kind: K }>;

/** What the planner, the plan's printers and the privilege review know of one change kind. */
export interface ChangeKindSpec<K extends ChangeKind> {
  /** The change's display rows (none for one shown by other rows). */
  rows: (change: ChangeOf<K>) => PlanRow[];
  /**
   * Runs before the rest of the plan can be computed: the caller applies these first, reads the
   * tenant again and plans once more (see needsReplan).
   */
  preparation: boolean;
  /** The permissions the change adds, for the privilege review; null for a kind that adds none. */
  addsAccess: ((change: ChangeOf<K>) => AddedAccess) | null;
}

const permissionAccess = ({ permission: p }: { permission: ResolvedPermission }): AddedAccess => ({
  resourceDisplayName: p.resourceDisplayName,
  kind: p.kind,
  values: [p.value],
  minimum: minimumLevelOf(p.resourceAppId),
});

export const CHANGE_KINDS = {
  createResourceServicePrincipal: {
    rows: (c) => [addRow('resource', c.displayName, `service principal for appId ${c.appId}`)],
    preparation: true,
    addsAccess: null,
  },
  createApplication: {
    rows: (c) => [
      addRow(
        'application',
        `${quote(c.application.displayName)} (${AUDIENCES[c.application.signInAudience]})`,
      ),
    ],
    preparation: false,
    addsAccess: null,
  },
  adoptApplication: {
    rows: (c) => [
      changeRow(
        'application',
        `${quote(c.displayName)} (appId ${c.appId})`,
        `adopt: set uniqueName ${quote(c.uniqueName)}`,
      ),
    ],
    preparation: true,
    addsAccess: null,
  },
  updateApplication: {
    rows: (c) => c.diffs.flatMap(diffRows),
    preparation: false,
    addsAccess: null,
  },
  disableEntitlements: {
    rows: (c) =>
      c.disabled.map((d) =>
        changeRow(
          d.what,
          quote(d.value),
          `disable first, then ${d.reason} it (Graph refuses to while it is enabled)`,
        ),
      ),
    preparation: false,
    addsAccess: null,
  },
  writeEntitlements: {
    rows: (c) =>
      c.rows.map((row) => {
        const name = row.what === 'app role' || row.what === 'scope' ? quote(row.name) : row.name;
        const make =
          row.action === 'add' ? addRow : row.action === 'remove' ? removeRow : changeRow;
        return make(row.what, name, ...(row.detail ? [row.detail] : []));
      }),
    preparation: false,
    addsAccess: null,
  },
  addPermission: {
    rows: ({ permission: p }) => [
      addRow(
        'permission',
        p.resourceDisplayName,
        ...permissionCells(p.kind, p.value, minimumLevelOf(p.resourceAppId)),
      ),
    ],
    preparation: false,
    addsAccess: permissionAccess,
  },
  removePermission: {
    rows: ({ permission: p }) => [
      removeRow('permission', p.resourceDisplayName, `${p.value} (${p.kind})`),
    ],
    preparation: false,
    addsAccess: null,
  },
  createServicePrincipal: {
    rows: () => [addRow('principal', 'service principal (enterprise app) for the application')],
    preparation: false,
    addsAccess: null,
  },
  addFederatedCredential: {
    rows: ({ credential: f }) => [addRow('federated', quote(f.name), `${f.subject} (${f.issuer})`)],
    preparation: false,
    addsAccess: null,
  },
  updateFederatedCredential: {
    rows: (c) => [
      changeRow('federated', quote(c.credential.name), federatedDelta(c.from, c.credential)),
    ],
    preparation: false,
    addsAccess: null,
  },
  removeFederatedCredential: {
    rows: (c) => [removeRow('federated', quote(c.name))],
    preparation: false,
    addsAccess: null,
  },
  grantAppRole: {
    rows: ({ permission: p }) => [addRow('consent', p.resourceDisplayName, p.value)],
    preparation: false,
    addsAccess: permissionAccess,
  },
  revokeAppRole: {
    rows: (c) => [
      removeRow(
        'consent',
        c.resourceDisplayName ?? `resource ${c.resourceId}`,
        c.permission?.value ?? `appRole ${c.appRoleId}`,
      ),
    ],
    preparation: false,
    addsAccess: null,
  },
  createDelegatedGrant: {
    rows: (c) => [addRow('consent', c.resourceDisplayName, `${c.scopes.join(' ')} (delegated)`)],
    preparation: false,
    addsAccess: (c) => ({
      resourceDisplayName: c.resourceDisplayName,
      kind: 'delegated',
      values: c.scopes,
      minimum: minimumLevelOf(c.resourceAppId),
    }),
  },
  updateDelegatedGrant: {
    rows: (c) => [
      changeRow('consent', c.resourceDisplayName, `${listDelta(c.from, c.to)} (delegated)`),
    ],
    preparation: false,
    addsAccess: (c) => ({
      resourceDisplayName: c.resourceDisplayName,
      kind: 'delegated',
      values: missingFrom(c.to, c.from),
      minimum: minimumLevelOf(c.resourceAppId),
    }),
  },
  deleteDelegatedGrant: {
    rows: (c) => [
      removeRow(
        'consent',
        c.resourceDisplayName ?? `resource ${c.resourceId}`,
        `${c.scopes.join(' ')} (delegated)`,
      ),
    ],
    preparation: false,
    addsAccess: null,
  },
  addCredential: {
    rows: (c) => {
      const reason = ROTATION_REASONS[c.reason];
      return [
        addRow(
          c.type,
          `${quote(c.displayName)} expires ${c.endDateTime.slice(0, 10)}`,
          c.type === 'secret' ? 'value: (sensitive)' : 'private key: (sensitive)',
          ...(reason ? [reason] : []),
        ),
      ];
    },
    preparation: false,
    addsAccess: null,
  },
  recordCredential: {
    rows: (c) => [
      changeRow(
        'github',
        `variable ${c.secretName}_KEY_ID = ${c.keyId}`,
        '(which credential it holds)',
      ),
    ],
    preparation: false,
    addsAccess: null,
  },
  storeSecret: {
    rows: (c) => [
      ...(c.github === false ? [] : [addRow('github', `secret ${c.secretName}`)]),
      ...(c.keyVaultSecretUrl ? [addRow('key vault', `secret ${c.keyVaultSecretUrl}`)] : []),
    ],
    preparation: false,
    addsAccess: null,
  },
  verifyCredential: {
    rows: () => [stepRow('verify', 'sign in with the new credential before removing old ones')],
    preparation: false,
    addsAccess: null,
  },
  removeCredential: {
    rows: (c) => [removeRow(c.type, quote(c.displayName), REMOVAL_REASONS[c.reason])],
    preparation: false,
    addsAccess: null,
  },
  ...DIRECTORY_KINDS,
  deleteApplication: {
    rows: (c) => [
      removeRow('application', `${quote(c.displayName)} (appId ${c.appId})`, '(surplus instance)'),
      ...(c.secretName ? [removeRow('github', `secret ${c.secretName}`)] : []),
    ],
    preparation: false,
    addsAccess: null,
  },
} satisfies { [K in ChangeKind]: ChangeKindSpec<K> };

/** The entry of the change's kind, typed for that change. */
export function specOf<K extends ChangeKind>(change: ChangeOf<K>): ChangeKindSpec<K> {
  return CHANGE_KINDS[change.kind] as unknown as ChangeKindSpec<K>;
}

/** The display rows of one change. */
export function toPlanRows(change: Change): PlanRow[] {
  return specOf(change).rows(change);
}

/** The change as its plan rows read (rows joined by "; "), e.g. `+ consent Microsoft Graph User.Read.All`. */
export function describeChange(change: Change): string {
  const rows = toPlanRows(change).map((r) => [r.symbol, r.label, ...r.cells].join(' ').trim());
  return rows.length > 0 ? rows.join('; ') : change.kind;
}

/** Whether the change must run before the rest can be planned (resource service principals, adoption). */
export function isPreparation(change: Change): boolean {
  return CHANGE_KINDS[change.kind].preparation;
}

/** The permissions the change adds (before classification), or null. */
export function toAddedAccess(change: Change): AddedAccess | null {
  return specOf(change).addsAccess?.(change) ?? null;
}
