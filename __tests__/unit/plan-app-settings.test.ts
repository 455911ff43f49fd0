import { describe, expect, it } from '@jest/globals';
import type { DesiredApplication } from '../../src/model/desired.js';
import type { Application } from '../../src/model/graph-types.js';
import type { Change } from '../../src/plan/changes.js';
import { computePlan } from '../../src/plan/compute-plan.js';
import { formatPlanText } from '../../src/plan/format-plan.js';
import { NOW, desiredState, observedMatching, withApplication } from './fixtures/plan/states.js';

const HELD: Partial<Application> = {
  spa: { redirectUris: ['https://portal.contoso.example/', 'https://by-hand.example/'] },
  web: {
    redirectUris: ['https://backup.example.com/signin', 'https://backup.example.com/consent'],
    logoutUrl: 'https://portal.contoso.example/signout',
    implicitGrantSettings: { enableAccessTokenIssuance: true, enableIdTokenIssuance: false },
  },
  groupMembershipClaims: 'All',
  optionalClaims: {
    idToken: [{ name: 'upn', source: null, essential: false, additionalProperties: [] }],
    accessToken: [],
    saml2Token: [],
  },
  info: {
    marketingUrl: 'https://contoso.example/',
    privacyStatementUrl: null,
    supportUrl: null,
    termsOfServiceUrl: null,
  },
};

function planFor(application: Partial<DesiredApplication>, prune: boolean) {
  const desired = desiredState({ prune, application });
  const observed = withApplication(observedMatching(desiredState()), HELD);
  return computePlan(desired, observed, { now: NOW, verify: false });
}

const update = (changes: Change[]) =>
  changes.find(
    (c): c is Extract<Change, { kind: 'updateApplication' }> => c.kind === 'updateApplication',
  );

describe('application settings beside redirect URIs', () => {
  it('leaves what the profile does not name as it is', () => {
    expect(planFor({ spa: { redirectUris: [...HELD.spa!.redirectUris] } }, true).changes).toEqual(
      [],
    );
  });

  it('changes what the profile names and keeps the rest of web and info in the patch', () => {
    const plan = planFor(
      {
        spa: { redirectUris: ['https://portal.contoso.example/'] },
        web: {
          redirectUris: HELD.web!.redirectUris,
          implicitGrantSettings: { enableAccessTokenIssuance: false, enableIdTokenIssuance: true },
        },
        groupMembershipClaims: 'SecurityGroup',
        info: { supportUrl: 'https://contoso.example/help' },
      },
      true,
    );
    const patch = update(plan.changes)?.patch;
    expect(patch?.web).toEqual({
      redirectUris: HELD.web!.redirectUris,
      logoutUrl: 'https://portal.contoso.example/signout',
      implicitGrantSettings: { enableAccessTokenIssuance: false, enableIdTokenIssuance: true },
    });
    expect(patch?.info).toEqual({ ...HELD.info, supportUrl: 'https://contoso.example/help' });
    expect(patch?.spa).toEqual({ redirectUris: ['https://portal.contoso.example/'] });
    expect(formatPlanText(plan).split('\n').slice(1)).toEqual([
      '  ~ SPA redirect URIs  - https://by-hand.example/',
      '  ~ implicit grant     access tokens on, ID tokens off -> access tokens off, ID tokens on',
      '  ~ group claims       "All" -> "SecurityGroup"',
      '  ~ support URL        (none) -> "https://contoso.example/help"',
    ]);
  });

  it('keeps SPA redirect URIs and optional claims added by hand without prune, and still changes the logout URL', () => {
    const plan = planFor(
      {
        spa: { redirectUris: ['https://portal.contoso.example/'] },
        web: {
          redirectUris: HELD.web!.redirectUris,
          logoutUrl: 'https://portal.contoso.example/bye',
        },
        optionalClaims: {
          idToken: [{ name: 'groups', source: null, essential: false, additionalProperties: [] }],
        },
      },
      false,
    );
    const patch = update(plan.changes)?.patch;
    expect(patch?.spa).toBeUndefined();
    expect(patch?.web?.logoutUrl).toBe('https://portal.contoso.example/bye');
    expect(patch?.optionalClaims?.idToken?.map((c) => c.name)).toEqual(['groups', 'upn']);
  });
});
