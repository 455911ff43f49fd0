// ProfileSpec + the resource service principals → DesiredState: permission names resolve through
// the resource's appRoles (application) and oauth2PermissionScopes (delegated), as the portal does.
import { InputError } from '../errors.js';
import type {
  CredentialType,
  DesiredApplication,
  DesiredCredential,
  DesiredState,
  ResolvedPermission,
} from '../model/desired.js';
import type { RequiredResourceAccess, ResourceServicePrincipal } from '../model/graph-types.js';
import { findBuiltInResource } from '../model/built-in-permissions.js';
import { FIRST_PARTY_RESOURCES, MANAGED_TAG } from '../model/well-known.js';
import { describeAllowed } from './check-profile.js';
import { findClosestNames, formatSuggestion } from './closest-names.js';
import { isGuid } from '../model/guid.js';
import { formatKeyPath, formatValue, type KeyPath } from './key-path.js';
import { throwIfProblems, type ProfileProblem } from './profile-problems.js';
import { findPermission, findPermissionProblem } from './permission-lookup.js';
import { resolveDirectory, type DirectoryLookups } from './resolve-directory.js';
import type { ProfileSpec } from './types.js';
import { DEFAULT_FEDERATED_AUDIENCE } from './to-profile-spec.js';

/** Lifetime of a new credential when neither the profile nor the inputs set one. */
export const DEFAULT_LIFETIME_DAYS = 180;

/** How to find one resource service principal: by appId when known, else by displayName. */
export interface ResourceLookup {
  /** The resource as the profile writes it. */
  key: string;
  appId?: string;
  displayName?: string;
  /** An API named by its identifier URI (Application ID URI), e.g. api://contoso-orders. */
  identifierUri?: string;
}

/** The inputs that shape the desired state beside the profile. */
export interface DesiredStateOptions {
  /** The credential-type input; overrides the profile's credential.type. */
  credentialType?: CredentialType;
  /** The credential-lifetime-days input; overrides the profile's lifetimeDays and neverExpire. */
  lifetimeDays?: number;
  rotate: DesiredCredential['rotate'];
  rotateDaysBeforeExpiry: number;
  keep: number;
  secretName: string | null;
  prune: boolean;
  adopt: boolean;
  /** What the tenant answered for the profile's owners and assignments (absent: none read). */
  directory?: DirectoryLookups;
  /**
   * APIs (as `permissions[].resource` names them) that another profile of the run registers and
   * that may not exist yet (mode plan): their permissions are left for the run that applies them.
   */
  runApis?: readonly string[];
  /** Audience of a federated credential whose profile entry gives none: the cloud's token exchange. */
  federatedAudience?: string;
}

/** Returns one lookup per distinct resource in the profile: first-party names and GUIDs by appId, other names by displayName. */
export function listResourceLookups(spec: ProfileSpec): ResourceLookup[] {
  const lookups = new Map<string, ResourceLookup>();
  for (const { resource } of spec.permissions) {
    if (!lookups.has(resource)) lookups.set(resource, toLookup(resource));
  }
  return [...lookups.values()];
}

function toLookup(resource: string): ResourceLookup {
  const firstParty = Object.entries(FIRST_PARTY_RESOURCES).find(
    ([name]) => name.toLowerCase() === resource.toLowerCase(),
  );
  if (firstParty) return { key: resource, appId: firstParty[1], displayName: firstParty[0] };
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(resource) || /^urn:/i.test(resource))
    return { key: resource, identifierUri: resource };
  if (isGuid(resource)) {
    const appId = resource.toLowerCase();
    const known = Object.entries(FIRST_PARTY_RESOURCES).find(([, id]) => id === appId);
    return known ? { key: resource, appId, displayName: known[0] } : { key: resource, appId };
  }
  return { key: resource, displayName: resource };
}

/**
 * Returns the desired state, and the first-party resources whose service principal the tenant lacks
 * (their permissions resolve on a later call, once the executor has created them). Throws a
 * ProfileError listing every unknown permission or resource.
 */
export function buildDesiredState(
  spec: ProfileSpec,
  resources: readonly ResourceServicePrincipal[],
  options: DesiredStateOptions,
): { desired: DesiredState; missingResources: MissingResource[]; pendingApis: string[] } {
  const problems: ProfileProblem[] = [];
  const report: Report = (path, message) => {
    const at = spec.positions?.[formatKeyPath(path)] ?? { file: spec.source };
    problems.push({
      ...at,
      path: formatKeyPath(path),
      message: `${formatKeyPath(path)}: ${message}`,
    });
  };
  const runApis = new Set((options.runApis ?? []).map((name) => name.toLowerCase()));
  const pendingApis = spec.permissions
    .map((entry) => entry.resource)
    .filter((name) => runApis.has(name.toLowerCase()))
    .filter((name) => findResource(toLookup(name), resources).kind === 'missing');
  const { permissions, missingResources } = resolvePermissions(
    spec,
    resources,
    report,
    new Set(pendingApis),
  );
  const credential = toDesiredCredential(spec, options, report);
  const directory = resolveDirectory(spec, options.directory, report);
  throwIfProblems(spec.source, problems);
  return {
    desired: {
      application: {
        uniqueName: spec.uniqueName,
        displayName: spec.displayName,
        description: spec.description,
        notes: spec.notes,
        signInAudience: spec.signInAudience,
        tags: [...new Set([...spec.tags, MANAGED_TAG])],
        identifierUris: [...spec.identifierUris],
        isFallbackPublicClient: spec.isFallbackPublicClient,
        web: { redirectUris: [...spec.webRedirectUris], ...spec.appSettings?.web },
        publicClient: { redirectUris: [...spec.publicClientRedirectUris] },
        api: {
          requestedAccessTokenVersion: spec.requestedAccessTokenVersion,
          ...spec.appSettings?.api,
        },
        requiredResourceAccess: toRequiredResourceAccess(permissions),
        ...withoutWebAndApi(spec.appSettings),
      },
      permissions,
      federatedIdentityCredentials: spec.federatedCredentials.map((entry) => ({
        ...entry,
        audiences:
          entry.audiences.length > 0
            ? entry.audiences
            : [options.federatedAudience ?? DEFAULT_FEDERATED_AUDIENCE],
        description: entry.description ?? null,
      })),
      credential,
      prune: options.prune,
      adopt: options.adopt,
      ...(directory ? { directory } : {}),
      supersededAccess: listSupersededAccess(permissions, resources),
    },
    missingResources,
    pendingApis,
  };
}

/** The settings that sit at the application's top level (web and api merge into their objects). */
function withoutWebAndApi(settings: ProfileSpec['appSettings']): Partial<DesiredApplication> {
  if (!settings) return {};
  const { web: _web, api: _api, ...rest } = settings;
  return rest;
}

/** A first-party resource the tenant has no service principal for, with the permissions the profile asks of it ("full_access_as_app (application)"). */
export interface MissingResource {
  appId: string;
  displayName: string;
  permissions: string[];
}

type Report = (path: KeyPath, message: string) => void;

function resolvePermissions(
  spec: ProfileSpec,
  resources: readonly ResourceServicePrincipal[],
  report: Report,
  pending: ReadonlySet<string>,
): { permissions: ResolvedPermission[]; missingResources: MissingResource[] } {
  const missingResources: MissingResource[] = [];
  const permissions = new Map<string, ResolvedPermission>();
  spec.permissions.forEach((entry, index) => {
    if (pending.has(entry.resource)) return;
    const found = findResource(toLookup(entry.resource), resources);
    if (found.kind === 'ambiguous') {
      report(
        ['permissions', index, 'resource'],
        `${formatValue(entry.resource)} names ${found.appIds.length} service principals (appIds ${found.appIds.join(', ')}); expected the appId of the one meant.`,
      );
      return;
    }
    if (found.kind === 'missing') {
      const firstParty = found.firstParty;
      if (!firstParty)
        report(
          ['permissions', index, 'resource'],
          describeUnknownResource(entry.resource, resources),
        );
      else if (!missingResources.some((missing) => missing.appId === firstParty.appId)) {
        const permissions = [
          ...entry.application.map((name) => `${name} (application)`),
          ...entry.delegated.map((name) => `${name} (delegated)`),
        ];
        missingResources.push({ ...firstParty, permissions });
      }
      return;
    }
    for (const kind of ['application', 'delegated'] as const) {
      entry[kind].forEach((name, position) => {
        const permission = findPermission(found.resource, kind, name);
        if (permission)
          permissions.set(`${permission.resourceAppId}|${kind}|${permission.id}`, permission);
        else
          report(
            ['permissions', index, kind, position],
            findPermissionProblem(found.resource, kind, name),
          );
      });
    }
  });
  return { permissions: [...permissions.values()].sort(comparePermissions), missingResources };
}

type FoundResource =
  | { kind: 'found'; resource: ResourceServicePrincipal }
  | { kind: 'ambiguous'; appIds: string[] }
  | { kind: 'missing'; firstParty?: { appId: string; displayName: string } };

function findResource(
  lookup: ResourceLookup,
  resources: readonly ResourceServicePrincipal[],
): FoundResource {
  if (lookup.appId) {
    const appId = lookup.appId;
    const resource = resources.find((candidate) => candidate.appId.toLowerCase() === appId);
    if (resource) return { kind: 'found', resource };
    return {
      kind: 'missing',
      firstParty: lookup.displayName ? { appId, displayName: lookup.displayName } : undefined,
    };
  }
  const name = (lookup.displayName ?? lookup.key).toLowerCase();
  const uri = lookup.identifierUri?.toLowerCase();
  const matches = resources.filter((candidate) =>
    uri
      ? (candidate.servicePrincipalNames ?? []).some((n) => n.toLowerCase() === uri)
      : candidate.displayName.toLowerCase() === name,
  );
  if (matches.length === 1) return { kind: 'found', resource: matches[0] };
  if (matches.length > 1)
    return { kind: 'ambiguous', appIds: matches.map((match) => match.appId).sort() };
  return { kind: 'missing' };
}

function describeUnknownResource(
  resource: string,
  resources: readonly ResourceServicePrincipal[],
): string {
  const names = [
    ...Object.keys(FIRST_PARTY_RESOURCES),
    ...resources.map((candidate) => candidate.displayName),
  ];
  const suggestion = formatSuggestion(findClosestNames(resource, names, 3));
  const expected = `the display name or appId of an API the tenant has, e.g. ${Object.keys(FIRST_PARTY_RESOURCES).join(', ')}.`;
  // formatSuggestion ends in a question mark, so the expected form starts a new sentence after it.
  return `${formatValue(resource)} has no service principal in the tenant${suggestion ? `${suggestion} Expected ${expected}` : `; expected ${expected}`}`;
}

function toDesiredCredential(
  spec: ProfileSpec,
  options: DesiredStateOptions,
  report: Report,
): DesiredCredential {
  const { allowed, allowedReason, neverExpire, lifetimeDays } = spec.credential;
  const type = options.credentialType ?? spec.credential.type;
  if (!allowed.includes(type)) {
    const why = describeAllowed(spec.source, allowed, allowedReason);
    if (options.credentialType)
      throw new InputError(
        'credential-type',
        `Invalid input 'credential-type': '${type}' is not accepted: ${why}.`,
      );
    report(['credential', 'type'], `${formatValue(type)} is not accepted: ${why}.`);
  }
  return {
    type,
    // 0 asks the executor for the longest lifetime the tenant's policy accepts (see DesiredCredential.lifetimeDays).
    lifetimeDays:
      options.lifetimeDays ?? (neverExpire ? 0 : (lifetimeDays ?? DEFAULT_LIFETIME_DAYS)),
    rotate: options.rotate,
    rotateDaysBeforeExpiry: options.rotateDaysBeforeExpiry,
    keep: options.keep,
    secretName: options.secretName,
  };
}

function comparePermissions(a: ResolvedPermission, b: ResolvedPermission): number {
  return (
    a.resourceAppId.localeCompare(b.resourceAppId) ||
    a.kind.localeCompare(b.kind) ||
    a.value.localeCompare(b.value) ||
    a.id.localeCompare(b.id)
  );
}

/**
 * Returns, as requiredResourceAccess, the ids the built-in table gives for permissions the tenant
 * resolved to other ids (only for resources whose lists were read from the tenant).
 */
function listSupersededAccess(
  permissions: readonly ResolvedPermission[],
  resources: readonly ResourceServicePrincipal[],
): RequiredResourceAccess[] {
  const stale = permissions.flatMap((p) => {
    const resource = resources.find((r) => r.appId.toLowerCase() === p.resourceAppId);
    if (!resource || resource.permissionsFrom === 'built-in table') return [];
    const published = new Set(
      [...resource.appRoles, ...resource.oauth2PermissionScopes].map((e) => e.id.toLowerCase()),
    );
    const table = findBuiltInResource(p.resourceAppId)?.permissions ?? [];
    return table
      .filter((t) => t.kind === p.kind && t.value === p.value && !published.has(t.id))
      .map((t) => ({ ...p, id: t.id }));
  });
  return toRequiredResourceAccess(stale);
}

/** Returns requiredResourceAccess for resolved permissions: one entry per resource by appId, Roles before Scopes, each sorted by id. */
export function toRequiredResourceAccess(
  permissions: readonly ResolvedPermission[],
): RequiredResourceAccess[] {
  const byResource = new Map<string, RequiredResourceAccess>();
  for (const permission of permissions) {
    const entry = byResource.get(permission.resourceAppId) ?? {
      resourceAppId: permission.resourceAppId,
      resourceAccess: [],
    };
    entry.resourceAccess.push({
      id: permission.id,
      type: permission.kind === 'application' ? 'Role' : 'Scope',
    });
    byResource.set(permission.resourceAppId, entry);
  }
  return [...byResource.values()]
    .sort((a, b) => a.resourceAppId.localeCompare(b.resourceAppId))
    .map((entry) => ({
      ...entry,
      resourceAccess: entry.resourceAccess.sort(
        (a, b) => a.type.localeCompare(b.type) || a.id.localeCompare(b.id),
      ),
    }));
}
