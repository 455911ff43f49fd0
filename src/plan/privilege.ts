// How much access a permission gives, so a reviewer sees privilege increases before anything else.
import type { ResolvedPermission } from '../model/desired.js';
import type { Change, Plan } from './changes.js';
import { missingFrom } from './string-sets.js';

/** normal: delegated, acts as the signed-in user; elevated: application permission; high: tenant-wide write or directory control. */
export type PrivilegeLevel = 'normal' | 'elevated' | 'high';

const HIGH_PRIVILEGE = [
  /^full_access_as_app$/i,
  /^Sites\.FullControl\.All$/i,
  /\.ReadWrite\.All$/i,
  /^Directory\./i,
  /^AppRoleAssignment\.ReadWrite\.All$/i,
  /^Application\.ReadWrite\.All$/i,
  /^RoleManagement\./i,
];

/** The privilege level of one permission value of the given kind. */
export function classifyPermission(
  kind: ResolvedPermission['kind'],
  value: string,
): PrivilegeLevel {
  if (HIGH_PRIVILEGE.some((pattern) => pattern.test(value))) return 'high';
  return kind === 'application' ? 'elevated' : 'normal';
}

/** A change that adds elevated or high access, with the permission values it adds. */
export interface PrivilegeIncrease {
  change: Change;
  resourceDisplayName: string;
  kind: ResolvedPermission['kind'];
  /** The added permission values that are elevated or high. */
  values: string[];
  /** The highest level among values. */
  level: 'elevated' | 'high';
}

/** The addPermission/grantAppRole/createDelegatedGrant/updateDelegatedGrant changes that add elevated or high access, in plan order. */
export function listPrivilegeIncreases(plan: Plan): PrivilegeIncrease[] {
  return plan.changes.flatMap((change) => {
    const added = addedAccess(change);
    if (!added) return [];
    const levels = added.values.map((value) => classifyPermission(added.kind, value));
    const values = added.values.filter((_, i) => levels[i] !== 'normal');
    if (values.length === 0) return [];
    const level = levels.includes('high') ? 'high' : 'elevated';
    return [
      { change, resourceDisplayName: added.resourceDisplayName, kind: added.kind, values, level },
    ];
  });
}

function addedAccess(
  change: Change,
): { resourceDisplayName: string; kind: ResolvedPermission['kind']; values: string[] } | null {
  switch (change.kind) {
    case 'addPermission':
    case 'grantAppRole': {
      const { resourceDisplayName, kind, value } = change.permission;
      return { resourceDisplayName, kind, values: [value] };
    }
    case 'createDelegatedGrant':
      return {
        resourceDisplayName: change.resourceDisplayName,
        kind: 'delegated',
        values: change.scopes,
      };
    case 'updateDelegatedGrant':
      return {
        resourceDisplayName: change.resourceDisplayName,
        kind: 'delegated',
        values: missingFrom(change.to, change.from),
      };
    default:
      return null;
  }
}
