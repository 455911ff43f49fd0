// Entra's app-model rules (src/model/app-model-rules.ts, one table shared with the action) applied
// to an application the way Graph applies them: after a create or PATCH body, before it is stored.
import {
  findRuleViolations,
  isPersonalAudience,
  toGraphMessage,
} from '../../src/model/app-model-rules.js';
import type { StoredApplication } from '../tenant.js';
import { GraphFailure } from './errors.js';
import type { OperationContext } from './operation.js';

/**
 * Graph gives a new app that signs in personal accounts access-token version 2 when the body names
 * none (the portal and POST /applications with the default audience both succeed).
 */
export function applyAudienceDefaults(app: StoredApplication, body: Record<string, unknown>): void {
  const api = (app.api ?? {}) as { requestedAccessTokenVersion?: unknown };
  const named =
    typeof body.api === 'object' && body.api !== null && 'requestedAccessTokenVersion' in body.api;
  if (isPersonalAudience(app.signInAudience) && !named && api.requestedAccessTokenVersion == null)
    app.api = { ...app.api, requestedAccessTokenVersion: 2 };
}

/**
 * Throws Graph's 400 for the first app-model rule `app` breaks. `before` is the stored app of a
 * PATCH or addPassword, and `changed` the properties the request sets: only rules on those are
 * checked then, and all of them when the audience changes (Graph validates the app against its
 * new audience, which is why switching to a personal audience fails on token version 1).
 */
export function assertAppModelRules(
  ctx: OperationContext,
  app: StoredApplication,
  before?: StoredApplication,
  changed?: readonly string[],
): void {
  const violations = findRuleViolations(
    { ...app, api: app.api },
    {
      tenantId: ctx.tenant.tenantId,
      appId: app.appId,
      verifiedDomains: [ctx.tenant.domain],
      existingIdentifierUris: before?.identifierUris ?? [],
    },
  );
  const checked =
    changed && !changed.includes('signInAudience')
      ? violations.filter((v) => changed.includes(v.rule.property.split('.')[0]))
      : violations;
  const [violation] = checked;
  if (violation)
    throw new GraphFailure(400, violation.rule.graphCode, toGraphMessage(violation.rule));
}
