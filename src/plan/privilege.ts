// How much access a permission gives, so a reviewer sees privilege increases before anything else.
import { findBuiltInResource } from '../model/built-in-permissions.js';
import type { ResolvedPermission } from '../model/desired.js';

/** normal: delegated, acts as the signed-in user; elevated: application permission; high: tenant-wide write or directory control. */
export type PrivilegeLevel = 'normal' | 'elevated' | 'high';

/** The permissions one change adds on one resource (each change kind says so in change-kinds.ts). */
export interface AddedAccess {
  resourceDisplayName: string;
  /** A permission's kind; owner and assignment for who owns or may use the app (profile owners, assignments). */
  kind: ResolvedPermission['kind'] | 'owner' | 'assignment';
  values: string[];
  /** The least level of these values whatever their names say (an API of another team: elevated). */
  minimum?: PrivilegeLevel;
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
  kind: AddedAccess['kind'],
  value: string,
  minimum: PrivilegeLevel = 'normal',
): PrivilegeLevel {
  // An owner can add credentials to the app and act as it with every permission it holds.
  if (kind === 'owner') return 'high';
  if (kind !== 'assignment' && HIGH_PRIVILEGE.some((pattern) => pattern.test(value))) return 'high';
  if (minimum !== 'normal') return minimum;
  return kind === 'delegated' ? 'normal' : 'elevated';
}

/**
 * The least level of a permission on this API: elevated for any API other than the Microsoft ones
 * the built-in table holds (another team's API: a reviewer should see who gets access to it).
 */
export function minimumLevelOf(resourceAppId: string): PrivilegeLevel {
  return findBuiltInResource(resourceAppId) ? 'normal' : 'elevated';
}
