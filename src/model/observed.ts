// What the tenant (and GitHub) hold now for one app registration, as read before planning.
import type {
  AppRoleAssignment,
  Application,
  FederatedIdentityCredential,
  OAuth2PermissionGrant,
  ResourceServicePrincipal,
  ServicePrincipal,
} from './graph-types.js';

/** Metadata of the GitHub secret the credential is delivered to (values are never readable). */
export interface ObservedSecret {
  name: string;
  exists: boolean;
  updatedAt: string | null;
}

/** What the Key Vault secret's current version says it holds: the key-id tag written with it. */
export interface ObservedVaultSecret extends ObservedSecret {
  /** https://<vault>/secrets/<name>, without a version */
  url: string;
  /** keyId named by the current version's key-id tag; null when untagged or missing */
  keyId: string | null;
  recordCurrent: boolean;
}

export interface ObservedState {
  /** null when no application with the uniqueName exists. */
  application: Application | null;
  /** null when the application or its service principal does not exist. */
  servicePrincipal: ServicePrincipal | null;
  federatedIdentityCredentials: FederatedIdentityCredential[];
  /**
   * Resource service principals that exist in the tenant and are named by the profile or
   * referenced by the app's requiredResourceAccess, assignments or grants.
   */
  resources: ResourceServicePrincipal[];
  /** appRoleAssignments where principalId is the app's service principal. */
  appRoleAssignments: AppRoleAssignment[];
  /** oauth2PermissionGrants whose clientId is the app's service principal. */
  delegatedGrants: OAuth2PermissionGrant[];
  /**
   * Other applications with the same displayName whose uniqueName differs (or is unset): the
   * action must not create a look-alike or take one over without `adopt`.
   */
  sameNameApplications: Array<
    Pick<Application, 'id' | 'appId' | 'uniqueName' | 'displayName' | 'tags'>
  >;
  /** null when no credential is delivered to GitHub. */
  githubSecret: ObservedSecret | null;
  /** null or absent when no credential is delivered to Key Vault. */
  vaultSecret?: ObservedVaultSecret | null;
}
