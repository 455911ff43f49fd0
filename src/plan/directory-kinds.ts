// The plan's side of the owner, enterprise app and assignment change kinds (see change-kinds.ts):
// owners and assignments are privilege changes, shown like application permissions.
import { formatPrincipal } from '../model/directory.js';
import type { ChangeKindSpec } from './change-kinds.js';
import type { OwnedObject, PropertyDiff } from './changes.js';
import {
  addRow,
  changeRow,
  listDelta,
  privilegeMarker,
  removeRow,
  type PlanRow,
} from './plan-rows.js';

const OBJECT_NAMES: Record<OwnedObject, string> = {
  application: 'application',
  servicePrincipal: 'enterprise app',
};

const SETTING_LABELS: Record<string, string> = {
  'servicePrincipal.appRoleAssignmentRequired': 'assignment required',
  'servicePrincipal.tags': 'tags',
  'servicePrincipal.notes': 'notes',
  'servicePrincipal.notificationEmailAddresses': 'notification emails',
  'servicePrincipal.preferredSingleSignOnMode': 'single sign-on mode',
};

/** How an assigned role reads in rows: its value, or "default access". */
function formatRole(role: string | null): string {
  return role ?? 'default access';
}

function settingRow(diff: PropertyDiff): PlanRow {
  const label = SETTING_LABELS[diff.property] ?? diff.property;
  if (Array.isArray(diff.to))
    return changeRow(
      'enterprise app',
      label,
      listDelta((diff.from ?? []) as string[], diff.to as string[]),
    );
  const show = (value: unknown): string =>
    value === null || value === undefined ? '(none)' : JSON.stringify(value);
  return changeRow('enterprise app', label, `${show(diff.from)} -> ${show(diff.to)}`);
}

export const DIRECTORY_KINDS = {
  addOwner: {
    rows: (c) => [
      addRow('owner', OBJECT_NAMES[c.on], formatPrincipal(c.principal), ...privilegeMarker('high')),
    ],
    preparation: false,
    addsAccess: (c) => ({
      resourceDisplayName: OBJECT_NAMES[c.on],
      kind: 'owner',
      values: [formatPrincipal(c.principal)],
    }),
  },
  removeOwner: {
    rows: (c) => [removeRow('owner', OBJECT_NAMES[c.on], formatPrincipal(c.principal))],
    preparation: false,
    addsAccess: null,
  },
  updateServicePrincipal: {
    rows: (c) => c.diffs.map(settingRow),
    preparation: false,
    addsAccess: null,
  },
  addAssignment: {
    rows: (c) => [
      addRow(
        'assignment',
        formatPrincipal(c.principal),
        formatRole(c.role),
        ...privilegeMarker('elevated'),
      ),
    ],
    preparation: false,
    addsAccess: (c) => ({
      resourceDisplayName: formatRole(c.role),
      kind: 'assignment',
      values: [formatPrincipal(c.principal)],
    }),
  },
  removeAssignment: {
    rows: (c) => [removeRow('assignment', formatPrincipal(c.principal), formatRole(c.role))],
    preparation: false,
    addsAccess: null,
  },
} satisfies {
  [
    K in
      'addOwner' | 'removeOwner' | 'updateServicePrincipal' | 'addAssignment' | 'removeAssignment'
  ]: ChangeKindSpec<K>;
};
