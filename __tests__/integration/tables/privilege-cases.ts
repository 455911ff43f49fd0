// The table of hardening-least-privilege.test.ts: the deployer's Graph roles per row and what the
// run must do with them. Kept apart from the test so scripts/reliability-figures.ts can count it.
import { randomUUID } from 'node:crypto';
import type { LocalCloud } from '@register-entra-app/local-cloud';

const OWNED_BY = 'Application.ReadWrite.OwnedBy';
const READ_ALL = 'Application.Read.All';
const ASSIGN = 'AppRoleAssignment.ReadWrite.All';
const GRANT = 'DelegatedPermissionGrant.ReadWrite.All';
/** The documented minimum for profiles with application permissions only. */
export const MINIMAL_ROLES = [OWNED_BY, READ_ALL, ASSIGN];

const applicationProfile = `
displayName: Least Privilege Backup
uniqueName: least-privilege-backup
permissions:
  - resource: Microsoft Graph
    application: [User.Read.All, Group.Read.All]
federatedCredentials:
  - name: github-main
    issuer: https://token.actions.githubusercontent.com
    subject: repo:octo-org/octo-repo:ref:refs/heads/main
credential:
  type: secret
`;

/** A run with a deployer holding exactly `roles`, and what it must do. */
export interface PrivilegeCase {
  name: string;
  roles: string[];
  inputs: Record<string, string>;
  /** Absent: converges (twice: the second run writes nothing). Present: the 403 must name this permission. */
  missing?: string;
  /** Set up the tenant before the run (e.g. an app the deployer does not own). */
  setUp?: (cloud: LocalCloud) => void;
}

const app = { app: applicationProfile, 'secret-name': 'LEAST_PRIVILEGE_SECRET' };
const docbits = { profile: 'docbits-email-import', 'secret-name': 'DOCBITS_SECRET' };
const without = (role: string): string[] => MINIMAL_ROLES.filter((r) => r !== role);

export const PRIVILEGE_CASES: PrivilegeCase[] = [
  {
    name: 'registers an app with application permissions and a secret holding exactly the three roles',
    roles: MINIMAL_ROLES,
    inputs: app,
  },
  {
    name: 'registers DocBits (delegated permissions) with the three roles and DelegatedPermissionGrant.ReadWrite.All',
    roles: [...MINIMAL_ROLES, GRANT],
    inputs: docbits,
  },
  {
    name: 'names DelegatedPermissionGrant.ReadWrite.All when DocBits runs without it',
    roles: MINIMAL_ROLES,
    inputs: docbits,
    missing: GRANT,
  },
  {
    name: 'names Application.ReadWrite.OwnedBy when it is missing',
    roles: without(OWNED_BY),
    inputs: app,
    missing: OWNED_BY,
  },
  {
    name: 'names AppRoleAssignment.ReadWrite.All when it is missing',
    roles: without(ASSIGN),
    inputs: app,
    missing: ASSIGN,
  },
  {
    name: "names Application.Read.All when it is missing and the app exists but is not the deployer's",
    roles: without(READ_ALL),
    inputs: app,
    missing: READ_ALL,
    setUp: (cloud) => seedForeignApp(cloud, 'least-privilege-backup', 'Least Privilege Backup'),
  },
];

// An app registered by someone else (an admin in the portal): the deployer is not among its owners.
function seedForeignApp(cloud: LocalCloud, uniqueName: string, displayName: string): void {
  const template = cloud.tenant.applicationByAppId(cloud.deployer.clientId)!;
  const id = randomUUID();
  cloud.tenant.applications.set(id, {
    ...structuredClone(template),
    id,
    appId: randomUUID(),
    uniqueName,
    displayName,
    requiredResourceAccess: [],
    federatedIdentityCredentials: [],
    passwordCredentials: [],
    keyCredentials: [],
    owners: [],
  });
}
