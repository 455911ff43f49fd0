// The profile's `owners`, `servicePrincipal` and `assignments` (validated by the schema) → their
// spec shapes. A key the profile leaves out is not managed (null or absent).
import type {
  AssignmentSpec,
  PrincipalRef,
  PrincipalType,
  ServicePrincipalSettings,
} from '../model/directory.js';
import { isMapping } from './key-path.js';

const PRINCIPAL_KEYS: PrincipalType[] = ['user', 'group', 'servicePrincipal'];

/** Owners: a string names a user (UPN or object id); `{ servicePrincipal: appId }` a service principal. */
export function toOwnerRefs(value: unknown): PrincipalRef[] | null {
  if (!Array.isArray(value)) return null;
  return value.flatMap((entry): PrincipalRef[] => {
    if (typeof entry === 'string') return [{ type: 'user', name: entry.trim() }];
    return isMapping(entry) ? toPrincipalRefs(entry) : [];
  });
}

/** The enterprise app settings the profile names (only those). */
export function toServicePrincipalSettings(value: unknown): ServicePrincipalSettings {
  if (!isMapping(value)) return {};
  const settings: ServicePrincipalSettings = {};
  if (typeof value.appRoleAssignmentRequired === 'boolean')
    settings.appRoleAssignmentRequired = value.appRoleAssignmentRequired;
  if (Array.isArray(value.tags)) settings.tags = value.tags.map(String);
  if ('notes' in value) settings.notes = typeof value.notes === 'string' ? value.notes : null;
  if (Array.isArray(value.notificationEmailAddresses))
    settings.notificationEmailAddresses = value.notificationEmailAddresses.map(String);
  if ('preferredSingleSignOnMode' in value)
    settings.preferredSingleSignOnMode =
      typeof value.preferredSingleSignOnMode === 'string' ? value.preferredSingleSignOnMode : null;
  return settings;
}

/** Assignments: one of user / group / servicePrincipal, and the role's value (absent: default access). */
export function toAssignmentSpecs(value: unknown): AssignmentSpec[] | null {
  if (!Array.isArray(value)) return null;
  return value.filter(isMapping).flatMap((entry) =>
    toPrincipalRefs(entry).map((principal) => ({
      principal,
      role: typeof entry.role === 'string' ? entry.role.trim() : null,
    })),
  );
}

/** The principal keys an entry names (the profile check makes sure it is exactly one). */
export function toPrincipalRefs(entry: Record<string, unknown>): PrincipalRef[] {
  return PRINCIPAL_KEYS.flatMap((type) => {
    const name = entry[type];
    return typeof name === 'string' ? [{ type, name: name.trim() }] : [];
  });
}
