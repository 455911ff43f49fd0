// Applies the application and service-principal changes: create (upsert by uniqueName), update,
// adopt, the app's service principal and missing first-party resource service principals.
import type { Change } from '../plan/changes.js';
import { GraphError } from '../errors.js';
import { toResourceServicePrincipal, RESOURCE_SELECT } from '../graph/graph-shapes.js';
import { toODataLiteral, toSelect } from '../graph/odata.js';
import { isReplicationDelay } from '../graph/retry-policy.js';
import { usesOwnClientId, withOwnClientId } from '../model/entitlements.js';
import { requireAppId, requireApplicationId, type ApplyRun } from './apply-context.js';

type ChangeOf<K extends Change['kind']> = Extract<Change, { kind: K }>;
type Ids = { id: string; appId: string };

/**
 * Creates the application idempotently with `PATCH /applications(uniqueName=…)` and
 * `Prefer: create-if-missing` (201 returns it; 204 means it already existed and was updated).
 * https://learn.microsoft.com/graph/api/application-upsert
 */
export async function applyCreateApplication(
  run: ApplyRun,
  change: ChangeOf<'createApplication'>,
): Promise<void> {
  const { graph } = run.ctx;
  // The key is in the URL; uniqueName in the body would be a (no-op) write of an immutable property.
  // An api without a token version is left out, so Graph's default for the audience applies.
  const { uniqueName, api, ...rest } = change.application;
  const body = api?.requestedAccessTokenVersion == null ? rest : { ...rest, api };
  const path = `/applications(uniqueName=${toODataLiteral(uniqueName)})`;
  // A repeated upsert right after a create that has not replicated yet answers
  // "Another object with the same value for property uniqueName already exists."
  const retryWhile = (e: GraphError): boolean => isReplicationDelay(e) || isUniqueNameConflict(e);
  const created = await graph.patch<Ids>(
    path,
    body,
    { Prefer: 'create-if-missing' },
    { retryWhile },
  );
  const app = created?.id
    ? created
    : await graph.get<Ids>(`${path}?${toSelect(['id', 'appId'])}`, undefined, {
        retryWhile: isReplicationDelay,
      });
  run.applicationId = app.id;
  run.appId = app.appId;
  run.ctx.logger.info(
    `${created?.id ? 'Created' : 'Updated'} application "${change.application.displayName}" (appId ${app.appId})`,
  );
}

/** Patches the application's differing properties. */
export async function applyUpdateApplication(
  run: ApplyRun,
  change: ChangeOf<'updateApplication'>,
): Promise<void> {
  const id = requireApplicationId(run, 'update the application');
  const { identifierUris } = change.patch;
  // identifierUris may name the app's own client ID, known once the app exists.
  const patch = identifierUris?.some(usesOwnClientId)
    ? {
        ...change.patch,
        identifierUris: identifierUris.map((uri) =>
          withOwnClientId(uri, requireAppId(run, 'name the app in its identifier URIs')),
        ),
      }
    : change.patch;
  await run.ctx.graph.patch(`/applications/${id}`, patch, undefined, {
    retryWhile: isReplicationDelay,
  });
  run.ctx.logger.info(`Updated application: ${change.diffs.map((d) => d.property).join(', ')}`);
}

/** Gives an existing app (same displayName, no uniqueName) the profile's uniqueName, so later runs find it. */
export async function applyAdoptApplication(
  run: ApplyRun,
  change: ChangeOf<'adoptApplication'>,
): Promise<void> {
  await run.ctx.graph.patch(`/applications/${change.id}`, { uniqueName: change.uniqueName });
  run.applicationId = change.id;
  run.appId = change.appId;
  run.ctx.logger.info(
    `Adopted application "${change.displayName}" (appId ${change.appId}) as uniqueName ${change.uniqueName}`,
  );
}

/** Creates the app's service principal, waiting while Graph does not see the new application yet. */
export async function applyCreateServicePrincipal(run: ApplyRun): Promise<void> {
  const appId = requireAppId(run, 'create the service principal');
  const sp = await createServicePrincipalFor(run, appId, ['id', 'appId']);
  run.servicePrincipalId = sp.id;
  run.ctx.logger.info(`Created service principal ${sp.id} for appId ${appId}`);
}

/** Creates a first-party resource's service principal in the tenant (e.g. Office 365 Exchange Online). */
export async function applyCreateResourceServicePrincipal(
  run: ApplyRun,
  change: ChangeOf<'createResourceServicePrincipal'>,
): Promise<void> {
  // The OwnedBy 403 is a replication delay only for the app's own service principal; for Microsoft's
  // resource (an app of another tenant) it is final: only Application.ReadWrite.All may create it.
  const retryWhile = (e: GraphError): boolean => isReplicationDelay(e) && e.status !== 403;
  let raw: Ids & Record<string, unknown>;
  try {
    raw = await createServicePrincipalFor(run, change.appId, RESOURCE_SELECT, retryWhile);
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
  run.resourceIds.set(sp.appId, sp.id);
  run.ctx.logger.info(
    `Created service principal for "${change.displayName}" (appId ${change.appId})`,
  );
}

// POST /servicePrincipals is not idempotent: a conflict (after a retry whose first attempt was
// applied, or a concurrent run) means it exists, so it is read instead.
async function createServicePrincipalFor(
  run: ApplyRun,
  appId: string,
  select: readonly string[],
  retryWhile: (e: GraphError) => boolean = isReplicationDelay,
): Promise<Ids & Record<string, unknown>> {
  const { graph } = run.ctx;
  try {
    return await graph.post<Ids & Record<string, unknown>>(
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
