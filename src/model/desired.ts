// The desired state of one app registration: what the profile and inputs ask for, with every
// permission name already resolved to its id on the resource service principal.
import type { DesiredDirectory } from './directory.js';
import type { DesiredApi, DesiredAppRole } from './entitlements.js';
import type {
  ApplicationSettings,
  FederatedIdentityCredential,
  ImplicitGrantSettings,
  InfoUrls,
  OptionalClaims,
  RequiredResourceAccess,
} from './graph-types.js';

/** Application properties the action owns, in Graph's names; `tags` always includes MANAGED_TAG. */
export interface DesiredApplication extends Omit<ApplicationSettings, 'web' | 'api'> {
  uniqueName: string;
  /** logoutUrl and implicitGrantSettings: absent leaves the app's as they are. */
  web: {
    redirectUris: string[];
    logoutUrl?: string;
    implicitGrantSettings?: ImplicitGrantSettings;
  };
  /** null leaves the app's access token version as it is; the rest is absent when not managed. */
  api?: { requestedAccessTokenVersion: number | null } & Partial<DesiredApi>;
  spa?: { redirectUris: string[] };
  appRoles?: DesiredAppRole[];
  /** Token types the profile names (the others are left as they are). */
  optionalClaims?: Partial<OptionalClaims>;
  groupMembershipClaims?: string;
  /** The URLs the profile names. */
  info?: Partial<InfoUrls>;
}

/** One permission, resolved: keyed by (resourceAppId, id) because ids repeat across resources. */
export interface ResolvedPermission {
  resourceAppId: string;
  resourceDisplayName: string;
  kind: 'application' | 'delegated';
  /** Permission value, e.g. "User.Read.All". */
  value: string;
  /** appRole id (application) or oauth2PermissionScope id (delegated). */
  id: string;
}

export type CredentialType = 'secret' | 'certificate' | 'none';

export interface DesiredCredential {
  type: CredentialType;
  /** Lifetime of a new credential in days; 0 means the longest the tenant's policy accepts (profile `neverExpire`). */
  lifetimeDays: number;
  rotate: 'auto' | 'always' | 'never';
  rotateDaysBeforeExpiry: number;
  /** How many of the action's older credentials to keep after a rotation (overlap for consumers). */
  keep: number;
  /** base64 SHA-1 thumbprint (Graph's customKeyIdentifier) of the certificate the user provides, if any: a different one on the app means upload it. */
  providedThumbprint?: string | null;
  /** Name of the GitHub secret the credential feeds; part of the credential's displayName. */
  secretName: string | null;
  /** Where the credential is stored; absent means GitHub only. */
  stores?: CredentialStores;
}

/** The secret stores a credential goes to (the secret-store and key-vault inputs). */
export interface CredentialStores {
  github: boolean;
  /** https://<vault>/secrets/<name> (no version) when Key Vault is a store. */
  keyVaultSecretUrl: string | null;
}

export interface DesiredState {
  application: DesiredApplication;
  permissions: ResolvedPermission[];
  federatedIdentityCredentials: FederatedIdentityCredential[];
  credential: DesiredCredential;
  /** Remove permissions, consent and federated credentials the profile no longer asks for. */
  prune: boolean;
  /** Take over an existing app that lacks MANAGED_TAG. */
  adopt: boolean;
  /** Owners, enterprise app settings and assignments; absent in states built before the profile had them. */
  directory?: DesiredDirectory;
  /**
   * Ids the built-in permission table gives for names the tenant publishes under other ids (a
   * renamed or replaced permission): dropped from requiredResourceAccess even without prune,
   * because the action itself may have written them.
   */
  supersededAccess?: RequiredResourceAccess[];
}
