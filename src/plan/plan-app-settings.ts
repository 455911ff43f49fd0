// The application's sign-in settings beside redirect URIs and permissions: spa redirect URIs, the
// web logout URL and implicit grant, optional and group claims, the publisher URLs, and the
// identifier URIs that name the app's own client ID (known only once the app exists).
import type { DesiredApplication } from '../model/desired.js';
import { usesOwnClientId, withOwnClientId } from '../model/entitlements.js';
import type { Application, OptionalClaim, OptionalClaims } from '../model/graph-types.js';
import { sameMembers, unionInOrder } from './string-sets.js';

const TOKEN_TYPES = ['idToken', 'accessToken', 'saml2Token'] as const;

/** The desired application of an existing app, its own client ID filled into identifierUris. */
export function withClientId(app: DesiredApplication, appId: string): DesiredApplication {
  if (!app.identifierUris?.some(usesOwnClientId)) return app;
  return { ...app, identifierUris: app.identifierUris.map((uri) => withOwnClientId(uri, appId)) };
}

/**
 * What createApplication sends: the identifier URIs that name the app's own client ID wait for an
 * update once the app exists, and roles and scopes for the entitlement write (they need their ids).
 */
export function toCreatedApplication(app: DesiredApplication): {
  application: DesiredApplication;
  laterUris: string[] | null;
} {
  const { appRoles: _roles, api, ...rest } = app;
  const uris = app.identifierUris ?? [];
  const application: DesiredApplication = {
    ...rest,
    identifierUris: uris.filter((uri) => !usesOwnClientId(uri)),
    ...(api ? { api: { requestedAccessTokenVersion: api.requestedAccessTokenVersion } } : {}),
  };
  return { application, laterUris: uris.some(usesOwnClientId) ? uris : null };
}

/** The target with what the profile leaves out taken from the app, and (prune off) the app's extras kept. */
export function withObservedSettings(
  target: DesiredApplication,
  observed: Application,
  prune: boolean,
): DesiredApplication {
  const web = { ...target.web };
  const logoutUrl = target.web.logoutUrl ?? observed.web.logoutUrl;
  if (logoutUrl) web.logoutUrl = logoutUrl;
  const grant = target.web.implicitGrantSettings ?? observed.web.implicitGrantSettings;
  if (grant) web.implicitGrantSettings = grant;
  const spa = target.spa?.redirectUris ?? [];
  const held = observed.spa?.redirectUris ?? [];
  const result: DesiredApplication = {
    ...target,
    web,
    spa: { redirectUris: prune ? spa : unionInOrder(spa, held) },
  };
  if (target.info) result.info = { ...observed.info, ...target.info };
  if (target.optionalClaims) result.optionalClaims = mergeClaims(target, observed, prune);
  return result;
}

function mergeClaims(
  target: DesiredApplication,
  observed: Application,
  prune: boolean,
): OptionalClaims {
  const claims = { idToken: [], accessToken: [], saml2Token: [], ...observed.optionalClaims };
  for (const type of TOKEN_TYPES) {
    const wanted = target.optionalClaims?.[type];
    if (!wanted) continue;
    const extras = claims[type].filter((c) => !wanted.some((w) => w.name === c.name));
    claims[type] = prune ? wanted : [...wanted, ...extras];
  }
  return claims;
}

type Record_ = (
  key: keyof DesiredApplication,
  same: boolean,
  property: string,
  from: unknown,
  to: unknown,
) => void;

/** Records the settings that differ (the patch carries each changed object whole). */
export function diffAppSettings(
  target: DesiredApplication,
  observed: Application,
  record: Record_,
): void {
  const spa = target.spa?.redirectUris ?? [];
  const heldSpa = observed.spa?.redirectUris ?? [];
  record('spa', sameMembers(spa, heldSpa), 'spa.redirectUris', heldSpa, spa);
  const logout = target.web.logoutUrl ?? null;
  const heldLogout = observed.web.logoutUrl ?? null;
  record('web', (logout || null) === (heldLogout || null), 'web.logoutUrl', heldLogout, logout);
  const grant = describeGrant(target.web.implicitGrantSettings);
  const heldGrant = describeGrant(observed.web.implicitGrantSettings);
  const grantSame = !target.web.implicitGrantSettings || grant === heldGrant;
  record('web', grantSame, 'web.implicitGrantSettings', heldGrant, grant);
  if (target.optionalClaims) {
    const wanted = describeClaims(target.optionalClaims);
    const held = describeClaims(observed.optionalClaims ?? {});
    record('optionalClaims', sameMembers(wanted, held), 'optionalClaims', held, wanted);
  }
  const groups = target.groupMembershipClaims;
  const heldGroups = observed.groupMembershipClaims ?? null;
  const sameGroups = groups === undefined || groups === (heldGroups ?? 'None');
  record('groupMembershipClaims', sameGroups, 'groupMembershipClaims', heldGroups, groups);
  for (const [key, url] of Object.entries(target.info ?? {})) {
    const held = observed.info?.[key as keyof typeof observed.info] ?? null;
    record('info', (url || null) === (held || null), `info.${key}`, held, url);
  }
}

function describeGrant(grant: Application['web']['implicitGrantSettings'] | undefined): string {
  const on = (flag: boolean | undefined): string => (flag ? 'on' : 'off');
  return `access tokens ${on(grant?.enableAccessTokenIssuance)}, ID tokens ${on(grant?.enableIdTokenIssuance)}`;
}

/** Claims as comparable "tokenType name [properties]" strings. */
function describeClaims(claims: Partial<OptionalClaims>): string[] {
  return TOKEN_TYPES.flatMap((type) =>
    (claims[type] ?? []).map((claim: OptionalClaim) => {
      const extras = [
        ...(claim.source ? [`source ${claim.source}`] : []),
        ...(claim.essential ? ['essential'] : []),
        ...[...claim.additionalProperties].sort(),
      ];
      return `${type} ${claim.name}${extras.length ? ` (${extras.join(', ')})` : ''}`;
    }),
  );
}
