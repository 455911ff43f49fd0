// Set operations on string lists with a stable order: Graph stores tags, redirect URIs and scopes
// as sets, so order and repeats never make a difference.

/** true when a and b hold the same strings, ignoring order and repeats (case-sensitive). */
export function sameMembers(a: readonly string[], b: readonly string[]): boolean {
  const left = new Set(a);
  const right = new Set(b);
  return left.size === right.size && [...left].every((item) => right.has(item));
}

/** a's strings, then b's strings that a lacks, without repeats. */
export function unionInOrder(a: readonly string[], b: readonly string[]): string[] {
  return [...new Set([...a, ...b])];
}

/** a's strings that b lacks, in a's order, without repeats. */
export function missingFrom(a: readonly string[], b: readonly string[]): string[] {
  const other = new Set(b);
  return [...new Set(a)].filter((item) => !other.has(item));
}

/** The values of a space-separated scope string, as oauth2PermissionGrant.scope holds them. */
export function splitScope(scope: string | null | undefined): string[] {
  return (scope ?? '').split(/\s+/).filter((value) => value.length > 0);
}
