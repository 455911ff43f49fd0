// The shape of the first-party permission table. The rows themselves are generated from the shared
// permission catalog (first-party-permissions.generated.ts, scripts/generate-first-party-seed.ts):
// every app role and delegated scope Microsoft Graph, Exchange Online and SharePoint Online publish.

/** An app role: [id, value, displayName, description]. */
export type RoleRow = readonly [
  id: string,
  value: string,
  displayName: string,
  description: string,
];
/** A delegated scope: [id, value, adminConsentDisplayName, adminConsentDescription, type]. */
export type ScopeRow = readonly [
  id: string,
  value: string,
  displayName: string,
  description: string,
  type: 'Admin' | 'User' | null,
];

/** One first-party resource and the permissions it publishes. */
export interface FirstPartyDefinition {
  appId: string;
  displayName: string;
  appRoles: readonly RoleRow[];
  scopes: readonly ScopeRow[];
}

export { FIRST_PARTY_DEFINITIONS } from './first-party-permissions.generated.js';
