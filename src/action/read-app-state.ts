// Reads one app's state from the tenant, with first-party permission names resolved through the
// built-in table, and falls back to the tenant's own permission lists where the table is not enough.
import { GraphError } from '../errors.js';
import type { GraphClient } from '../graph/graph-client.js';
import {
  readObservedState,
  readResourcePermissions,
  type ReadStateResult,
} from '../graph/read-state.js';
import type { ResourceServicePrincipal } from '../model/graph-types.js';
import type { Plan } from '../plan/changes.js';
import { findBuiltInMisses } from '../profile/built-in-misses.js';
import { toDirectoryQuery } from '../profile/resolve-directory.js';
import { listResourceLookups } from '../profile/resolve-permissions.js';
import type { ProfileSpec } from '../profile/types.js';

/**
 * Returns the observed state of the profile's app. Resources whose table-backed lists lack a name
 * the profile asks for or an id the app holds, or that Graph refused a table id for (`refused`, by
 * appId), are read again with the tenant's lists, in one more round trip, and `log` says why.
 */
export async function readAppState(
  spec: ProfileSpec,
  graph: GraphClient,
  refused: ReadonlyMap<string, string> | undefined,
  log: (line: string) => void,
  deployerAppId: string | null = null,
): Promise<ReadStateResult> {
  const read = await readObservedState(graph, {
    uniqueName: spec.uniqueName,
    displayName: spec.displayName,
    resources: listResourceLookups(spec),
    directory: toDirectoryQuery(spec, deployerAppId),
  });
  for (const resource of new Set(read.resourcesByKey.values()))
    if (resource.permissionsFrom !== 'built-in table')
      log(
        `Resolving ${resource.displayName}'s permission names through the lists it publishes in this tenant: the action's built-in table covers only Microsoft's first-party APIs.`,
      );
  const misses = findBuiltInMisses(spec, {
    resourcesByKey: read.resourcesByKey,
    observed: read.observed,
    refused,
  });
  if (misses.length === 0) return read;
  for (const { resource, reasons } of misses)
    log(
      `Reading the permissions ${resource.displayName} publishes in this tenant, because the action's built-in table is not enough: ${reasons.join('; ')}.`,
    );
  const fromTenant = await readResourcePermissions(
    graph,
    misses.map((m) => m.resource),
  );
  const byId = new Map(fromTenant.map((r) => [r.id, r]));
  const swap = (r: ResourceServicePrincipal): ResourceServicePrincipal => byId.get(r.id) ?? r;
  return {
    observed: { ...read.observed, resources: read.observed.resources.map(swap) },
    resourcesByKey: new Map([...read.resourcesByKey].map(([key, r]) => [key, swap(r)])),
  };
}

/**
 * Returns the table-backed resources of the plan's app-role grants (by appId, with Graph's answer)
 * when `error` is Graph saying a role does not exist on the resource, else null.
 */
export function findRefusedResources(
  error: unknown,
  plan: Plan,
  resources: readonly ResourceServicePrincipal[],
): Map<string, string> | null {
  if (!(error instanceof GraphError) || !isUnknownRole(error)) return null;
  const refused = new Map<string, string>();
  for (const change of plan.changes) {
    if (change.kind !== 'grantAppRole') continue;
    const appId = change.permission.resourceAppId;
    const resource = resources.find((r) => r.appId === appId);
    if (resource?.permissionsFrom === 'built-in table')
      refused.set(appId, `Graph answered a consent write with "${error.details.message}"`);
  }
  return refused.size > 0 ? refused : null;
}

// https://learn.microsoft.com/graph/api/serviceprincipal-post-approleassignedto: an appRoleId the
// resource does not publish is a 400 whose message says the permission was not found.
function isUnknownRole(error: GraphError): boolean {
  return (
    error.status === 400 && /permission being assigned was not found/i.test(error.details.message)
  );
}
