// Applies the entitlement writes: the app's roles and api in one PATCH, pre-authorized scopes
// turned from values into the ids the plan gave them.
import type { Change, EntitlementsWrite } from '../plan/changes.js';
import { isReplicationDelay } from '../graph/retry-policy.js';
import { requireApplicationId, type ApplyRun } from './apply-context.js';

type EntitlementChange = Extract<Change, { kind: 'disableEntitlements' | 'writeEntitlements' }>;

/** PATCH /applications/{id} {appRoles, api}: both are sent whole, as Graph replaces them. */
export async function applyEntitlements(run: ApplyRun, change: EntitlementChange): Promise<void> {
  const id = requireApplicationId(run, 'write the app roles and scopes');
  await run.ctx.graph.patch(`/applications/${id}`, toEntitlementsBody(change.write), undefined, {
    retryWhile: isReplicationDelay,
  });
  run.ctx.logger.info(
    change.kind === 'disableEntitlements'
      ? `Disabled ${change.disabled.map((d) => `${d.what} ${d.value}`).join(', ')} before changing or removing them`
      : `Updated app roles and API: ${change.rows.map((r) => `${r.action} ${r.what} ${r.name}`).join(', ')}`,
  );
}

/** The PATCH body of an entitlement write, in Graph's shapes. */
export function toEntitlementsBody(write: EntitlementsWrite): Record<string, unknown> {
  const scopes = write.api.oauth2PermissionScopes;
  const idOf = (scope: string): string => scopes.find((s) => s.value === scope)?.id ?? scope;
  return {
    appRoles: write.appRoles.map((role) => ({
      id: role.id,
      value: role.value,
      displayName: role.displayName,
      description: role.description ?? null,
      allowedMemberTypes: role.allowedMemberTypes,
      isEnabled: role.isEnabled,
      origin: 'Application',
    })),
    api: {
      requestedAccessTokenVersion: write.api.requestedAccessTokenVersion,
      oauth2PermissionScopes: scopes.map((scope) => ({
        id: scope.id,
        value: scope.value,
        type: scope.type,
        adminConsentDisplayName: scope.adminConsentDisplayName,
        adminConsentDescription: scope.adminConsentDescription ?? null,
        userConsentDisplayName: scope.userConsentDisplayName ?? null,
        userConsentDescription: scope.userConsentDescription ?? null,
        isEnabled: scope.isEnabled,
      })),
      preAuthorizedApplications: write.api.preAuthorizedApplications.map((p) => ({
        appId: p.appId,
        delegatedPermissionIds: p.scopes.map(idOf),
      })),
      knownClientApplications: write.api.knownClientApplications,
    },
  };
}
