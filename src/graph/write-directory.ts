// Graph writes behind owners, enterprise app settings and assignments. Each is idempotent: a
// retried add that finds the reference already there, or a remove that finds it gone, succeeds.
import { GraphError } from '../errors.js';
import type { OwnedObject, ServicePrincipalSettings } from '../model/directory.js';
import type { GraphClient } from './graph-client.js';
import { isReplicationDelay } from './retry-policy.js';

const COLLECTIONS: Record<OwnedObject, string> = {
  application: 'applications',
  servicePrincipal: 'servicePrincipals',
};

// "One or more added object references already exist for the following modified properties: 'owners'."
const alreadyThere = (e: GraphError): boolean =>
  e.status === 400 && /already exist/i.test(e.details.message);
// "One or more removed object references do not exist …", or the object is gone.
const alreadyGone = (e: GraphError): boolean =>
  e.status === 404 || (e.status === 400 && /do not exist/i.test(e.details.message));

/** Adds a directory object as owner: POST /{collection}/{id}/owners/$ref. */
export async function addOwnerReference(
  graph: GraphClient,
  on: OwnedObject,
  objectId: string,
  principalId: string,
): Promise<void> {
  // https://learn.microsoft.com/graph/api/application-post-owners
  const body = { '@odata.id': `${graph.graphEndpoint}/v1.0/directoryObjects/${principalId}` };
  await ignoring(alreadyThere, () =>
    graph.post(`/${COLLECTIONS[on]}/${objectId}/owners/$ref`, body, undefined, {
      retryWhile: isReplicationDelay,
    }),
  );
}

/** Removes an owner: DELETE /{collection}/{id}/owners/{principalId}/$ref. */
export async function removeOwnerReference(
  graph: GraphClient,
  on: OwnedObject,
  objectId: string,
  principalId: string,
): Promise<void> {
  await ignoring(alreadyGone, () =>
    graph.delete(`/${COLLECTIONS[on]}/${objectId}/owners/${principalId}/$ref`),
  );
}

/** Sets enterprise app properties: PATCH /servicePrincipals/{id}. */
export async function patchServicePrincipal(
  graph: GraphClient,
  servicePrincipalId: string,
  patch: ServicePrincipalSettings,
): Promise<void> {
  await graph.patch(`/servicePrincipals/${servicePrincipalId}`, patch, undefined, {
    retryWhile: isReplicationDelay,
  });
}

/** Assigns one of the app's roles: POST /servicePrincipals/{id}/appRoleAssignedTo. */
export async function addAppRoleAssignedTo(
  graph: GraphClient,
  servicePrincipalId: string,
  principalId: string,
  appRoleId: string,
): Promise<void> {
  // https://learn.microsoft.com/graph/api/serviceprincipal-post-approleassignedto
  const body = { principalId, resourceId: servicePrincipalId, appRoleId };
  await ignoring(alreadyThere, () =>
    graph.post(`/servicePrincipals/${servicePrincipalId}/appRoleAssignedTo`, body, undefined, {
      retryWhile: isReplicationDelay,
    }),
  );
}

/** Removes an assignment: DELETE /servicePrincipals/{id}/appRoleAssignedTo/{assignmentId}. */
export async function removeAppRoleAssignedTo(
  graph: GraphClient,
  servicePrincipalId: string,
  assignmentId: string,
): Promise<void> {
  await ignoring(alreadyGone, () =>
    graph.delete(`/servicePrincipals/${servicePrincipalId}/appRoleAssignedTo/${assignmentId}`),
  );
}

async function ignoring(
  settled: (e: GraphError) => boolean,
  write: () => Promise<unknown>,
): Promise<void> {
  try {
    await write();
  } catch (error) {
    if (!(error instanceof GraphError && settled(error))) throw error;
  }
}
