// Writes to the application object and service principals: each builds its URL and body, retries
// while Graph has not replicated a new object yet, and treats "already done" answers as done, so a
// retried write converges.
import type { DesiredApplication } from '../model/desired.js';
import type { EntitlementsWrite } from '../model/entitlements.js';
import { GraphError } from '../errors.js';
import type { GraphClient } from './graph-client.js';
import { toODataLiteral, toSelect } from './odata.js';
import { isReplicationDelay } from './retry-policy.js';

/** The ids of an application or service principal. */
export interface ObjectIds {
  id: string;
  appId: string;
}

/**
 * Creates the application idempotently with `PATCH /applications(uniqueName=…)` and
 * `Prefer: create-if-missing` (201 returns it; 204 means it already existed and was updated);
 * returns its ids and whether it was created.
 * https://learn.microsoft.com/graph/api/application-upsert
 */
export async function upsertApplication(
  graph: GraphClient,
  application: DesiredApplication,
): Promise<ObjectIds & { created: boolean }> {
  // The key is in the URL; uniqueName in the body would be a (no-op) write of an immutable property.
  // An api without a token version is left out, so Graph's default for the audience applies.
  const { uniqueName, api, ...rest } = application;
  const body = api?.requestedAccessTokenVersion == null ? rest : { ...rest, api };
  const path = `/applications(uniqueName=${toODataLiteral(uniqueName)})`;
  // A repeated upsert right after a create that has not replicated yet answers
  // "Another object with the same value for property uniqueName already exists."
  const retryWhile = (e: GraphError): boolean => isReplicationDelay(e) || isUniqueNameConflict(e);
  const created = await graph.patch<ObjectIds>(
    path,
    body,
    { Prefer: 'create-if-missing' },
    { retryWhile },
  );
  if (created?.id) return { id: created.id, appId: created.appId, created: true };
  const app = await graph.get<ObjectIds>(`${path}?${toSelect(['id', 'appId'])}`, undefined, {
    retryWhile: isReplicationDelay,
  });
  return { id: app.id, appId: app.appId, created: false };
}

/** Patches the given application properties. */
export async function updateApplication(
  graph: GraphClient,
  applicationId: string,
  patch: Partial<DesiredApplication>,
): Promise<void> {
  await graph.patch(`/applications/${applicationId}`, patch, undefined, {
    retryWhile: isReplicationDelay,
  });
}

/** Writes the app's roles and api whole (Graph replaces both collections on PATCH). */
export async function writeEntitlements(
  graph: GraphClient,
  applicationId: string,
  write: EntitlementsWrite,
): Promise<void> {
  await graph.patch(`/applications/${applicationId}`, toEntitlementsBody(write), undefined, {
    retryWhile: isReplicationDelay,
  });
}

/** The PATCH body of an entitlement write, in Graph's shapes. */
export function toEntitlementsBody(write: EntitlementsWrite): Record<string, unknown> {
  const scopes = write.api.oauth2PermissionScopes;
  const idOf = (scope: string): string => scopes.find((s) => s.value === scope)?.id ?? scope;
  return {
    appRoles: write.appRoles.map((role) => ({
      id: role.id,
      value: role.value,
      displayName: role.displayName,
      description: role.description ?? null,
      allowedMemberTypes: role.allowedMemberTypes,
      isEnabled: role.isEnabled,
      origin: 'Application',
    })),
    api: {
      requestedAccessTokenVersion: write.api.requestedAccessTokenVersion,
      oauth2PermissionScopes: scopes.map((scope) => ({
        id: scope.id,
        value: scope.value,
        type: scope.type,
        adminConsentDisplayName: scope.adminConsentDisplayName,
        adminConsentDescription: scope.adminConsentDescription ?? null,
        userConsentDisplayName: scope.userConsentDisplayName ?? null,
        userConsentDescription: scope.userConsentDescription ?? null,
        isEnabled: scope.isEnabled,
      })),
      preAuthorizedApplications: write.api.preAuthorizedApplications.map((p) => ({
        appId: p.appId,
        delegatedPermissionIds: p.scopes.map(idOf),
      })),
      knownClientApplications: write.api.knownClientApplications,
    },
  };
}

/** Gives an application without one a uniqueName (which cannot change afterwards). */
export async function setUniqueName(
  graph: GraphClient,
  applicationId: string,
  uniqueName: string,
): Promise<void> {
  await graph.patch(`/applications/${applicationId}`, { uniqueName });
}

/**
 * Creates the service principal of an appId and returns it with the selected properties; one that
 * already exists (a retry whose first attempt was applied, or a concurrent run) is read instead, as
 * POST /servicePrincipals is not idempotent. `retryWhile` defaults to isReplicationDelay.
 */
export async function createServicePrincipal(
  graph: GraphClient,
  appId: string,
  select: readonly string[],
  retryWhile: (e: GraphError) => boolean = isReplicationDelay,
): Promise<ObjectIds & Record<string, unknown>> {
  try {
    return await graph.post<ObjectIds & Record<string, unknown>>(
      '/servicePrincipals',
      { appId },
      undefined,
      { retryWhile },
    );
  } catch (err) {
    if (!(err instanceof GraphError) || !isAlreadyInUse(err)) throw err;
    return graph.get(
      `/servicePrincipals(appId=${toODataLiteral(appId)})?${toSelect(select)}`,
      undefined,
      { retryWhile: isReplicationDelay },
    );
  }
}

/** A client secret Graph generated; secretText is its only copy. */
export interface AddedPassword {
  keyId: string;
  secretText: string;
  /** Graph's; absent in some answers, when the requested one applies. */
  endDateTime?: string;
}

/** Adds a client secret (addPassword) and returns it with its value. */
export async function addPassword(
  graph: GraphClient,
  applicationId: string,
  passwordCredential: { displayName: string; endDateTime: string },
): Promise<AddedPassword> {
  return graph.post<AddedPassword>(
    `/applications/${applicationId}/addPassword`,
    { passwordCredential },
    undefined,
    { retryWhile: isReplicationDelay },
  );
}

/** Removes a client secret; one already gone (e.g. a retried removal that was applied) counts as removed. */
export async function removePassword(
  graph: GraphClient,
  applicationId: string,
  keyId: string,
): Promise<void> {
  try {
    await graph.post(`/applications/${applicationId}/removePassword`, { keyId });
  } catch (err) {
    if (
      !(err instanceof GraphError) ||
      !(
        err.status === 404 ||
        (err.status === 400 &&
          /no password credential|not found|does not exist/i.test(err.details.message))
      )
    )
      throw err;
  }
}

/** Returns the keyIds of the application's client secrets or certificates (one read). */
export async function readCredentialKeyIds(
  graph: GraphClient,
  applicationId: string,
  type: 'secret' | 'certificate',
): Promise<string[]> {
  const property = type === 'secret' ? 'passwordCredentials' : 'keyCredentials';
  const app = await graph.get<Record<string, Array<{ keyId?: string }> | undefined>>(
    `/applications/${applicationId}?$select=${property}`,
    undefined,
    { retryWhile: isReplicationDelay },
  );
  return (app[property] ?? []).flatMap((c) => (c.keyId ? [c.keyId] : []));
}

function isUniqueNameConflict(err: GraphError): boolean {
  return (
    err.status === 400 &&
    /same value for property uniqueName already exists/i.test(err.details.message)
  );
}

function isAlreadyInUse(err: GraphError): boolean {
  return (
    err.status === 409 ||
    (err.status === 400 && /already in use|already exists/i.test(err.details.message))
  );
}
