// Application changes: create the app, or PATCH only the properties that differ, plus the
// display rows for the permissions its requiredResourceAccess adds or removes.
import type { DesiredApplication, DesiredState, ResolvedPermission } from '../model/desired.js';
import type {
  Application,
  RequiredResourceAccess,
  ResourceAccess,
  ResourceServicePrincipal,
} from '../model/graph-types.js';
import type { ObservedState } from '../model/observed.js';
import type { Change, PropertyDiff } from './changes.js';
import { missingFrom, sameMembers, unionInOrder } from './string-sets.js';
import {
  diffAppSettings,
  toCreatedApplication,
  withClientId,
  withObservedSettings,
} from './plan-app-settings.js';

/** createApplication or updateApplication (when anything differs), followed by the permission rows. */
export function planApplication(desired: DesiredState, observed: ObservedState): Change[] {
  const current = observed.application;
  const wanted = desired.application;
  if (!current) {
    const { application, laterUris } = toCreatedApplication(wanted);
    const before = application.identifierUris ?? [];
    // The app's own client ID exists only once the app does: those URIs follow in an update.
    const later: Change[] = laterUris
      ? [
          {
            kind: 'updateApplication',
            patch: { identifierUris: laterUris },
            diffs: [{ property: 'identifierUris', from: before, to: laterUris }],
          },
        ]
      : [];
    return [
      { kind: 'createApplication', application },
      ...later,
      ...permissionRows(wanted.requiredResourceAccess, [], desired, observed.resources),
    ];
  }
  const own = withClientId(wanted, current.appId);
  const union = desired.prune ? own : unionWithObserved(own, current, desired.supersededAccess);
  const target = withObservedSettings(union, current, desired.prune);
  const { patch, diffs } = diffApplication(target, current);
  if (diffs.length === 0) return [];
  return [
    { kind: 'updateApplication', patch, diffs },
    ...permissionRows(
      target.requiredResourceAccess,
      current.requiredResourceAccess,
      desired,
      observed.resources,
    ),
  ];
}

/** The desired application with what the app holds beyond it kept (prune: false never removes). */
export function unionWithObserved(
  desired: DesiredApplication,
  observed: Application,
  superseded: readonly RequiredResourceAccess[] = [],
): DesiredApplication {
  const isSuperseded = (resourceAppId: string, access: ResourceAccess): boolean =>
    superseded.some(
      (s) =>
        s.resourceAppId === resourceAppId &&
        s.resourceAccess.some((a) => a.id === access.id && a.type === access.type),
    );
  const kept = observed.requiredResourceAccess.map((r) => ({
    resourceAppId: r.resourceAppId,
    resourceAccess: r.resourceAccess.filter((a) => !isSuperseded(r.resourceAppId, a)),
  }));
  return {
    ...desired,
    tags: unionInOrder(desired.tags, observed.tags),
    identifierUris: unionInOrder(desired.identifierUris ?? [], observed.identifierUris ?? []),
    web: {
      ...desired.web,
      redirectUris: unionInOrder(desired.web.redirectUris, observed.web.redirectUris),
    },
    publicClient: {
      redirectUris: unionInOrder(
        desired.publicClient.redirectUris,
        observed.publicClient.redirectUris,
      ),
    },
    requiredResourceAccess: mergeResourceAccess([...desired.requiredResourceAccess, ...kept]),
  };
}

/**
 * The PATCH body and display diffs that turn `observed` into `target`. Collections are compared as
 * sets but patched whole, because Graph replaces a collection on PATCH.
 */
export function diffApplication(
  target: DesiredApplication,
  observed: Application,
): { patch: Partial<DesiredApplication>; diffs: PropertyDiff[] } {
  const patch: Partial<DesiredApplication> = {};
  const diffs: PropertyDiff[] = [];
  // K ties `patch[key]` to `target[key]`: without it the assignment does not type-check.
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters
  const record = <K extends keyof DesiredApplication>(
    key: K,
    same: boolean,
    property: string,
    from: unknown,
    to: unknown,
  ): void => {
    if (same) return;
    patch[key] = target[key];
    diffs.push({ property, from, to });
  };
  // uniqueName is set once, when an adopted app has none; Graph does not let it change afterwards.
  record(
    'uniqueName',
    observed.uniqueName !== null,
    'uniqueName',
    observed.uniqueName,
    target.uniqueName,
  );
  record(
    'displayName',
    target.displayName === observed.displayName,
    'displayName',
    observed.displayName,
    target.displayName,
  );
  record(
    'description',
    sameText(target.description, observed.description),
    'description',
    observed.description,
    target.description,
  );
  record('notes', sameText(target.notes, observed.notes), 'notes', observed.notes, target.notes);
  record(
    'signInAudience',
    target.signInAudience === observed.signInAudience,
    'signInAudience',
    observed.signInAudience,
    target.signInAudience,
  );
  record('tags', sameMembers(target.tags, observed.tags), 'tags', observed.tags, target.tags);
  const uris = sameMembers(target.identifierUris ?? [], observed.identifierUris ?? []);
  record('identifierUris', uris, 'identifierUris', observed.identifierUris, target.identifierUris);
  const fallback =
    (target.isFallbackPublicClient ?? false) === (observed.isFallbackPublicClient ?? false);
  record(
    'isFallbackPublicClient',
    fallback,
    'isFallbackPublicClient',
    observed.isFallbackPublicClient,
    target.isFallbackPublicClient,
  );
  const web = sameMembers(target.web.redirectUris, observed.web.redirectUris);
  record('web', web, 'web.redirectUris', observed.web.redirectUris, target.web.redirectUris);
  const publicClient = sameMembers(
    target.publicClient.redirectUris,
    observed.publicClient.redirectUris,
  );
  record(
    'publicClient',
    publicClient,
    'publicClient.redirectUris',
    observed.publicClient.redirectUris,
    target.publicClient.redirectUris,
  );
  // null in the profile leaves the version to the app (Graph's default differs per audience).
  const version = target.api?.requestedAccessTokenVersion ?? null;
  const observedVersion = observed.api?.requestedAccessTokenVersion ?? null;
  if (version !== null && version !== observedVersion) {
    // Graph replaces api whole: the rest of it goes back as the app holds it.
    // (Graph's shapes of the scopes and clients pass through unchanged.)
    patch.api = {
      ...observed.api,
      requestedAccessTokenVersion: version,
    } as DesiredApplication['api'];
    diffs.push({ property: 'api.requestedAccessTokenVersion', from: observedVersion, to: version });
  }
  diffAppSettings(target, observed, record);
  const access = sameMembers(
    accessKeys(target.requiredResourceAccess),
    accessKeys(observed.requiredResourceAccess),
  );
  record(
    'requiredResourceAccess',
    access,
    'requiredResourceAccess',
    observed.requiredResourceAccess,
    target.requiredResourceAccess,
  );
  return { patch, diffs };
}

// Graph returns null for an unset description or notes; an empty string means the same.
function sameText(a: string | null, b: string | null): boolean {
  return (a || null) === (b || null);
}

/** One entry per resource, each permission once, in first-seen order. */
export function mergeResourceAccess(entries: RequiredResourceAccess[]): RequiredResourceAccess[] {
  const byResource = new Map<string, ResourceAccess[]>();
  for (const entry of entries) {
    const list = byResource.get(entry.resourceAppId) ?? [];
    for (const access of entry.resourceAccess) {
      if (!list.some((known) => known.id === access.id && known.type === access.type))
        list.push(access);
    }
    byResource.set(entry.resourceAppId, list);
  }
  return [...byResource].map(([resourceAppId, resourceAccess]) => ({
    resourceAppId,
    resourceAccess,
  }));
}

/** requiredResourceAccess as comparable "resourceAppId type id" keys. */
function accessKeys(entries: RequiredResourceAccess[]): string[] {
  return entries.flatMap((entry) =>
    entry.resourceAccess.map((access) => `${entry.resourceAppId} ${access.type} ${access.id}`),
  );
}

function permissionRows(
  target: RequiredResourceAccess[],
  current: RequiredResourceAccess[],
  desired: DesiredState,
  resources: ResourceServicePrincipal[],
): Change[] {
  const after = accessKeys(target);
  const before = accessKeys(current);
  return [
    ...missingFrom(after, before).map((key): Change => ({
      kind: 'addPermission',
      permission: describeAccess(key, desired.permissions, resources),
    })),
    ...missingFrom(before, after).map((key): Change => ({
      kind: 'removePermission',
      permission: describeAccess(key, desired.permissions, resources),
    })),
  ];
}

/** The permission an access key names, from the profile or the resource's published roles and scopes; ids stand in when unknown. */
function describeAccess(
  key: string,
  permissions: ResolvedPermission[],
  resources: ResourceServicePrincipal[],
): ResolvedPermission {
  const [resourceAppId = '', type, id = ''] = key.split(' ');
  const kind = type === 'Role' ? 'application' : 'delegated';
  const known = permissions.find(
    (p) => p.resourceAppId === resourceAppId && p.id === id && p.kind === kind,
  );
  if (known) return known;
  const resource = resources.find((r) => r.appId === resourceAppId);
  const published = kind === 'application' ? resource?.appRoles : resource?.oauth2PermissionScopes;
  const value = published?.find((p) => p.id === id)?.value;
  return {
    resourceAppId,
    resourceDisplayName: resource?.displayName ?? resourceAppId,
    kind,
    value: value ?? id,
    id,
  };
}
