// The $batch-able writes of one app: federated credentials, admin consent (app role assignments and
// delegated grants), and the deletion of an application.
import type { GraphError } from '../errors.js';
import type { FederatedIdentityCredential } from '../model/graph-types.js';
import type { GraphClient } from './graph-client.js';
import { GRANT_SELECT, toPermissionGrant } from './graph-shapes.js';
import { isAlreadyExists, isNotFound, retryWrite, type GraphWrite } from './graph-writes.js';
import { toEqualsFilter, toODataLiteral, toSelect } from './odata.js';

/**
 * Adds a federated credential by name: an upsert, idempotent where POST would fail on a retry.
 * https://learn.microsoft.com/graph/api/federatedidentitycredential-upsert
 */
export function upsertFederatedCredentialWrite(
  applicationId: string,
  credential: FederatedIdentityCredential,
): GraphWrite {
  return {
    request: {
      method: 'PATCH',
      url: `/applications/${applicationId}/federatedIdentityCredentials(name=${toODataLiteral(credential.name)})`,
      body: { name: credential.name, ...toFederatedCredentialFields(credential) },
      headers: { Prefer: 'create-if-missing' },
    },
  };
}

/** Updates a federated credential's fields (its name cannot change). */
export function updateFederatedCredentialWrite(
  applicationId: string,
  id: string,
  credential: FederatedIdentityCredential,
): GraphWrite {
  return {
    request: {
      method: 'PATCH',
      url: `/applications/${applicationId}/federatedIdentityCredentials/${id}`,
      body: toFederatedCredentialFields(credential),
    },
  };
}

/** Deletes a federated credential; one already gone counts as deleted. */
export function deleteFederatedCredentialWrite(applicationId: string, id: string): GraphWrite {
  return deleteWrite(`/applications/${applicationId}/federatedIdentityCredentials/${id}`);
}

/** Grants an application permission (admin consent); an assignment that exists counts as granted. */
export function grantAppRoleWrite(assignment: {
  principalId: string;
  resourceId: string;
  appRoleId: string;
}): GraphWrite {
  return {
    request: {
      method: 'POST',
      url: `/servicePrincipals/${assignment.resourceId}/appRoleAssignedTo`,
      body: {
        principalId: assignment.principalId,
        resourceId: assignment.resourceId,
        appRoleId: assignment.appRoleId,
      },
    },
    isDone: isAlreadyExists,
  };
}

/** Removes an app role assignment; one already gone counts as removed. */
export function revokeAppRoleWrite(resourceId: string, assignmentId: string): GraphWrite {
  return deleteWrite(`/servicePrincipals/${resourceId}/appRoleAssignedTo/${assignmentId}`);
}

/**
 * Creates the AllPrincipals delegated grant of a client on a resource. "Permission entry already
 * exists" means one was created by an earlier attempt (or by hand): its scope is brought in line
 * instead of creating a second one.
 */
export function createDelegatedGrantWrite(
  graph: GraphClient,
  grant: { clientId: string; resourceId: string; scope: string },
): GraphWrite {
  return {
    request: {
      method: 'POST',
      url: '/oauth2PermissionGrants',
      body: {
        clientId: grant.clientId,
        consentType: 'AllPrincipals',
        principalId: null,
        resourceId: grant.resourceId,
        scope: grant.scope,
      },
    },
    converge: (e) => convergeExistingGrant(graph, e, grant),
  };
}

/** Sets a delegated grant's scopes. */
export function updateDelegatedGrantWrite(grantId: string, scope: string): GraphWrite {
  return {
    request: { method: 'PATCH', url: `/oauth2PermissionGrants/${grantId}`, body: { scope } },
  };
}

/** Deletes a delegated grant; one already gone counts as deleted. */
export function deleteDelegatedGrantWrite(grantId: string): GraphWrite {
  return deleteWrite(`/oauth2PermissionGrants/${grantId}`);
}

/**
 * Deletes an application (restorable from Entra's deleted items for 30 days); one already gone
 * counts as deleted. https://learn.microsoft.com/graph/api/application-delete
 */
export function deleteApplicationWrite(applicationId: string): GraphWrite {
  return deleteWrite(`/applications/${applicationId}`);
}

// The fields a federated credential's write sends besides its name (the id is Graph's).
function toFederatedCredentialFields(
  c: FederatedIdentityCredential,
): Omit<FederatedIdentityCredential, 'id' | 'name'> {
  return {
    issuer: c.issuer,
    subject: c.subject,
    audiences: c.audiences,
    ...(c.description === undefined ? {} : { description: c.description }),
  };
}

// A delete converges: "not found" means a retry whose first attempt was applied, or gone already.
function deleteWrite(url: string): GraphWrite {
  return { request: { method: 'DELETE', url }, isDone: isNotFound };
}

async function convergeExistingGrant(
  graph: GraphClient,
  err: GraphError,
  wanted: { clientId: string; resourceId: string; scope: string },
): Promise<boolean> {
  if (!isAlreadyExists(err)) return false;
  const grants = (
    await graph.getAll<Record<string, unknown>>(
      `/oauth2PermissionGrants?${toEqualsFilter('clientId', wanted.clientId)}&${toSelect(GRANT_SELECT)}`,
    )
  ).map(toPermissionGrant);
  const grant = grants.find(
    (g) => g.resourceId === wanted.resourceId && g.consentType === 'AllPrincipals',
  );
  if (!grant) return false;
  if (grant.scope.trim() !== wanted.scope)
    await graph.patch(`/oauth2PermissionGrants/${grant.id}`, { scope: wanted.scope }, undefined, {
      retryWhile: retryWrite,
    });
  return true;
}
