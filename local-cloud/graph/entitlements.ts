// The rules Graph applies to an application's app roles and delegated permission scopes on a
// create or PATCH: ids and values are unique within a collection (DuplicateValue), and an enabled
// role or scope cannot be changed or removed (CannotDeleteOrUpdateEnabledEntitlement): it must be
// disabled in an earlier write. Messages are the error catalog's.
import type { StoredApplication } from '../tenant.js';
import { badRequest, GraphFailure } from './errors.js';

type Entry = Record<string, unknown> & { id?: unknown; value?: unknown; isEnabled?: unknown };

const DUPLICATE = 'Request contains a property with duplicate values.';
const ENABLED = 'Permission (scope or role) cannot be deleted or updated unless disabled first.';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Throws Graph's 400 when `after`'s roles or scopes break a rule against `before` (undefined on create). */
export function assertEntitlementRules(
  after: StoredApplication,
  before: StoredApplication | undefined,
): void {
  const collections = [
    { target: 'appRoles', now: rolesOf(after), was: before ? rolesOf(before) : [] },
    { target: 'oauth2PermissionScopes', now: scopesOf(after), was: before ? scopesOf(before) : [] },
  ];
  for (const { target, now, was } of collections) {
    assertWellFormed(now, target);
    assertUnique(now, target);
    assertDisabledBeforeChange(now, was);
  }
  assertPreAuthorizedScopes(after);
}

function rolesOf(app: StoredApplication): Entry[] {
  return app.appRoles ?? [];
}

function scopesOf(app: StoredApplication): Entry[] {
  const scopes = app.api?.oauth2PermissionScopes;
  return Array.isArray(scopes) ? (scopes as Entry[]) : [];
}

function assertWellFormed(entries: Entry[], target: string): void {
  for (const entry of entries) {
    if (typeof entry.id !== 'string' || !GUID.test(entry.id))
      throw badRequest(
        `Invalid value specified for property '${target}' of resource 'Application'.`,
      );
  }
}

function assertUnique(entries: Entry[], target: string): void {
  const ids = entries.map((e) => String(e.id).toLowerCase());
  const values = entries.map((e) => e.value).filter((v): v is string => typeof v === 'string');
  if (new Set(ids).size !== ids.length || new Set(values).size !== values.length)
    throw new GraphFailure(400, 'DuplicateValue', DUPLICATE, [
      { code: 'DuplicateValue', message: DUPLICATE, target },
    ]);
}

// Only isEnabled may change on an enabled entry; anything else, or its absence, is refused.
function assertDisabledBeforeChange(now: Entry[], was: Entry[]): void {
  for (const old of was) {
    if (old.isEnabled !== true) continue;
    const next = now.find((e) => String(e.id).toLowerCase() === String(old.id).toLowerCase());
    if (!next || !sameExceptEnabled(old, next))
      throw new GraphFailure(400, 'CannotDeleteOrUpdateEnabledEntitlement', ENABLED);
  }
}

function sameExceptEnabled(a: Entry, b: Entry): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  keys.delete('isEnabled');
  keys.delete('origin');
  return [...keys].every(
    (key) => JSON.stringify(a[key] ?? null) === JSON.stringify(b[key] ?? null),
  );
}

// A pre-authorized client names scopes the app publishes, by id.
function assertPreAuthorizedScopes(app: StoredApplication): void {
  const clients = app.api?.preAuthorizedApplications;
  if (!Array.isArray(clients)) return;
  const ids = new Set(scopesOf(app).map((s) => String(s.id).toLowerCase()));
  for (const client of clients as Entry[]) {
    const scopes = client.delegatedPermissionIds;
    if (
      typeof client.appId !== 'string' ||
      !Array.isArray(scopes) ||
      scopes.some((id) => !ids.has(String(id).toLowerCase()))
    )
      throw badRequest(
        "Invalid value specified for property 'preAuthorizedApplications' of resource 'Application'.",
      );
  }
}
