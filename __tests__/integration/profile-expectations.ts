// What each built-in profile must make of a tenant, written out by hand from the vendors' manuals
// with Microsoft's real permission ids, so the tests do not trust the resolver they check.

export const GRAPH = '00000003-0000-0000-c000-000000000000';
export const EXCHANGE = '00000002-0000-0ff1-ce00-000000000000';
export const SHAREPOINT = '00000003-0000-0ff1-ce00-000000000000';

/** Application permissions (app roles) by resource, with Microsoft's ids. */
export const ROLE = {
  graph: {
    'Device.ReadWrite.All': '1138cb37-bd11-4084-a2b7-9f71582aeddb',
    'Directory.Read.All': '7ab1d382-f21e-4acd-a863-ba3e13f7da61',
    'Directory.ReadWrite.All': '19dbc75e-c2e2-444c-a770-ec69d8559fc7',
    'Group.Read.All': '5b567255-7703-4780-807c-7be8301ae99b',
    'Group.ReadWrite.All': '62a82d76-70ea-41e2-9197-370581804d09',
    'GroupMember.Read.All': '98830695-27a2-44f7-8c18-0c3ebc9698f6',
    'Mail.ReadWrite': 'e2a3a72e-5f79-4c64-b1b1-878b674786c9',
    'MailboxSettings.ReadWrite': '6931bccd-447a-43d1-b442-00a195474933',
    'User.Read.All': 'df021288-bdef-4463-88db-98f22de89214',
    'User.ReadWrite.All': '741f803b-c850-494e-b5df-cde7c675a1ca',
  },
  exchange: { full_access_as_app: 'dc890d15-9560-4a4c-9b7f-a736ec74ec40' },
  sharepoint: {
    'Sites.FullControl.All': '678536fe-1083-478a-9c59-b99265e6b0d3',
    // The same id as Microsoft Graph's User.Read.All: a different permission, told apart by resource.
    'User.Read.All': 'df021288-bdef-4463-88db-98f22de89214',
  },
} as const;

/** Delegated permissions (scopes) of Microsoft Graph, with Microsoft's ids. */
export const SCOPE = {
  graph: {
    'User.Read': 'e1fe6dd8-ba31-4d61-89e7-88639da4683d',
    'Mail.ReadWrite': '024d486e-b451-40bb-833d-3e66d98c5c73',
  },
} as const;

/** What one built-in profile makes of a fresh tenant. */
export interface BuiltinExpectation {
  /** Inputs beside `profile` (credential, vars). */
  inputs: Record<string, string>;
  /** uniqueName and displayName of every app it registers (several for instances). */
  apps: Array<{ uniqueName: string; displayName: string }>;
  signInAudience: string;
  webRedirectUris: string[];
  isFallbackPublicClient: boolean;
  /** App roles: resource appId → role ids. */
  application: Record<string, string[]>;
  /** Delegated permissions: resource appId → scope ids and values. */
  delegated: Record<string, Record<string, string>>;
}

const none = { 'credential-type': 'none' };
// CodeTwo products accept a client secret or a certificate, never no credential: the profile's secret.
const codetwoSecret = (name: string): Record<string, string> => ({ 'secret-name': name });
const single = (uniqueName: string, displayName: string): BuiltinExpectation['apps'] => [
  { uniqueName, displayName },
];
const myOrg = {
  signInAudience: 'AzureADMyOrg',
  webRedirectUris: [],
  isFallbackPublicClient: false,
  delegated: {},
};
const g = ROLE.graph;
const codetwoBase = { [EXCHANGE]: [ROLE.exchange.full_access_as_app] };
const migrationGraph = [
  g['Directory.Read.All'],
  g['MailboxSettings.ReadWrite'],
  g['User.Read.All'],
];

/** The Command Center URL given to commvault-exchange. */
export const COMMAND_CENTER_URL = 'https://commvault.contoso.example/adminconsole';

/** Every built-in profile by file name (without .yaml); the tests fail when a file has no entry. */
export const BUILTIN_EXPECTATIONS: Record<string, BuiltinExpectation> = {
  'codetwo-backup-exchange': {
    ...myOrg,
    inputs: codetwoSecret('CODETWO_BACKUP_EXCHANGE_SECRET'),
    apps: single('codetwo-backup-exchange', 'CodeTwo Backup for Exchange Online'),
    application: {
      ...codetwoBase,
      [GRAPH]: [
        g['Directory.Read.All'],
        g['Group.Read.All'],
        g['MailboxSettings.ReadWrite'],
        g['User.Read.All'],
      ],
    },
  },
  'codetwo-backup-sharepoint': {
    ...myOrg,
    // Certificate only: the profile's own credential, stored in a secret.
    inputs: { 'secret-name': 'CODETWO_SHAREPOINT_CERT' },
    apps: single('codetwo-backup-sharepoint', 'CodeTwo Backup for SharePoint Online'),
    application: {
      ...codetwoBase,
      [GRAPH]: [g['Directory.Read.All'], g['Group.Read.All'], g['User.Read.All']],
      [SHAREPOINT]: [ROLE.sharepoint['Sites.FullControl.All'], ROLE.sharepoint['User.Read.All']],
    },
  },
  'codetwo-email-signatures-siu': {
    ...myOrg,
    inputs: codetwoSecret('CODETWO_SIGNATURES_SIU_SECRET'),
    apps: single('codetwo-email-signatures-siu', 'CodeTwo Email Signatures SIU'),
    application: codetwoBase,
  },
  'codetwo-exchange-rules-siu': {
    ...myOrg,
    inputs: codetwoSecret('CODETWO_RULES_SIU_SECRET'),
    apps: single('codetwo-exchange-rules-siu', 'CodeTwo Exchange Rules SIU'),
    application: codetwoBase,
  },
  'codetwo-migration-source': {
    ...myOrg,
    inputs: codetwoSecret('CODETWO_MIGRATION_SOURCE_SECRET'),
    apps: single('codetwo-migration-source', 'CodeTwo Migration app (source)'),
    application: { ...codetwoBase, [GRAPH]: migrationGraph },
  },
  'codetwo-migration-target': {
    ...myOrg,
    inputs: codetwoSecret('CODETWO_MIGRATION_TARGET_SECRET'),
    apps: single('codetwo-migration-target', 'CodeTwo Migration app (target)'),
    application: { ...codetwoBase, [GRAPH]: migrationGraph },
  },
  'codetwo-migration-target-create-mailboxes': {
    ...myOrg,
    inputs: codetwoSecret('CODETWO_MIGRATION_TARGET_SECRET'),
    apps: single('codetwo-migration-target', 'CodeTwo Migration app (target)'),
    application: {
      ...codetwoBase,
      [GRAPH]: [
        ...migrationGraph,
        g['Device.ReadWrite.All'],
        g['Directory.ReadWrite.All'],
        g['User.ReadWrite.All'],
      ],
    },
  },
  'commvault-exchange': {
    ...myOrg,
    inputs: { ...none, vars: `commandCenterUrl=${COMMAND_CENTER_URL}` },
    // 2,500 mailboxes by default: five apps.
    apps: ['01', '02', '03', '04', '05'].map((n) => ({
      uniqueName: `commvault-exchange-${n}`,
      displayName: `Commvault Exchange Online ${n}`,
    })),
    webRedirectUris: [COMMAND_CENTER_URL],
    application: { ...codetwoBase, [GRAPH]: [g['Directory.Read.All'], g['Group.ReadWrite.All']] },
  },
  'docbits-email-import': {
    ...myOrg,
    // The profile's own credential: a client secret.
    inputs: { 'secret-name': 'DOCBITS_CLIENT_SECRET' },
    apps: single('docbits-email-import', 'DocBits Email Import'),
    signInAudience: 'AzureADMultipleOrgs',
    isFallbackPublicClient: true,
    application: {},
    delegated: { [GRAPH]: SCOPE.graph },
  },
  'docbits-email-import-personal': {
    ...myOrg,
    inputs: none,
    apps: single('docbits-email-import-personal', 'DocBits Email Import (personal accounts)'),
    signInAudience: 'AzureADandPersonalMicrosoftAccount',
    isFallbackPublicClient: true,
    application: {},
    delegated: { [GRAPH]: SCOPE.graph },
  },
  'mail-gateway-graph-delivery': {
    ...myOrg,
    inputs: none,
    apps: single('mail-gateway-graph-delivery', 'Mail gateway (Graph delivery)'),
    application: {
      [GRAPH]: [
        g['Group.Read.All'],
        g['GroupMember.Read.All'],
        g['Mail.ReadWrite'],
        g['User.Read.All'],
      ],
    },
  },
  'mail-gateway-smtp-oauth': {
    ...myOrg,
    inputs: none,
    apps: single('mail-gateway-smtp-oauth', 'Mail gateway (SMTP OAuth)'),
    application: { [GRAPH]: [g['Mail.ReadWrite']] },
  },
};

/** requiredResourceAccess keys ("resourceAppId Role|Scope id") the expectation implies, sorted. */
export function expectedAccessKeys(
  expected: Pick<BuiltinExpectation, 'application' | 'delegated'>,
): string[] {
  const roles = Object.entries(expected.application).flatMap(([appId, ids]) =>
    ids.map((id) => `${appId} Role ${id}`),
  );
  const scopes = Object.entries(expected.delegated).flatMap(([appId, byName]) =>
    Object.values(byName).map((id) => `${appId} Scope ${id}`),
  );
  return [...roles, ...scopes].sort();
}

/** App role assignment keys ("resourceAppId appRoleId") the expectation implies, sorted. */
export function expectedAssignmentKeys(
  expected: Pick<BuiltinExpectation, 'application'>,
): string[] {
  return Object.entries(expected.application)
    .flatMap(([appId, ids]) => ids.map((id) => `${appId} ${id}`))
    .sort();
}

/** The AllPrincipals grants the expectation implies. */
export function expectedGrants(
  expected: Pick<BuiltinExpectation, 'delegated'>,
): Array<{ consentType: string; resourceAppId: string; scopes: string[] }> {
  return Object.entries(expected.delegated).map(([resourceAppId, byName]) => ({
    consentType: 'AllPrincipals',
    resourceAppId,
    scopes: Object.keys(byName).sort(),
  }));
}
