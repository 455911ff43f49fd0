// A validated profile: what the user asked for, in the profile's friendly terms, before
// permission names are resolved against the tenant (see model/desired.ts for the resolved form).
import type { ProfileLocation } from '../errors.js';
import type { CredentialType, DesiredApplication } from '../model/desired.js';
import type { AssignmentSpec, PrincipalRef, ServicePrincipalSettings } from '../model/directory.js';
import type { DesiredApi } from '../model/entitlements.js';
import type { FederatedIdentityCredential, SignInAudience } from '../model/graph-types.js';

export interface PermissionSpec {
  /** Resource display name ("Microsoft Graph") or appId, as written in the profile. */
  resource: string;
  application: string[];
  delegated: string[];
}

export interface CredentialSpec {
  type: CredentialType;
  /** Lifetime in days; undefined means the input's or the default (180). */
  lifetimeDays?: number;
  /** Credential types the product accepts (a certificate-only profile lists only 'certificate'). */
  allowed: CredentialType[];
  /** Why a type is not allowed, quoted in the error when a user asks for it. */
  allowedReason?: string;
  /** The vendor asks for a secret that never expires: use the longest lifetime the tenant accepts. */
  neverExpire?: boolean;
}

/** How the product receives the values (profile `handoff`). */
export interface HandoffSpec {
  product: string;
  configuredByHand: boolean;
  form: string | null;
  fields: { clientId: string | null; tenantId: string | null; credential: string | null };
}

export interface ProfileSpec {
  /** Where the profile came from, for messages: built-in name, file path or "input app". */
  source: string;
  displayName: string;
  uniqueName: string;
  description: string | null;
  notes: string | null;
  signInAudience: SignInAudience;
  webRedirectUris: string[];
  publicClientRedirectUris: string[];
  isFallbackPublicClient: boolean | null;
  /** The profile's api.requestedAccessTokenVersion; null when it gives none. */
  requestedAccessTokenVersion: number | null;
  permissions: PermissionSpec[];
  credential: CredentialSpec;
  /** null when the profile says nothing about the product's side. */
  handoff?: HandoffSpec | null;
  federatedCredentials: FederatedIdentityCredential[];
  /** Owners of the app and its service principal; null or absent: not managed. */
  owners?: PrincipalRef[] | null;
  /** Enterprise app settings; absent keys are not managed. */
  servicePrincipal?: ServicePrincipalSettings;
  /** Users, groups and service principals given a role of the app; null or absent: not managed. */
  assignments?: AssignmentSpec[] | null;
  tags: string[];
  /** Application ID URIs (Graph identifierUris). */
  identifierUris: string[];
  /** Several identical apps (Commvault): a count, or mailboxes to compute it from. */
  instances: { count: number } | { mailboxes: number } | null;
  /** spa, web.logoutUrl/implicitGrantSettings, api scopes and clients, appRoles, claims, info; absent in specs built in code. */
  appSettings?: AppSettingsSpec;
  /**
   * Where each key path ("permissions[1].application[0]") was written: file, line and column, so
   * problems found after loading (permission names) point at the YAML line. Absent for specs built in code.
   */
  positions?: Readonly<Record<string, ProfileLocation>>;
}

/** The profile's application settings beyond redirect URIs and permissions, in Graph's shapes. */
export type AppSettingsSpec = Pick<
  DesiredApplication,
  'spa' | 'appRoles' | 'optionalClaims' | 'groupMembershipClaims' | 'info'
> & {
  web?: Pick<DesiredApplication['web'], 'logoutUrl' | 'implicitGrantSettings'>;
  api?: Partial<DesiredApi>;
};
