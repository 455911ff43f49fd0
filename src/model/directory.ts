// Who owns the app, who may use it and how its enterprise app (service principal) is set: the
// profile's `owners`, `assignments` and `servicePrincipal`, resolved to directory object ids.

/** The kinds of directory object that can own an app or be assigned to it. */
export type PrincipalType = 'user' | 'group' | 'servicePrincipal';

/** Which object an owner is of: the app registration or its service principal (enterprise app). */
export type OwnedObject = 'application' | 'servicePrincipal';

/** A user, group or service principal as the profile names it (UPN, display name, appId or object id). */
export interface PrincipalRef {
  type: PrincipalType;
  name: string;
}

/** A directory object the tenant holds: its object id and a name to show. */
export interface Principal {
  id: string;
  type: PrincipalType;
  displayName: string;
}

/** The app role every app has when it defines none ("Default Access"). */
export const DEFAULT_ACCESS_ROLE_ID = '00000000-0000-0000-0000-000000000000';

/** Tags Entra sets on a service principal itself; prune never removes them. */
export const ENTRA_SERVICE_PRINCIPAL_TAGS = ['WindowsAzureActiveDirectoryIntegratedApp'];

/** preferredSingleSignOnMode values Graph accepts. */
export const SINGLE_SIGN_ON_MODES = ['password', 'saml', 'notSupported', 'oidc'] as const;

/** The service principal properties the profile sets; an absent key is left as the tenant has it. */
export interface ServicePrincipalSettings {
  appRoleAssignmentRequired?: boolean;
  tags?: string[];
  notes?: string | null;
  notificationEmailAddresses?: string[];
  preferredSingleSignOnMode?: string | null;
}

/** One assignment as the profile writes it: a principal and a role value (null: default access). */
export interface AssignmentSpec {
  principal: PrincipalRef;
  role: string | null;
}

/** One assignment, resolved: appRoleId is null for a role this run creates (its id is given on write). */
export interface DesiredAssignment {
  principal: Principal;
  /** The role's value; null for the default access role. */
  role: string | null;
  appRoleId: string | null;
}

/** Owners, enterprise app settings and assignments of one app, resolved against the tenant. */
export interface DesiredDirectory {
  /** null: the profile does not manage owners. */
  owners: Principal[] | null;
  servicePrincipal: ServicePrincipalSettings;
  /** null: the profile does not manage assignments. */
  assignments: DesiredAssignment[] | null;
  /** Object id of the signed-in deployer's service principal: never removed as an owner. */
  deployerId: string | null;
}

/** A principal the profile names, with every directory object that matched it. */
export interface PrincipalMatches {
  ref: PrincipalRef;
  matches: Principal[];
}

/** Returns the key of a principal reference (type and name, names compared without case). */
export function toPrincipalKey(ref: PrincipalRef): string {
  return `${ref.type}:${ref.name.toLowerCase()}`;
}

/** Returns how a principal reads in plan rows and messages, e.g. `group "Portal Admins"`. */
export function formatPrincipal(principal: Pick<Principal, 'type' | 'displayName'>): string {
  const kind = principal.type === 'servicePrincipal' ? 'service principal' : principal.type;
  return `${kind} ${JSON.stringify(principal.displayName)}`;
}

/** What the profile's owners and assignments need read; absent keys are not read at all. */
export interface DirectoryQuery {
  /** Every principal the profile's owners and assignments name. */
  principals: PrincipalRef[];
  /** appId of the identity the action signs in as, when owners are managed (it is never removed). */
  deployerAppId: string | null;
  owners: boolean;
  assignments: boolean;
}
