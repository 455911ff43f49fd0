// The built-in profiles of the bootstrap's own apps: the deployer the action signs in as, with
// the least Microsoft Graph application permissions the action needs, and the read-only planner.
import type { FederatedIdentityCredential } from '../model/graph-types.js';
import type { ProfileSpec } from '../profile/types.js';

/** What every deployer needs: create and manage its own apps, read resources, grant app roles. */
export const DEPLOYER_ROLES = [
  'Application.ReadWrite.OwnedBy',
  'Application.Read.All',
  'AppRoleAssignment.ReadWrite.All',
];
/** Added only when a profile asks for delegated permissions (their admin consent is a grant). */
export const DELEGATED_CONSENT_ROLE = 'DelegatedPermissionGrant.ReadWrite.All';
/** The planner reads; it reads delegated grants only when a profile has delegated permissions. */
export const PLANNER_ROLES = ['Application.Read.All'];
export const PLANNER_DELEGATED_ROLE = 'DelegatedPermissionGrant.Read.All';

/** Returns true when the profile asks for delegated permissions. */
export function needsDelegatedConsent(spec: ProfileSpec): boolean {
  return spec.permissions.some((permission) => permission.delegated.length > 0);
}

/** The bootstrap's two apps: the deployer, and the read-only planner of pull requests. */
export type BootstrapApp = 'deployer' | 'planner';

const BOOTSTRAP_APPS = {
  deployer: {
    names: ['GitHub register-entra-app deployer', 'register-entra-app-deployer'],
    description: 'Signs in from GitHub Actions to register and reconcile app registrations.',
    roles: [DEPLOYER_ROLES, DELEGATED_CONSENT_ROLE],
  },
  planner: {
    names: ['GitHub register-entra-app planner', 'register-entra-app-planner'],
    description: 'Signs in from GitHub Actions to plan (read only) app registration changes.',
    roles: [PLANNER_ROLES, PLANNER_DELEGATED_ROLE],
  },
} as const;

/** Returns the profile of the deployer or the planner, trusted by `federatedCredentials`. */
export function toBootstrapSpec(
  app: BootstrapApp,
  federatedCredentials: FederatedIdentityCredential[],
  delegatedConsent: boolean,
): ProfileSpec {
  const {
    names: [displayName, uniqueName],
    description,
    roles: [roles, delegatedRole],
  } = BOOTSTRAP_APPS[app];
  return toSpec({
    displayName,
    uniqueName,
    description,
    roles: delegatedConsent ? [...roles, delegatedRole] : roles,
    federatedCredentials,
  });
}

function toSpec(app: {
  displayName: string;
  uniqueName: string;
  description: string;
  roles: string[];
  federatedCredentials: FederatedIdentityCredential[];
}): ProfileSpec {
  return {
    source: `built-in ${app.uniqueName}`,
    displayName: app.displayName,
    uniqueName: app.uniqueName,
    description: app.description,
    notes: null,
    signInAudience: 'AzureADMyOrg',
    webRedirectUris: [],
    publicClientRedirectUris: [],
    isFallbackPublicClient: null,
    requestedAccessTokenVersion: null,
    identifierUris: [],
    permissions: [{ resource: 'Microsoft Graph', application: app.roles, delegated: [] }],
    // The action's apps sign in with GitHub's tokens only: no secret or certificate to leak.
    credential: { type: 'none', allowed: ['none'] },
    federatedCredentials: app.federatedCredentials,
    tags: [],
    instances: null,
  };
}
