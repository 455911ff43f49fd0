// Several profiles in one run (the `profile` input, one per line): an API and the clients that ask
// for its permissions. A profile that names another one's app in `permissions` (by displayName or
// identifier URI) is reconciled after it, so the API exists when the client resolves
// its permission names.
import { InputError } from '../errors.js';
import type { ProfileSpec } from './types.js';

/** Returns the `profile` input's profile names or paths: one per non-empty line. */
export function splitProfileInput(profile: string | undefined | null): string[] {
  return (profile ?? '')
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
}

/** The names another profile may use for this one's API in `permissions[].resource`. */
function namesOf(spec: ProfileSpec): string[] {
  return [spec.displayName, ...spec.identifierUris.filter((u) => !usesPlaceholder(u))].map((name) =>
    name.toLowerCase(),
  );
}

/**
 * Returns the specs in an order where every API comes before the profiles that ask for its
 * permissions (otherwise as listed), each with the uniqueNames it waits for. Throws an InputError
 * when two profiles ask for each other's permissions.
 */
export function orderByDependency<T extends { spec: ProfileSpec }>(
  items: readonly T[],
): Array<T & { dependsOn: string[]; runApis: string[] }> {
  const pending = items.map((item) => ({
    item,
    dependsOn: items
      .filter((other) => other !== item && asksFor(item.spec, other.spec))
      .map((other) => other.spec.uniqueName),
  }));
  const ordered: Array<T & { dependsOn: string[]; runApis: string[] }> = [];
  const done = new Set<string>();
  while (pending.length > 0) {
    const next = pending.findIndex(({ dependsOn }) => dependsOn.every((d) => done.has(d)));
    const [ready] = next < 0 ? [] : pending.splice(next, 1);
    if (!ready) {
      throw new InputError(
        'profile',
        `The profiles ${pending.map((p) => p.item.spec.source).join(', ')} ask for each other's permissions, so none can be registered first. Expected an API profile that names no permission of its clients.`,
      );
    }
    const runApis = namesOfApis(ready.item.spec, items);
    ordered.push({ ...ready.item, dependsOn: ready.dependsOn, runApis });
    done.add(ready.item.spec.uniqueName);
  }
  return ordered;
}

/** The resource names in the client's permissions that name another profile of the run. */
function namesOfApis(client: ProfileSpec, items: ReadonlyArray<{ spec: ProfileSpec }>): string[] {
  const names = new Set(items.filter((i) => i.spec !== client).flatMap((i) => namesOf(i.spec)));
  return client.permissions.map((p) => p.resource).filter((r) => names.has(r.toLowerCase()));
}

function asksFor(client: ProfileSpec, api: ProfileSpec): boolean {
  const names = new Set(namesOf(api));
  return client.permissions.some((p) => names.has(p.resource.toLowerCase()));
}

// An identifier URI with `${{ app.clientId }}` is known only once the app exists.
function usesPlaceholder(text: string): boolean {
  return /\$\{\{\s*app\./.test(text);
}
