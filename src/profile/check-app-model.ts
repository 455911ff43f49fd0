// The profile against Entra's app-model rules (model/app-model-rules.ts), before anything is
// written: each broken rule becomes a problem on the profile key that holds the value.
import {
  findRuleViolations,
  type AppModelInput,
  type RuleViolation,
} from '../model/app-model-rules.js';
import { isGuid } from '../model/guid.js';
import { usesOwnClientId, withOwnClientId } from '../model/entitlements.js';
import { formatKeyPath, formatValue, type KeyPath } from './key-path.js';
import type { PathProblem } from './schema-problems.js';
import type { ProfileSpec } from './types.js';

/** A GUID that stands for the app's client ID before the app exists. */
const PENDING_CLIENT_ID = '00000000-0000-0000-0000-00000000a99d';

/** Returns the application a profile asks for, in the rules' (Graph's) terms. */
export function toAppModelInput(spec: ProfileSpec): AppModelInput {
  return {
    signInAudience: spec.signInAudience,
    displayName: spec.displayName,
    tags: spec.tags,
    // The app's own client ID stands in as a GUID: the rules see the URI Graph will be sent.
    identifierUris: spec.identifierUris.map((uri) => withOwnClientId(uri, PENDING_CLIENT_ID)),
    web: {
      redirectUris: spec.webRedirectUris,
      logoutUrl: spec.appSettings?.web?.logoutUrl ?? null,
    },
    publicClient: { redirectUris: spec.publicClientRedirectUris },
    spa: { redirectUris: spec.appSettings?.spa?.redirectUris ?? [] },
    appRoles: spec.appSettings?.appRoles ?? [],
    api: {
      requestedAccessTokenVersion: spec.requestedAccessTokenVersion,
      oauth2PermissionScopes: spec.appSettings?.api?.oauth2PermissionScopes ?? [],
      preAuthorizedApplications: (spec.appSettings?.api?.preAuthorizedApplications ?? []).map(
        (client) => ({ delegatedPermissionIds: client.scopes }),
      ),
    },
    // Names stand in for ids: the rules count permissions, they do not resolve them.
    requiredResourceAccess: spec.permissions.map((entry) => ({
      resourceAppId: entry.resource,
      resourceAccess: [...entry.application, ...entry.delegated],
    })),
  };
}

/** The profile key that holds a Graph property path (requiredResourceAccess is `permissions`). */
export function toProfilePath(path: ReadonlyArray<string | number>): KeyPath {
  return path[0] === 'requiredResourceAccess' ? ['permissions', ...path.slice(1)] : path;
}

/** Returns "<key>: <value> is not accepted by Entra ID: expected <limit> ...", one per broken rule. */
export function checkAppModelRules(spec: ProfileSpec, tenantId?: string): PathProblem[] {
  // A tenant-id given as a domain names a verified domain, which any dotted host may be.
  const context = {
    ...(tenantId && isGuid(tenantId) ? { tenantId } : {}),
    ...(spec.identifierUris.some(usesOwnClientId) ? { appId: PENDING_CLIENT_ID } : {}),
  };
  return findRuleViolations(toAppModelInput(spec), context).map((violation) => {
    const path = toProfilePath(violation.path);
    return { path, message: `${formatKeyPath(path)}: ${describeViolation(violation, spec)}` };
  });
}

function describeViolation(violation: RuleViolation, spec: ProfileSpec): string {
  const { rule, value, counted } = violation;
  const found = counted ? `holds ${String(value)}, which` : formatValue(value);
  return `${found} breaks Entra ID's rule for ${rule.property}: expected ${rule.limit} (signInAudience ${spec.signInAudience}; ${rule.source}).`;
}
