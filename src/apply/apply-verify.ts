// Executor of verifyCredential: a token request with the new credential, before old ones go.
import type { ExpectedRoles } from '../credentials/types.js';
import type { ResolvedPermission } from '../model/desired.js';
import { FIRST_PARTY_RESOURCES } from '../model/well-known.js';
import type { ChangeOf } from '../plan/change-kinds.js';
import type { ApplyContext, Learned, RunIds } from './apply-context.js';

/** Requests a token with the new credential; the run learns the result (a failure is logged as a warning). */
export async function applyVerifyCredential(
  _change: ChangeOf<'verifyCredential'>,
  ids: Pick<RunIds, 'appId' | 'newCredential'>,
  ctx: ApplyContext,
): Promise<Learned> {
  const credential = ids.newCredential.credential;
  const expected = toExpectedRoles(ctx.desired.permissions);
  const roles = expected.flatMap((group) => group.roles);
  const verified = await ctx.ports.verify(ids.appId, credential, expected);
  if (verified.ok) {
    ctx.logger.info(
      `Verified the new ${credential.type}: a token was issued${roles.length ? ` with roles ${verified.roles.join(', ')}` : ''}`,
    );
  } else {
    const missing = verified.missing.length
      ? ` (missing roles: ${verified.missing.join(', ')})`
      : '';
    ctx.logger.warning(
      `The new ${credential.type} could not be verified after ${verified.attempts} attempts: ${verified.reason ?? 'no token'}${missing}. Older credentials are kept.`,
    );
  }
  return { verified };
}

/**
 * The application permissions to find in tokens, grouped by resource; Microsoft Graph always comes
 * first (with no roles when the profile has none there) so every credential is tried at least once.
 */
export function toExpectedRoles(permissions: readonly ResolvedPermission[]): ExpectedRoles[] {
  const graph = FIRST_PARTY_RESOURCES['Microsoft Graph'];
  const groups = new Map<string, ExpectedRoles>([
    [graph, { resourceAppId: graph, resourceDisplayName: 'Microsoft Graph', roles: [] }],
  ]);
  for (const permission of permissions) {
    if (permission.kind !== 'application') continue;
    const group = groups.get(permission.resourceAppId) ?? {
      resourceAppId: permission.resourceAppId,
      resourceDisplayName: permission.resourceDisplayName,
      roles: [],
    };
    if (!group.roles.includes(permission.value)) group.roles.push(permission.value);
    groups.set(permission.resourceAppId, group);
  }
  return [...groups.values()];
}
