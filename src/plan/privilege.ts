// How much access a permission gives, so a reviewer sees privilege increases before anything else.
import type { ResolvedPermission } from '../model/desired.js';

/** normal: delegated, acts as the signed-in user; elevated: application permission; high: tenant-wide write or directory control. */
export type PrivilegeLevel = 'normal' | 'elevated' | 'high';

/** The permissions one change adds on one resource (each change kind says so in change-kinds.ts). */
export interface AddedAccess {
  resourceDisplayName: string;
  kind: ResolvedPermission['kind'];
  values: string[];
}

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
