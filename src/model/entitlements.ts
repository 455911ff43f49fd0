// What an app publishes to others, as the profile asks for it: app roles, delegated permission
// scopes, pre-authorized clients and known clients. Ids of new roles and scopes are unknown until
// the executor writes them, so the desired shapes name them by `value` (an `id` only when given).
import type { AppRole, PermissionScope } from './graph-types.js';

/** Stands for the app's own client ID in identifierUris; resolved once the app exists. */
export const OWN_CLIENT_ID_PLACEHOLDER = '${{ app.clientId }}';

/** true when the string uses the app's own client ID placeholder (any spacing inside the braces). */
export function usesOwnClientId(value: string): boolean {
  return /\$\{\{\s*app\.clientId\s*\}\}/.test(value);
}

/** The string with the app's own client ID placeholder replaced by `appId`. */
export function withOwnClientId(value: string, appId: string): string {
  return value.replace(/\$\{\{\s*app\.clientId\s*\}\}/g, appId);
}

/** An app role the profile defines (Graph appRole; origin is always Application). */
export interface DesiredAppRole {
  /** Given only when the profile pins it (to keep assignments across a rename of `value`). */
  id?: string;
  value: string;
  displayName: string;
  description: string;
  allowedMemberTypes: string[];
  isEnabled: boolean;
}

/** A delegated permission the API publishes (Graph permissionScope). */
export interface DesiredScope {
  id?: string;
  value: string;
  type: 'User' | 'Admin';
  adminConsentDisplayName: string;
  adminConsentDescription: string;
  userConsentDisplayName: string | null;
  userConsentDescription: string | null;
  isEnabled: boolean;
}

/** A client that needs no consent for some of the API's scopes; scopes by value (or id). */
export interface DesiredPreAuthorized {
  appId: string;
  scopes: string[];
}

/** The profile's `api` beyond the access token version. */
export interface DesiredApi {
  oauth2PermissionScopes: DesiredScope[];
  preAuthorizedApplications: DesiredPreAuthorized[];
  knownClientApplications: string[];
}

/** A scope or role as the plan writes it (a new one with the GUID the planner gave it). */
export type PlannedScope = PermissionScope;
export type PlannedAppRole = AppRole;

/** The app's roles and its api as one write: PATCH /applications/{id} {appRoles, api}. */
export interface EntitlementsWrite {
  appRoles: PlannedAppRole[];
  api: {
    requestedAccessTokenVersion: number | null;
    oauth2PermissionScopes: PlannedScope[];
    /** Scopes by value (ids where the app no longer publishes them); the executor maps values to ids. */
    preAuthorizedApplications: Array<{ appId: string; scopes: string[] }>;
    knownClientApplications: string[];
  };
}
