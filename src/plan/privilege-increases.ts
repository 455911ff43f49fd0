// The privilege review of a plan: the changes that add elevated or high access, and the
// permissions they add, each once.
import type { Change, Plan } from './changes.js';
import { toAddedAccess } from './change-kinds.js';
import { type AddedAccess, classifyPermission } from './privilege.js';

/** A change that adds elevated or high access, with the permission values it adds. */
export interface PrivilegeIncrease extends AddedAccess {
  change: Change;
  /** The added permission values that are elevated or high. */
  values: string[];
  /** The highest level among values. */
  level: 'elevated' | 'high';
}

/** One elevated or high permission the plan adds. */
export interface PrivilegedPermission {
  resourceDisplayName: string;
  kind: AddedAccess['kind'];
  value: string;
  level: 'elevated' | 'high';
}

/** The changes that add elevated or high access (each kind's addsAccess), in plan order. */
export function listPrivilegeIncreases(plan: Plan): PrivilegeIncrease[] {
  return plan.changes.flatMap((change) => {
    const added = toAddedAccess(change);
    if (!added) return [];
    const levels = added.values.map((value) =>
      classifyPermission(added.kind, value, added.minimum),
    );
    const values = added.values.filter((_, i) => levels[i] !== 'normal');
    if (values.length === 0) return [];
    const level = levels.includes('high') ? 'high' : 'elevated';
    return [{ change, ...added, values, level }];
  });
}

/** Each elevated or high permission the plan adds, once (a permission and its consent count once), in plan order. */
export function listPrivilegedPermissions(plan: Plan): PrivilegedPermission[] {
  const seen = new Map<string, PrivilegedPermission>();
  for (const { resourceDisplayName, kind, values, minimum } of listPrivilegeIncreases(plan)) {
    for (const value of values) {
      const key = `${resourceDisplayName}\n${kind}\n${value}`;
      const level = classifyPermission(kind, value, minimum);
      if (!seen.has(key) && level !== 'normal')
        seen.set(key, { resourceDisplayName, kind, value, level });
    }
  }
  return [...seen.values()];
}
