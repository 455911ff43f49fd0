// What the tenant (and GitHub) hold now for one app registration, as read before planning.
import type { Principal, PrincipalMatches } from './directory.js';
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

/** A store's secret with its record of which Entra credential it holds (see credentials/credential-store.ts). */
export interface HeldCredential extends ObservedSecret {
  /** keyId of the credential the store's record names; null when there is no record. */
  keyId: string | null;
  /**
   * false when the value was written after the record (a run stopped between the two writes, a hand
   * edit) or there is no record: the planner then infers the held credential from timestamps.
   */
  recordCurrent: boolean;
  /**
   * The keyId a run was storing when it stopped: the record still says "pending" (see
   * credentials/credential-store.ts), so the store may hold that credential, the one before
   * (`keyId`) or, for a PFX, a password and a PFX of different certificates.
   */
  interruptedKeyId?: string;
}

/** What the Key Vault secret's current version says it holds: the key-id tag written with it. */
export interface ObservedVaultSecret extends HeldCredential {
  /** https://<vault>/secrets/<name>, without a version */
  url: string;
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
  /** appRoleAssignedTo of the app's own service principal: who holds the app's roles. */
  appRoleAssignedTo?: AppRoleAssignment[];
  /** oauth2PermissionGrants whose clientId is the app's service principal. */
  delegatedGrants: OAuth2PermissionGrant[];
  /** Owners of the app and its service principal; absent when the profile does not manage owners. */
  owners?: { application: Principal[]; servicePrincipal: Principal[] };
  /** What each principal the profile names matched, and the deployer's service principal id. */
  directory?: { principals: PrincipalMatches[]; deployerId: string | null };
  /**
   * Other applications with the same displayName whose uniqueName differs (or is unset): the
   * action must not create a look-alike or take one over without `adopt`.
   */
  sameNameApplications: Array<
    Pick<Application, 'id' | 'appId' | 'uniqueName' | 'displayName' | 'tags'>
  >;
  /** null when no credential is delivered to GitHub. */
  githubSecret: ObservedSecret | HeldCredential | null;
  /** null or absent when no credential is delivered to Key Vault. */
  vaultSecret?: ObservedVaultSecret | null;
}
