// The plan for numbered instances the profile no longer asks for (instances reduced from 7 to 5
// leaves "name-06" and "name-07"): deleted with prune, otherwise only reported. Pure: no I/O.
import { MANAGED_TAG } from '../model/well-known.js';
import type { Change, Plan } from './changes.js';

/** An app registration whose uniqueName starts with the profile's uniqueName and a hyphen. */
export interface InstanceApplication {
  id: string;
  appId: string;
  displayName: string;
  uniqueName: string | null;
  tags: string[];
}

/** What the profile asks for: the un-numbered names, the number of instances, prune, and the base GitHub secret name. */
export interface InstanceRequest {
  uniqueName: string;
  displayName: string;
  count: number;
  prune: boolean;
  /** secret-name without the instance suffix; null when nothing is stored in GitHub. */
  secretName: string | null;
}

/**
 * Returns the plan that removes the managed instances numbered above `count` (all numbered ones when
 * the profile asks for a single, un-numbered app), or null when there are none. Without prune the
 * plan has no changes and a warning that names the apps it keeps.
 */
export function planSurplusInstances(
  request: InstanceRequest,
  found: readonly InstanceApplication[],
): Plan | null {
  const surplus = listSurplusInstances(request, found);
  if (surplus.length === 0) return null;
  const head = {
    target: `${request.uniqueName}-NN`,
    displayName: `${request.displayName} (surplus instances)`,
    isNew: false,
  };
  const names = surplus.map((s) => `"${s.app.displayName}" (appId ${s.app.appId})`).join(', ');
  if (!request.prune) {
    const message = `The profile asks for ${request.count} instance${request.count === 1 ? '' : 's'} of "${request.displayName}"; ${surplus.length} more exist and are kept: ${names}. Set prune: true to delete them.`;
    return { ...head, changes: [], notices: [{ level: 'warning', message }] };
  }
  const changes: Change[] = surplus.map(({ app, suffix }) => ({
    kind: 'deleteApplication',
    id: app.id,
    appId: app.appId,
    displayName: app.displayName,
    uniqueName: app.uniqueName ?? '',
    // The same name toSecretName gives an instance: secret-name with the two-digit suffix.
    secretName: request.secretName ? `${request.secretName}_${suffix}` : null,
  }));
  return { ...head, changes, notices: [] };
}

/** The managed apps named "<uniqueName>-NN" with NN above the count, in suffix order. */
function listSurplusInstances(
  request: InstanceRequest,
  found: readonly InstanceApplication[],
): Array<{ app: InstanceApplication; suffix: string }> {
  const prefix = `${request.uniqueName}-`.toLowerCase();
  const surplus: Array<{ app: InstanceApplication; suffix: string }> = [];
  for (const app of found) {
    const name = app.uniqueName?.toLowerCase() ?? '';
    const suffix = name.startsWith(prefix) ? name.slice(prefix.length) : '';
    // Only the action's own numbering: "name-06", not "name-backup" or an app someone else made.
    if (!/^\d{2}$/.test(suffix) || !app.tags.includes(MANAGED_TAG)) continue;
    const index = Number(suffix);
    // A single instance is un-numbered, so then every numbered one is surplus.
    if (request.count > 1 && index >= 1 && index <= request.count) continue;
    surplus.push({ app, suffix });
  }
  return surplus.sort((a, b) => a.suffix.localeCompare(b.suffix));
}
