// Owners, enterprise app settings and assignments: add what the profile lists, and with prune
// remove what it does not (never the deployer as owner, never the tags Entra sets itself).
import type { DesiredState } from '../model/desired.js';
import {
  DEFAULT_ACCESS_ROLE_ID,
  type DesiredDirectory,
  ENTRA_SERVICE_PRINCIPAL_TAGS,
  type Principal,
  type ServicePrincipalSettings,
} from '../model/directory.js';
import type { AppRoleAssignment, ServicePrincipal } from '../model/graph-types.js';
import type { ObservedState } from '../model/observed.js';
import type { Change, OwnedObject, PropertyDiff } from './changes.js';
import { sameMembers, unionInOrder } from './string-sets.js';

/**
 * addOwner/removeOwner, updateServicePrincipal, addAssignment/removeAssignment, in that order.
 * `newRoleIds` (value → id) gives the ids the plan's earlier changes give roles the run creates.
 */
export function planDirectory(
  desired: DesiredState,
  observed: ObservedState,
  newRoleIds: ReadonlyMap<string, string> = new Map(),
): Change[] {
  const directory = desired.directory;
  if (!directory) return [];
  return [
    ...planOwners(directory, observed, desired.prune),
    ...planServicePrincipalSettings(
      directory.servicePrincipal,
      observed.servicePrincipal,
      desired.prune,
    ),
    ...planAssignments(directory, observed, desired.prune, newRoleIds),
  ];
}

/** The ids the plan's entitlement writes give roles, by value (the executor writes these ids). */
export function listNewRoleIds(changes: readonly Change[]): Map<string, string> {
  const ids = new Map<string, string>();
  for (const change of changes)
    if (change.kind === 'writeEntitlements')
      for (const role of change.write.appRoles) if (role.value) ids.set(role.value, role.id);
  return ids;
}

function planOwners(
  directory: DesiredDirectory,
  observed: ObservedState,
  prune: boolean,
): Change[] {
  const wanted = directory.owners;
  if (!wanted) return [];
  const current: Record<OwnedObject, Principal[]> = {
    application: observed.application ? (observed.owners?.application ?? []) : [],
    servicePrincipal: observed.servicePrincipal ? (observed.owners?.servicePrincipal ?? []) : [],
  };
  return (['application', 'servicePrincipal'] as const).flatMap((on): Change[] => {
    const has = new Set(current[on].map((p) => p.id));
    const adds = wanted
      .filter((p) => !has.has(p.id))
      .map((principal): Change => ({ kind: 'addOwner', on, principal }));
    const keep = new Set(wanted.map((p) => p.id));
    // The deployer stays an owner: with Application.ReadWrite.OwnedBy it could not manage the app otherwise.
    const removes = prune
      ? current[on]
          .filter((p) => !keep.has(p.id) && p.id !== directory.deployerId)
          .map((principal): Change => ({ kind: 'removeOwner', on, principal }))
      : [];
    return [...adds, ...removes];
  });
}

/** The settings a service principal has when it is created (Graph's defaults). */
const NEW_SERVICE_PRINCIPAL: Required<ServicePrincipalSettings> = {
  appRoleAssignmentRequired: false,
  tags: [],
  notes: null,
  notificationEmailAddresses: [],
  preferredSingleSignOnMode: null,
};

function planServicePrincipalSettings(
  wanted: ServicePrincipalSettings,
  sp: ServicePrincipal | null,
  prune: boolean,
): Change[] {
  const current: Required<ServicePrincipalSettings> = {
    appRoleAssignmentRequired: sp?.appRoleAssignmentRequired ?? false,
    tags: sp?.tags ?? [],
    notes: sp?.notes ?? null,
    notificationEmailAddresses: sp?.notificationEmailAddresses ?? [],
    preferredSingleSignOnMode: sp?.preferredSingleSignOnMode ?? null,
  };
  const base = sp ? current : NEW_SERVICE_PRINCIPAL;
  const target: ServicePrincipalSettings = { ...wanted };
  if (wanted.tags)
    target.tags = prune
      ? unionInOrder(
          wanted.tags,
          base.tags.filter((t) => ENTRA_SERVICE_PRINCIPAL_TAGS.includes(t)),
        )
      : unionInOrder(wanted.tags, base.tags);
  const patch: Record<string, unknown> = {};
  const diffs: PropertyDiff[] = [];
  for (const key of Object.keys(target) as Array<keyof ServicePrincipalSettings>) {
    const to = target[key];
    const from = base[key];
    const same = Array.isArray(to) ? sameMembers(to, from as string[]) : (to ?? null) === from;
    if (same) continue;
    patch[key] = to ?? null;
    diffs.push({ property: `servicePrincipal.${key}`, from, to: to ?? null });
  }
  return diffs.length ? [{ kind: 'updateServicePrincipal', patch, diffs }] : [];
}

function planAssignments(
  directory: DesiredDirectory,
  observed: ObservedState,
  prune: boolean,
  newRoleIds: ReadonlyMap<string, string>,
): Change[] {
  const wanted = directory.assignments?.map((w) => ({
    ...w,
    appRoleId: w.appRoleId ?? newRoleIds.get(w.role ?? '') ?? null,
  }));
  if (!wanted) return [];
  const current = observed.servicePrincipal ? (observed.appRoleAssignedTo ?? []) : [];
  const matches = (a: AppRoleAssignment, w: (typeof wanted)[number]): boolean =>
    a.principalId === w.principal.id && a.appRoleId === w.appRoleId;
  const adds = wanted
    .filter((w) => !current.some((a) => matches(a, w)))
    .map((w): Change => {
      if (w.appRoleId === null)
        throw new Error(`The plan gives the new role "${w.role ?? ''}" no id (a planner bug).`);
      return {
        kind: 'addAssignment',
        principal: w.principal,
        role: w.role,
        appRoleId: w.appRoleId,
      };
    });
  const removes = prune
    ? current
        .filter((a) => !wanted.some((w) => matches(a, w)))
        .map((a): Change => toRemoveAssignment(a, observed.servicePrincipal))
    : [];
  return [...adds, ...removes];
}

function toRemoveAssignment(a: AppRoleAssignment, sp: ServicePrincipal | null): Change {
  const role =
    a.appRoleId === DEFAULT_ACCESS_ROLE_ID
      ? null
      : (sp?.appRoles?.find((r) => r.id === a.appRoleId)?.value ?? a.appRoleId);
  return {
    kind: 'removeAssignment',
    assignmentId: a.id,
    appRoleId: a.appRoleId,
    role,
    principal: {
      id: a.principalId,
      type: toPrincipalType(a.principalType),
      displayName: a.principalDisplayName ?? a.principalId,
    },
  };
}

function toPrincipalType(principalType: string | undefined): Principal['type'] {
  if (principalType === 'Group') return 'group';
  if (principalType === 'ServicePrincipal') return 'servicePrincipal';
  return 'user';
}
