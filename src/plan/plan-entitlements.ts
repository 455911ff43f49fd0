// The app's published roles and scopes, its pre-authorized and known clients: matched by value (or
// a pinned id), so existing ones keep their ids. Graph refuses to change or remove an enabled role
// or scope (CannotDeleteOrUpdateEnabledEntitlement), so those are disabled in a write of their own
// first; a pruned role that still has assignments goes only in a last write, after them.
import type { EntitlementsWrite, PlannedAppRole, PlannedScope } from '../model/entitlements.js';
import type { AppRole, Application } from '../model/graph-types.js';
import type { DesiredState } from '../model/desired.js';
import type { ObservedState } from '../model/observed.js';
import type { Change, EntitlementRow } from './changes.js';
import { missingFrom, sameMembers, unionInOrder } from './string-sets.js';

interface Matched<D, O> {
  desired: D;
  observed: O | undefined;
}

/** The entitlement writes that bring the app's roles and api to the profile (empty when they match). */
export function planEntitlements(
  desired: DesiredState,
  observed: ObservedState,
  newId: () => string = () => globalThis.crypto.randomUUID(),
): Change[] {
  const current = toWrite(observed.application);
  const { final, deferred } = planFinalWrite(desired, observed, newId);
  const rows = describeWrite(current, final);
  const changes: Change[] = [];
  if (rows.length > 0) {
    const disable = planDisable(current, final);
    if (disable) changes.push(disable);
    changes.push({ kind: 'writeEntitlements', write: final, rows });
  }
  if (deferred.length > 0) changes.push(planLastWrite(final, deferred));
  return changes;
}

/**
 * The roles and api as the profile asks, with the app's extras kept without prune; `deferred` are
 * pruned roles that still have assignments: kept (disabled) until the last write.
 */
function planFinalWrite(
  desired: DesiredState,
  observed: ObservedState,
  newId: () => string,
): { final: EntitlementsWrite; deferred: AppRole[] } {
  const app = observed.application;
  const wanted = desired.application;
  const { prune } = desired;
  const roles = match(wanted.appRoles ?? [], app?.appRoles ?? []);
  const scopes = match(
    wanted.api?.oauth2PermissionScopes ?? [],
    app?.api?.oauth2PermissionScopes ?? [],
  );
  const assigned = new Set((observed.appRoleAssignedTo ?? []).map((a) => a.appRoleId));
  const deferred = prune ? roles.extras.filter((r) => assigned.has(r.id)) : [];
  const plannedScopes = [
    ...scopes.pairs.map(({ desired: d, observed: o }) => toPlanned(d, o, newId)),
    ...(prune ? [] : scopes.extras),
  ];
  const current = toWrite(app);
  const known = wanted.api?.knownClientApplications ?? [];
  const final: EntitlementsWrite = {
    appRoles: [
      ...roles.pairs.map(({ desired: d, observed: o }) => toPlanned(d, o, newId)),
      ...(prune ? deferred.map((r) => ({ ...r, isEnabled: false })) : roles.extras),
    ],
    api: {
      requestedAccessTokenVersion:
        wanted.api?.requestedAccessTokenVersion ?? current.api.requestedAccessTokenVersion,
      oauth2PermissionScopes: plannedScopes,
      preAuthorizedApplications: planPreAuthorized(desired, current, plannedScopes),
      knownClientApplications: prune
        ? known
        : unionInOrder(known, current.api.knownClientApplications),
    },
  };
  return { final, deferred };
}

function planLastWrite(final: EntitlementsWrite, deferred: AppRole[]): Change {
  const ids = new Set(deferred.map((r) => r.id));
  return {
    kind: 'writeEntitlements',
    write: { ...final, appRoles: final.appRoles.filter((r) => !ids.has(r.id)) },
    rows: deferred.map((r) => ({
      action: 'remove',
      what: 'app role',
      name: r.value ?? r.id,
      detail: 'after its assignments are removed',
    })),
    afterAssignments: true,
  };
}

/** true for the last write of pruned roles that still have assignments: it runs after those are removed. */
export function isAfterAssignments(change: Change): boolean {
  return change.kind === 'writeEntitlements' && change.afterAssignments === true;
}

function match<
  D extends { id?: string; value: string },
  O extends { id: string; value: string | null },
>(desired: readonly D[], observed: readonly O[]): { pairs: Array<Matched<D, O>>; extras: O[] } {
  const used = new Set<string>();
  const pairs = desired.map((d) => {
    const found = d.id
      ? observed.find((o) => o.id === d.id)
      : observed.find((o) => o.value === d.value && !used.has(o.id));
    if (found) used.add(found.id);
    return { desired: d, observed: found };
  });
  return { pairs, extras: observed.filter((o) => !used.has(o.id)) };
}

// A desired role or scope as written: ids are stable, so the one the app has keeps, else the one the
// profile pins, else a new one.
function toPlanned<D extends { id?: string }>(
  d: D,
  o: { id: string } | undefined,
  newId: () => string,
): D & { id: string } {
  return { ...d, id: o?.id ?? d.id ?? newId() };
}

/** The app's current roles and api in the write's shape (pre-authorized scopes by value). */
function toWrite(app: Application | null): EntitlementsWrite {
  const scopes = app?.api?.oauth2PermissionScopes ?? [];
  const valueOf = (id: string): string => scopes.find((s) => s.id === id)?.value ?? id;
  return {
    appRoles: (app?.appRoles ?? []).map((r) => ({ ...r, description: r.description ?? null })),
    api: {
      requestedAccessTokenVersion: app?.api?.requestedAccessTokenVersion ?? null,
      oauth2PermissionScopes: scopes,
      preAuthorizedApplications: (app?.api?.preAuthorizedApplications ?? []).map((p) => ({
        appId: p.appId,
        scopes: p.delegatedPermissionIds.map(valueOf),
      })),
      knownClientApplications: app?.api?.knownClientApplications ?? [],
    },
  };
}

// Clients the profile names get exactly its scopes (with prune) or those added to theirs; a scope
// that is going away is dropped from every client.
function planPreAuthorized(
  desired: DesiredState,
  current: EntitlementsWrite,
  scopes: PlannedScope[],
): EntitlementsWrite['api']['preAuthorizedApplications'] {
  const published = (s: string): string | undefined =>
    scopes.find((scope) => scope.value === s || scope.id === s)?.value ?? undefined;
  const wanted = desired.application.api?.preAuthorizedApplications ?? [];
  const entries = wanted.map((w) => {
    const held =
      current.api.preAuthorizedApplications.find((p) => p.appId === w.appId)?.scopes ?? [];
    return { appId: w.appId, scopes: desired.prune ? w.scopes : unionInOrder(w.scopes, held) };
  });
  const kept = desired.prune
    ? []
    : current.api.preAuthorizedApplications.filter((p) => !wanted.some((w) => w.appId === p.appId));
  return [...entries, ...kept]
    .map((p) => ({ appId: p.appId, scopes: p.scopes.flatMap((s) => published(s) ?? []) }))
    .filter((p) => p.scopes.length > 0);
}

/** The disabling write, when an enabled role or scope is about to change or go. */
function planDisable(current: EntitlementsWrite, final: EntitlementsWrite): Change | null {
  const disabled: Extract<Change, { kind: 'disableEntitlements' }>['disabled'] = [];
  const disable = <T extends { id: string | null; value: string | null; isEnabled: boolean }>(
    what: 'app role' | 'scope',
    now: T[],
    next: T[],
    same: (a: T, b: T) => boolean,
  ): T[] =>
    now.map((entry) => {
      if (!entry.isEnabled) return entry;
      const after = next.find((n) => n.id === entry.id);
      // Only disabling it is a change Graph accepts in place (the final write does that).
      if (after && same({ ...entry, isEnabled: after.isEnabled }, after)) return entry;
      disabled.push({
        what,
        value: entry.value ?? entry.id ?? '',
        reason: after ? 'change' : 'remove',
      });
      return { ...entry, isEnabled: false };
    });
  const appRoles = disable('app role', current.appRoles, final.appRoles, sameRole);
  const scopes = disable(
    'scope',
    current.api.oauth2PermissionScopes,
    final.api.oauth2PermissionScopes,
    sameScope,
  );
  if (disabled.length === 0) return null;
  return {
    kind: 'disableEntitlements',
    write: { appRoles, api: { ...current.api, oauth2PermissionScopes: scopes } },
    disabled,
  };
}

function sameRole(a: PlannedAppRole, b: PlannedAppRole): boolean {
  return (
    a.value === b.value &&
    a.isEnabled === b.isEnabled &&
    (a.displayName ?? '') === (b.displayName ?? '') &&
    (a.description ?? '') === (b.description ?? '') &&
    sameMembers(a.allowedMemberTypes, b.allowedMemberTypes)
  );
}

const SCOPE_TEXTS = [
  'adminConsentDisplayName',
  'adminConsentDescription',
  'userConsentDisplayName',
  'userConsentDescription',
] as const;

function sameScope(a: PlannedScope, b: PlannedScope): boolean {
  return (
    a.value === b.value &&
    a.type === b.type &&
    a.isEnabled === b.isEnabled &&
    SCOPE_TEXTS.every((key) => (a[key] ?? '') === (b[key] ?? ''))
  );
}

function describeWrite(current: EntitlementsWrite, final: EntitlementsWrite): EntitlementRow[] {
  return [
    ...describeList('app role', current.appRoles, final.appRoles, sameRole, roleDetail),
    ...describeList(
      'scope',
      current.api.oauth2PermissionScopes,
      final.api.oauth2PermissionScopes,
      sameScope,
      (scope) => `${scope.type} consent${scope.isEnabled ? '' : ' (disabled)'}`,
    ),
    ...describeClients(current, final),
  ];
}

function roleDetail(role: PlannedAppRole): string {
  return `${role.allowedMemberTypes.join(', ')}${role.isEnabled ? '' : ' (disabled)'}`;
}

function describeList<T extends { id: string | null; value: string | null }>(
  what: 'app role' | 'scope',
  now: T[],
  next: T[],
  same: (a: T, b: T) => boolean,
  detail: (entry: T) => string,
): EntitlementRow[] {
  const rows: EntitlementRow[] = [];
  for (const entry of next) {
    const before = entry.id === null ? undefined : now.find((n) => n.id === entry.id);
    const name = entry.value ?? '';
    if (!before) rows.push({ action: 'add', what, name, detail: detail(entry) });
    else if (!same(before, entry))
      rows.push({ action: 'change', what, name, detail: describeDelta(before, entry) });
  }
  for (const entry of now)
    if (!next.some((n) => n.id === entry.id))
      rows.push({ action: 'remove', what, name: entry.value ?? entry.id ?? '', detail: '' });
  return rows;
}

function describeDelta(before: object, after: object): string {
  const b = before as Record<string, unknown>;
  const a = after as Record<string, unknown>;
  return Object.keys(a)
    .filter(
      (key) => key !== 'id' && JSON.stringify(b[key] ?? null) !== JSON.stringify(a[key] ?? null),
    )
    .map((key) =>
      key === 'value'
        ? `value ${String(b[key])} -> ${String(a[key])}`
        : key === 'isEnabled'
          ? a[key]
            ? 'enable'
            : 'disable'
          : key,
    )
    .join(', ');
}

function describeClients(current: EntitlementsWrite, final: EntitlementsWrite): EntitlementRow[] {
  const rows: EntitlementRow[] = [];
  const before = current.api.preAuthorizedApplications;
  for (const entry of final.api.preAuthorizedApplications) {
    const held = before.find((p) => p.appId === entry.appId);
    if (!held)
      rows.push({
        action: 'add',
        what: 'pre-authorized',
        name: entry.appId,
        detail: entry.scopes.join(' '),
      });
    else if (!sameMembers(held.scopes, entry.scopes))
      rows.push({
        action: 'change',
        what: 'pre-authorized',
        name: entry.appId,
        detail: `${held.scopes.join(' ')} -> ${entry.scopes.join(' ')}`,
      });
  }
  for (const held of before)
    if (!final.api.preAuthorizedApplications.some((p) => p.appId === held.appId))
      rows.push({
        action: 'remove',
        what: 'pre-authorized',
        name: held.appId,
        detail: held.scopes.join(' '),
      });
  const known = {
    now: current.api.knownClientApplications,
    next: final.api.knownClientApplications,
  };
  for (const id of missingFrom(known.next, known.now))
    rows.push({ action: 'add', what: 'known client', name: id, detail: '' });
  for (const id of missingFrom(known.now, known.next))
    rows.push({ action: 'remove', what: 'known client', name: id, detail: '' });
  return rows;
}
