// Applies federated-credential and consent changes. They are independent of each other, so a run
// of them goes out in $batch calls (20 per call); each item is retried while Graph has not yet
// replicated the new app or service principal, and "already exists"/"not found" answers to a
// create/delete count as done, so a retry of a write that was applied converges.
import type { Change } from '../plan/changes.js';
import type { GraphError } from '../errors.js';
import type { BatchItemResult, BatchRequestItem } from '../graph/graph-client.js';
import { GRANT_SELECT, toPermissionGrant } from '../graph/graph-shapes.js';
import { toEqualsFilter, toODataLiteral, toSelect } from '../graph/odata.js';
import { isReplicationDelay } from '../graph/retry-policy.js';
import {
  requireApplicationId,
  requireResourceId,
  requireServicePrincipalId,
  type ApplyRun,
} from './apply-context.js';

type BatchableKind =
  | 'addFederatedCredential'
  | 'updateFederatedCredential'
  | 'removeFederatedCredential'
  | 'grantAppRole'
  | 'revokeAppRole'
  | 'createDelegatedGrant'
  | 'updateDelegatedGrant'
  | 'deleteDelegatedGrant';
type BatchableChange = Extract<Change, { kind: BatchableKind }>;

const BATCHABLE = new Set<string>([
  'addFederatedCredential',
  'updateFederatedCredential',
  'removeFederatedCredential',
  'grantAppRole',
  'revokeAppRole',
  'createDelegatedGrant',
  'updateDelegatedGrant',
  'deleteDelegatedGrant',
]);

/** Returns true for the changes applyConsentBatch carries out. */
export function isBatchableChange(change: Change): change is BatchableChange {
  return BATCHABLE.has(change.kind);
}

interface BatchedWrite {
  request: BatchRequestItem;
  /** Progress line once it is done. */
  done: string;
  /** true when this failure means the change is already in effect. */
  isDone?: (err: GraphError) => boolean;
  /** Follow-up when the failure says an equivalent object exists that must be brought in line. */
  converge?: (err: GraphError) => Promise<boolean>;
}

// Deletes are not retried on 404: the object is gone, which is what the change wants.
const retryWhile = (err: GraphError): boolean =>
  err.details.method !== 'DELETE' && isReplicationDelay(err);

/** Applies the changes in $batch calls; throws the first failure after every item has been tried. */
export async function applyConsentBatch(run: ApplyRun, changes: BatchableChange[]): Promise<void> {
  const writes = changes.map((change, i) => toBatchedWrite(run, change, `c${i}`));
  const results = await run.ctx.graph.batch(
    writes.map((w) => w.request),
    { retryWhile },
  );
  const failures: Error[] = [];
  for (const [i, result] of results.entries()) {
    const write = writes[i];
    if (await isSettled(write, result)) {
      run.ctx.logger.info(write.done);
    } else {
      failures.push(result.error as Error);
    }
  }
  if (failures.length > 1)
    for (const f of failures.slice(1)) run.ctx.logger.warning(f.message.split('\n')[0]);
  if (failures[0]) throw failures[0];
}

async function isSettled(write: BatchedWrite, result: BatchItemResult): Promise<boolean> {
  const error = result.error;
  if (!error) return true;
  if (!('details' in error)) return false;
  if (write.isDone?.(error)) return true;
  return (await write.converge?.(error)) ?? false;
}

const notFound = (e: GraphError): boolean => e.status === 404;

function toBatchedWrite(run: ApplyRun, change: BatchableChange, id: string): BatchedWrite {
  switch (change.kind) {
    case 'addFederatedCredential':
    case 'updateFederatedCredential':
    case 'removeFederatedCredential':
      return toFederatedCredentialWrite(run, change, id);
    default:
      return toConsentWrite(run, change, id);
  }
}

function toFederatedCredentialWrite(
  run: ApplyRun,
  change: Extract<BatchableChange, { kind: `${string}FederatedCredential` }>,
  id: string,
): BatchedWrite {
  switch (change.kind) {
    case 'addFederatedCredential': {
      const appId = requireApplicationId(run, 'add a federated credential');
      const { id: _ignored, ...credential } = change.credential;
      // Upsert by name: idempotent where POST would fail on a retry.
      // https://learn.microsoft.com/graph/api/federatedidentitycredential-upsert
      const url = `/applications/${appId}/federatedIdentityCredentials(name=${toODataLiteral(credential.name)})`;
      return {
        request: {
          id,
          method: 'PATCH',
          url,
          body: credential,
          headers: { Prefer: 'create-if-missing' },
        },
        done: `Added federated credential "${credential.name}" (${credential.subject})`,
      };
    }
    case 'updateFederatedCredential': {
      const appId = requireApplicationId(run, 'update a federated credential');
      const { id: _id, name: _name, ...fields } = change.credential;
      const url = `/applications/${appId}/federatedIdentityCredentials/${change.id}`;
      return {
        request: { id, method: 'PATCH', url, body: fields },
        done: `Updated federated credential "${change.credential.name}" (${change.credential.subject})`,
      };
    }
    case 'removeFederatedCredential': {
      const appId = requireApplicationId(run, 'remove a federated credential');
      const url = `/applications/${appId}/federatedIdentityCredentials/${change.id}`;
      return {
        request: { id, method: 'DELETE', url },
        done: `Removed federated credential "${change.name}"`,
        isDone: notFound,
      };
    }
  }
}

function toConsentWrite(
  run: ApplyRun,
  change: Exclude<BatchableChange, { kind: `${string}FederatedCredential` }>,
  id: string,
): BatchedWrite {
  switch (change.kind) {
    case 'grantAppRole': {
      const p = change.permission;
      const principalId = requireServicePrincipalId(run, `grant ${p.value}`);
      const resourceId = requireResourceId(
        run,
        p.resourceAppId,
        p.resourceDisplayName,
        `grant ${p.value}`,
      );
      const body = { principalId, resourceId, appRoleId: p.id };
      return {
        request: {
          id,
          method: 'POST',
          url: `/servicePrincipals/${resourceId}/appRoleAssignedTo`,
          body,
        },
        done: `Granted ${p.resourceDisplayName} ${p.value} (application)`,
        isDone: (e) => e.status === 400 && /already exists/i.test(e.details.message),
      };
    }
    case 'revokeAppRole': {
      const url = `/servicePrincipals/${change.resourceId}/appRoleAssignedTo/${change.assignmentId}`;
      const name = change.permission?.value ?? change.appRoleId;
      return {
        request: { id, method: 'DELETE', url },
        done: `Revoked ${change.resourceDisplayName ?? change.resourceId} ${name} (application)`,
        isDone: notFound,
      };
    }
    case 'createDelegatedGrant': {
      const clientId = requireServicePrincipalId(run, 'grant delegated permissions');
      const resourceId = requireResourceId(
        run,
        change.resourceAppId,
        change.resourceDisplayName,
        'grant delegated permissions',
      );
      const scope = change.scopes.join(' ');
      const body = { clientId, consentType: 'AllPrincipals', principalId: null, resourceId, scope };
      return {
        request: { id, method: 'POST', url: '/oauth2PermissionGrants', body },
        done: `Granted ${change.resourceDisplayName} ${scope} (delegated, all users)`,
        converge: (e) => convergeExistingGrant(run, e, clientId, resourceId, scope),
      };
    }
    case 'updateDelegatedGrant': {
      const scope = change.to.join(' ');
      return {
        request: {
          id,
          method: 'PATCH',
          url: `/oauth2PermissionGrants/${change.grantId}`,
          body: { scope },
        },
        done: `Set ${change.resourceDisplayName} delegated consent to ${scope}`,
      };
    }
    case 'deleteDelegatedGrant': {
      const url = `/oauth2PermissionGrants/${change.grantId}`;
      return {
        request: { id, method: 'DELETE', url },
        done: `Removed delegated consent on ${change.resourceDisplayName ?? change.resourceId}`,
        isDone: notFound,
      };
    }
  }
}

// "Permission entry already exists." — the grant was created by an earlier attempt (or by hand):
// bring its scope in line instead of creating a second one.
async function convergeExistingGrant(
  run: ApplyRun,
  err: GraphError,
  clientId: string,
  resourceId: string,
  scope: string,
): Promise<boolean> {
  if (err.status !== 400 || !/already exists/i.test(err.details.message)) return false;
  const { graph } = run.ctx;
  const grants = (
    await graph.getAll<Record<string, unknown>>(
      `/oauth2PermissionGrants?${toEqualsFilter('clientId', clientId)}&${toSelect(GRANT_SELECT)}`,
    )
  ).map(toPermissionGrant);
  const grant = grants.find(
    (g) => g.resourceId === resourceId && g.consentType === 'AllPrincipals',
  );
  if (!grant) return false;
  if (grant.scope.trim() !== scope)
    await graph.patch(`/oauth2PermissionGrants/${grant.id}`, { scope }, undefined, { retryWhile });
  return true;
}
