// Finds the numbered instances of a profile ("name-01", "name-02", ...) in one request, so that
// surplus ones can be planned for removal. uniqueName supports startsWith in $filter.
// https://learn.microsoft.com/graph/api/resources/application#properties
import type { InstanceApplication } from '../plan/plan-instances.js';
import type { GraphClient } from './graph-client.js';
import { SAME_NAME_SELECT } from './graph-shapes.js';
import { toODataLiteral, toSelect } from './odata.js';

/** Returns the app registrations whose uniqueName starts with `${uniqueName}-` (every page). */
export async function readInstanceApplications(
  graph: GraphClient,
  uniqueName: string,
): Promise<InstanceApplication[]> {
  const filter = `$filter=startswith(uniqueName,${toODataLiteral(`${uniqueName}-`)})`;
  const apps = await graph.getAll<Record<string, unknown>>(
    `/applications?${filter}&${toSelect(SAME_NAME_SELECT)}&$top=999`,
  );
  return apps.map((a) => ({
    id: String(a.id),
    appId: String(a.appId),
    displayName: String(a.displayName),
    uniqueName: (a.uniqueName as string | null) ?? null,
    tags: (a.tags as string[] | undefined) ?? [],
  }));
}
