// The plan: typed changes to one app registration, in the order they must run.
// Changes refer to "the app" and "its service principal" implicitly (they may not exist yet when
// the plan is made); resources are named by appId and resolved to object ids by the executor.
import type { DesiredApplication, ResolvedPermission } from '../model/desired.js';
import type { EntitlementsWrite } from '../model/entitlements.js';
import type { FederatedIdentityCredential } from '../model/graph-types.js';
import type { OwnedObject, Principal, ServicePrincipalSettings } from '../model/directory.js';

export type { OwnedObject } from '../model/directory.js';

/** One application property that differs, for display and for the PATCH body. */
export interface PropertyDiff {
  /** Graph property path, e.g. "web.redirectUris" or "displayName". */
  property: string;
  from: unknown;
  to: unknown;
}

export type Change =
  /** First-party resource (e.g. Office 365 Exchange Online) missing in the tenant: POST /servicePrincipals {appId}. */
  | { kind: 'createResourceServicePrincipal'; appId: string; displayName: string }
  /** PATCH /applications(uniqueName=…) with Prefer: create-if-missing. */
  | { kind: 'createApplication'; application: DesiredApplication }
  /**
   * Take over an existing app with the profile's displayName and no uniqueName (adopt: true):
   * PATCH /applications/{id} {uniqueName}. The caller re-reads and re-plans afterwards (needsReplan).
   */
  | { kind: 'adoptApplication'; id: string; appId: string; displayName: string; uniqueName: string }
  /** PATCH /applications/{id} with only the differing properties. */
  | { kind: 'updateApplication'; patch: Partial<DesiredApplication>; diffs: PropertyDiff[] }
  /**
   * Graph refuses to change or remove an enabled role or scope (CannotDeleteOrUpdateEnabledEntitlement):
   * this write sets isEnabled false on the ones that change or go, and changes nothing else.
   */
  | {
      kind: 'disableEntitlements';
      write: EntitlementsWrite;
      disabled: Array<{ what: 'app role' | 'scope'; value: string; reason: 'change' | 'remove' }>;
    }
  /** The app's roles, scopes, pre-authorized and known clients as the profile asks; new ones get a GUID. */
  | {
      kind: 'writeEntitlements';
      write: EntitlementsWrite;
      rows: EntitlementRow[];
      /** The last write, removing pruned roles once their assignments are gone. */
      afterAssignments?: true;
    }
  /** Display-only rows realised by createApplication/updateApplication's requiredResourceAccess. */
  | { kind: 'addPermission'; permission: ResolvedPermission }
  | { kind: 'removePermission'; permission: ResolvedPermission }
  | { kind: 'createServicePrincipal' }
  | { kind: 'addFederatedCredential'; credential: FederatedIdentityCredential }
  /** `from` is the current credential, for display. */
  | {
      kind: 'updateFederatedCredential';
      id: string;
      credential: FederatedIdentityCredential;
      from: FederatedIdentityCredential;
    }
  | { kind: 'removeFederatedCredential'; id: string; name: string }
  /** POST /servicePrincipals/{resource}/appRoleAssignedTo (admin consent for an application permission). */
  | { kind: 'grantAppRole'; permission: ResolvedPermission }
  /** resourceId is the resource SP's object id; appId, name and permission are null when the tenant no longer knows them. */
  | {
      kind: 'revokeAppRole';
      assignmentId: string;
      permission: ResolvedPermission | null;
      appRoleId: string;
      resourceId: string;
      resourceAppId: string | null;
      resourceDisplayName: string | null;
    }
  /** One AllPrincipals oauth2PermissionGrant per resource holding exactly the delegated scopes. */
  | {
      kind: 'createDelegatedGrant';
      resourceAppId: string;
      resourceDisplayName: string;
      scopes: string[];
    }
  | {
      kind: 'updateDelegatedGrant';
      grantId: string;
      resourceAppId: string;
      resourceDisplayName: string;
      from: string[];
      to: string[];
    }
  | {
      kind: 'deleteDelegatedGrant';
      grantId: string;
      resourceId: string;
      resourceAppId: string | null;
      resourceDisplayName: string | null;
      scopes: string[];
    }
  /** addPassword / certificate upload; displayName marks it as the action's and names the GitHub secret. */
  | {
      kind: 'addCredential';
      type: 'secret' | 'certificate';
      displayName: string;
      endDateTime: string;
      reason: RotationReason;
    }
  /**
   * Write the store's record naming the credential it holds, when the record is missing or older
   * than the secret (a run stopped between the two writes, or a version that kept no record).
   */
  | { kind: 'recordCredential'; secretName: string; keyId: string }
  /** Deliver the new credential to GitHub and/or Key Vault (only after addCredential). */
  | {
      kind: 'storeSecret';
      secretName: string;
      /** false when GitHub is not a store (secret-store: key-vault); absent means true. */
      github?: boolean;
      /** https://<vault>/secrets/<name> when Key Vault is a store. */
      keyVaultSecretUrl?: string;
      /**
       * Present when GitHub's secret exists: the value is replaced, so its record is marked pending
       * first (naming keyId, the credential the record named) and names the new one after.
       */
      replacing?: { keyId: string | null };
    }
  /** Prove the new credential works at the token endpoint before old ones are removed. */
  | { kind: 'verifyCredential' }
  | {
      kind: 'removeCredential';
      type: 'secret' | 'certificate';
      keyId: string;
      displayName: string;
      reason: RemovalReason;
    }
  /** POST /{applications|servicePrincipals}/{id}/owners/$ref. */
  | { kind: 'addOwner'; on: OwnedObject; principal: Principal }
  /** DELETE /{applications|servicePrincipals}/{id}/owners/{principal}/$ref (prune; never the deployer). */
  | { kind: 'removeOwner'; on: OwnedObject; principal: Principal }
  /** PATCH /servicePrincipals/{id} with the enterprise app settings that differ. */
  | { kind: 'updateServicePrincipal'; patch: ServicePrincipalSettings; diffs: PropertyDiff[] }
  /** POST /servicePrincipals/{id}/appRoleAssignedTo (a role this run creates has its id from the plan). */
  | { kind: 'addAssignment'; principal: Principal; role: string | null; appRoleId: string }
  /** DELETE /servicePrincipals/{id}/appRoleAssignedTo/{assignmentId} (prune). */
  | {
      kind: 'removeAssignment';
      assignmentId: string;
      principal: Principal;
      role: string | null;
      appRoleId: string;
    }
  /**
   * A numbered instance the profile no longer asks for (prune): DELETE /applications/{id}, then its
   * GitHub secret. Unlike the other changes it names its app, as it is not the plan's target.
   */
  | {
      kind: 'deleteApplication';
      id: string;
      appId: string;
      displayName: string;
      uniqueName: string;
      secretName: string | null;
    };

/** An app role or scope the entitlement writes touch, for display. */
export interface EntitlementRow {
  action: 'add' | 'change' | 'remove';
  what: 'app role' | 'scope' | 'pre-authorized' | 'known client';
  /** The role's or scope's value, or the client's appId. */
  name: string;
  /** What changes ("value A -> B", "User, Application"), or why (after its assignments). */
  detail: string;
}

export type RotationReason =
  | 'none-yet'
  | 'expiring'
  | 'secret-missing'
  | 'secret-stale'
  | 'held-deleted'
  | 'delivery-interrupted'
  | 'held-ambiguous'
  | 'vault-secret-missing'
  | 'vault-secret-stale'
  | 'certificate-changed'
  | 'forced';

/**
 * superseded: replaced by a newer (verified) credential; expired; pruned: credential type none with
 * prune; litter: created by the action after the credential GitHub holds, so GitHub never held it.
 */
export type RemovalReason = 'superseded' | 'expired' | 'pruned' | 'litter';

export type ChangeKind = Change['kind'];

/** A warning the planner found while planning (e.g. a credential expiring soon). */
export interface PlanNotice {
  level: 'warning' | 'notice';
  message: string;
}

export interface Plan {
  /** uniqueName of the app the plan is for. */
  target: string;
  displayName: string;
  /** true when the application does not exist yet. */
  isNew: boolean;
  changes: Change[];
  notices: PlanNotice[];
}
