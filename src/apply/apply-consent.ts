// Executors of the federated-credential and consent changes. They are independent of each other,
// so applyPlan sends a run of them in $batch calls: each returns its Graph write and the progress
// line to print once it is in effect.
import type { GraphWrite } from '../graph/graph-writes.js';
import {
  createDelegatedGrantWrite,
  deleteDelegatedGrantWrite,
  deleteFederatedCredentialWrite,
  grantAppRoleWrite,
  revokeAppRoleWrite,
  updateDelegatedGrantWrite,
  updateFederatedCredentialWrite,
  upsertFederatedCredentialWrite,
} from '../graph/write-consent.js';
import type { ChangeOf } from '../plan/change-kinds.js';
import type { ApplyContext, RunIds } from './apply-context.js';

/** A change's Graph write and the progress line once it is in effect. */
export interface BatchedChange {
  write: GraphWrite;
  done: string;
}

/** Adds a federated credential (upsert by name). */
export function toAddFederatedCredential(
  { credential }: ChangeOf<'addFederatedCredential'>,
  ids: Pick<RunIds, 'applicationId'>,
): BatchedChange {
  return {
    write: upsertFederatedCredentialWrite(ids.applicationId, credential),
    done: `Added federated credential "${credential.name}" (${credential.subject})`,
  };
}

/** Updates a federated credential. */
export function toUpdateFederatedCredential(
  change: ChangeOf<'updateFederatedCredential'>,
  ids: Pick<RunIds, 'applicationId'>,
): BatchedChange {
  return {
    write: updateFederatedCredentialWrite(ids.applicationId, change.id, change.credential),
    done: `Updated federated credential "${change.credential.name}" (${change.credential.subject})`,
  };
}

/** Removes a federated credential. */
export function toRemoveFederatedCredential(
  change: ChangeOf<'removeFederatedCredential'>,
  ids: Pick<RunIds, 'applicationId'>,
): BatchedChange {
  return {
    write: deleteFederatedCredentialWrite(ids.applicationId, change.id),
    done: `Removed federated credential "${change.name}"`,
  };
}

/** Grants an application permission to the app's service principal. */
export function toGrantAppRole(
  { permission: p }: ChangeOf<'grantAppRole'>,
  ids: Pick<RunIds, 'servicePrincipalId' | 'resourceId'>,
): BatchedChange {
  return {
    write: grantAppRoleWrite({
      principalId: ids.servicePrincipalId,
      resourceId: ids.resourceId,
      appRoleId: p.id,
    }),
    done: `Granted ${p.resourceDisplayName} ${p.value} (application)`,
  };
}

/** Revokes an app role assignment. */
export function toRevokeAppRole(change: ChangeOf<'revokeAppRole'>): BatchedChange {
  const name = change.permission?.value ?? change.appRoleId;
  return {
    write: revokeAppRoleWrite(change.resourceId, change.assignmentId),
    done: `Revoked ${change.resourceDisplayName ?? change.resourceId} ${name} (application)`,
  };
}

/** Grants delegated permissions for all users. */
export function toCreateDelegatedGrant(
  change: ChangeOf<'createDelegatedGrant'>,
  ids: Pick<RunIds, 'servicePrincipalId' | 'resourceId'>,
  ctx: ApplyContext,
): BatchedChange {
  const scope = change.scopes.join(' ');
  return {
    write: createDelegatedGrantWrite(ctx.graph, {
      clientId: ids.servicePrincipalId,
      resourceId: ids.resourceId,
      scope,
    }),
    done: `Granted ${change.resourceDisplayName} ${scope} (delegated, all users)`,
  };
}

/** Sets a delegated grant's scopes. */
export function toUpdateDelegatedGrant(change: ChangeOf<'updateDelegatedGrant'>): BatchedChange {
  const scope = change.to.join(' ');
  return {
    write: updateDelegatedGrantWrite(change.grantId, scope),
    done: `Set ${change.resourceDisplayName} delegated consent to ${scope}`,
  };
}

/** Removes a delegated grant. */
export function toDeleteDelegatedGrant(change: ChangeOf<'deleteDelegatedGrant'>): BatchedChange {
  return {
    write: deleteDelegatedGrantWrite(change.grantId),
    done: `Removed delegated consent on ${change.resourceDisplayName ?? change.resourceId}`,
  };
}
