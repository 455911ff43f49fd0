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

/** Throws Graph's 400 for the first app-model rule `app` breaks; `before` is the stored app of a PATCH. */
export function assertAppModelRules(
  ctx: OperationContext,
  app: StoredApplication,
  before?: StoredApplication,
): void {
  const [violation] = findRuleViolations(
    {
      ...app,
      api: app.api as { requestedAccessTokenVersion?: number | null } | undefined,
      passwordCredentials: app.passwordCredentials,
    },
    {
      tenantId: ctx.tenant.tenantId,
      appId: app.appId,
      verifiedDomains: [ctx.tenant.domain],
      existingIdentifierUris: before?.identifierUris ?? [],
    },
  );
  if (violation)
    throw new GraphFailure(400, violation.rule.graphCode, toGraphMessage(violation.rule));
}
