// One permission name (or id) looked up on a resource service principal, with the message that
// helps when it is not there: the closest names, or the other kind when it exists as that.
import type { ResolvedPermission } from '../model/desired.js';
import type { ResourceServicePrincipal } from '../model/graph-types.js';
import { findClosestNames, formatSuggestion } from './closest-names.js';
import { isGuid } from '../model/guid.js';
import { formatValue } from './key-path.js';

type Kind = ResolvedPermission['kind'];

interface Candidate {
  id: string;
  value: string;
}

/** Returns the application permissions (enabled app roles that applications may hold) or delegated permissions (enabled scopes) of a resource. */
export function listPermissions(resource: ResourceServicePrincipal, kind: Kind): Candidate[] {
  const entries =
    kind === 'application'
      ? resource.appRoles.filter(
          (role) => role.isEnabled && role.allowedMemberTypes.includes('Application'),
        )
      : resource.oauth2PermissionScopes.filter((scope) => scope.isEnabled);
  return entries
    .filter((entry): entry is typeof entry & { value: string } => Boolean(entry.value))
    .map(({ id, value }) => ({ id, value }));
}

/** Returns the permission `name` (a value such as User.Read.All, or an id) of that kind on the resource, or undefined. */
export function findPermission(
  resource: ResourceServicePrincipal,
  kind: Kind,
  name: string,
): ResolvedPermission | undefined {
  const candidates = listPermissions(resource, kind);
  const byId = isGuid(name)
    ? candidates.find((candidate) => candidate.id.toLowerCase() === name.toLowerCase())
    : undefined;
  // Exchange Online publishes some values twice under different ids; the lowest id keeps runs stable.
  const byValue = candidates
    .filter((candidate) => candidate.value === name)
    .sort((a, b) => a.id.localeCompare(b.id))[0];
  const match = byId ?? byValue;
  if (!match) return undefined;
  return {
    resourceAppId: resource.appId.toLowerCase(),
    resourceDisplayName: resource.displayName,
    kind,
    value: match.value,
    id: match.id.toLowerCase(),
  };
}

/** Returns why `name` is not a permission of that kind on the resource, and what would be. */
export function findPermissionProblem(
  resource: ResourceServicePrincipal,
  kind: Kind,
  name: string,
): string {
  const other: Kind = kind === 'application' ? 'delegated' : 'application';
  const api = resource.displayName;
  if (findPermission(resource, other, name)) {
    return `${name} is ${article(other)} ${other} permission of ${api}, not ${article(kind)} ${kind} one; expected it under ${other}.`;
  }
  const role = resource.appRoles.find((entry) => entry.value === name);
  if (kind === 'application' && role && !role.isEnabled)
    return `${name} is disabled on ${api}; expected an enabled application permission.`;
  if (kind === 'application' && role)
    return `${name} is an app role of ${api} that only users and groups can hold; expected an application permission.`;
  const scope = resource.oauth2PermissionScopes.find((entry) => entry.value === name);
  if (kind === 'delegated' && scope)
    return `${name} is disabled on ${api}; expected an enabled delegated permission.`;
  const suggestion = formatSuggestion(
    findClosestNames(
      name,
      listPermissions(resource, kind).map((entry) => entry.value),
      3,
    ),
  );
  return `${formatValue(name)} is not ${article(kind)} ${kind} permission of ${api}${suggestion || `; expected the name of one of its ${kind === 'application' ? 'app roles' : 'delegated scopes'}.`}`;
}

function article(kind: Kind): string {
  return kind === 'application' ? 'an' : 'a';
}
