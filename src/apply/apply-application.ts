// Executors of the application and service-principal changes: create (upsert by uniqueName),
// update, adopt, the app's service principal and missing first-party resource service principals.
import { GraphError } from '../errors.js';
import { RESOURCE_SELECT, toResourceServicePrincipal } from '../graph/graph-shapes.js';
import { isReplicationDelay } from '../graph/retry-policy.js';
import { usesOwnClientId, withOwnClientId } from '../model/entitlements.js';
import {
  createServicePrincipal,
  setUniqueName,
  updateApplication,
  upsertApplication,
} from '../graph/write-application.js';
import type { ChangeOf } from '../plan/change-kinds.js';
import type { ApplyContext, Learned, RunIds } from './apply-context.js';

/** Creates the application idempotently (upsert by uniqueName) and learns its ids. */
export async function applyCreateApplication(
  change: ChangeOf<'createApplication'>,
  _ids: unknown,
  ctx: ApplyContext,
): Promise<Learned> {
  const { id, appId, created } = await upsertApplication(ctx.graph, change.application);
  const verb = created ? 'Created' : 'Updated';
  ctx.logger.info(`${verb} application "${change.application.displayName}" (appId ${appId})`);
  return { applicationId: id, appId };
}

/** Patches the application's differing properties. */
export async function applyUpdateApplication(
  change: ChangeOf<'updateApplication'>,
  ids: Pick<RunIds, 'applicationId' | 'appId'>,
  ctx: ApplyContext,
): Promise<Learned> {
  const { identifierUris } = change.patch;
  // identifierUris may name the app's own client ID, known once the app exists.
  const patch = identifierUris?.some(usesOwnClientId)
    ? { ...change.patch, identifierUris: identifierUris.map((u) => withOwnClientId(u, ids.appId)) }
    : change.patch;
  await updateApplication(ctx.graph, ids.applicationId, patch);
  ctx.logger.info(`Updated application: ${change.diffs.map((d) => d.property).join(', ')}`);
  return {};
}

/** Gives an existing app (same displayName, no uniqueName) the profile's uniqueName, so later runs find it. */
export async function applyAdoptApplication(
  change: ChangeOf<'adoptApplication'>,
  _ids: unknown,
  ctx: ApplyContext,
): Promise<Learned> {
  await setUniqueName(ctx.graph, change.id, change.uniqueName);
  ctx.logger.info(
    `Adopted application "${change.displayName}" (appId ${change.appId}) as uniqueName ${change.uniqueName}`,
  );
  return { applicationId: change.id, appId: change.appId };
}

/** Creates the app's service principal, waiting while Graph does not see the new application yet. */
export async function applyCreateServicePrincipal(
  _change: ChangeOf<'createServicePrincipal'>,
  ids: Pick<RunIds, 'appId'>,
  ctx: ApplyContext,
): Promise<Learned> {
  const sp = await createServicePrincipal(ctx.graph, ids.appId, ['id', 'appId']);
  ctx.logger.info(`Created service principal ${sp.id} for appId ${ids.appId}`);
  return { servicePrincipalId: sp.id };
}

/** Creates a first-party resource's service principal in the tenant (e.g. Office 365 Exchange Online). */
export async function applyCreateResourceServicePrincipal(
  change: ChangeOf<'createResourceServicePrincipal'>,
  _ids: unknown,
  ctx: ApplyContext,
): Promise<Learned> {
  // The OwnedBy 403 is a replication delay only for the app's own service principal; for Microsoft's
  // resource (an app of another tenant) it is final: only Application.ReadWrite.All may create it.
  const retryWhile = (e: GraphError): boolean => isReplicationDelay(e) && e.status !== 403;
  let raw: Record<string, unknown>;
  try {
    raw = await createServicePrincipal(ctx.graph, change.appId, RESOURCE_SELECT, retryWhile);
  } catch (err) {
    if (!(err instanceof GraphError) || err.status !== 403) throw err;
    throw new Error(
      `${change.displayName} has no service principal in this tenant, and the signed-in identity may not create it: ` +
        `with Application.ReadWrite.OwnedBy, Graph creates service principals only for apps of this tenant. Create it once ` +
        `(az ad sp create --id ${change.appId}, or New-MgServicePrincipal -AppId ${change.appId}), or grant the identity Application.ReadWrite.All.`,
      { cause: err },
    );
  }
  const sp = toResourceServicePrincipal(raw);
  ctx.logger.info(`Created service principal for "${change.displayName}" (appId ${change.appId})`);
  return { resource: { appId: sp.appId, id: sp.id } };
}
