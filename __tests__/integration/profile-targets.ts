// The apps the drift and prune tests register: the inline profile of issue 3 exactly as written,
// and docbits-email-import (delegated permissions), with what the tenant must hold for each.
import { expect } from '@jest/globals';
import type { LocalCloud, StoredPermissionGrant } from '@register-entra-app/local-cloud';
import { CONTOSO } from '../fixtures/contoso-profile.js';
import { viewApp } from '@register-entra-app/local-cloud/testing';
import {
  EXCHANGE,
  GRAPH,
  ROLE,
  SCOPE,
  expectedAccessKeys,
  expectedAssignmentKeys,
  expectedGrants,
} from './profile-expectations.js';

export { CONTOSO };

/** The permissions of CONTOSO with Microsoft's ids. */
export const CONTOSO_PERMISSIONS = {
  application: {
    [GRAPH]: [ROLE.graph['User.Read.All'], ROLE.graph['Group.Read.All']],
    [EXCHANGE]: [ROLE.exchange.full_access_as_app],
  },
  delegated: { [GRAPH]: { 'User.Read': SCOPE.graph['User.Read'] } },
};
/** The permissions of docbits-email-import with Microsoft's ids. */
export const DOCBITS_PERMISSIONS = { application: {}, delegated: { [GRAPH]: SCOPE.graph } };

/** An app a test registers: the inputs, its uniqueName and what the tenant must hold for it. */
export interface Target {
  inputs: Record<string, string>;
  uniqueName: string;
  permissions: typeof CONTOSO_PERMISSIONS | typeof DOCBITS_PERMISSIONS;
  redirectUris: string[];
}

export const contoso: Target = {
  inputs: { app: CONTOSO },
  uniqueName: 'contoso-mail-archive',
  permissions: CONTOSO_PERMISSIONS,
  redirectUris: ['https://archive.contoso.example/auth'],
};
export const docbits: Target = {
  inputs: { profile: 'docbits-email-import', 'credential-type': 'none' },
  uniqueName: 'docbits-email-import',
  permissions: DOCBITS_PERMISSIONS,
  redirectUris: [],
};

/** Asserts that the tenant holds exactly the target's permissions, consent and redirect URIs. */
export function expectMatchesProfile(cloud: LocalCloud, target: Target): void {
  const view = viewApp(cloud, target.uniqueName);
  expect(view.requiredResourceAccess).toEqual(expectedAccessKeys(target.permissions));
  expect(view.assignments).toEqual(expectedAssignmentKeys(target.permissions));
  expect(view.grants).toEqual(expectedGrants(target.permissions));
  expect(view.app.web.redirectUris).toEqual(target.redirectUris);
}

/** The app's delegated grant; throws when it has none. */
export function grantOf(cloud: LocalCloud, uniqueName: string): StoredPermissionGrant {
  const { servicePrincipal } = viewApp(cloud, uniqueName);
  const grant = [...cloud.tenant.permissionGrants.values()].find(
    (g) => g.clientId === servicePrincipal?.id,
  );
  if (!grant) throw new Error(`${uniqueName} has no delegated grant.`);
  return grant;
}
