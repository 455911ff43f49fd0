// Entra's app-model rules for the application object, as one table: each row names the Graph
// property it limits, the limit, the audiences it applies to and the page that documents it. The
// action checks a profile against it before any write; the local cloud answers Graph's 400 with it.
// Where pages disagree the stricter limit is the row's and the row's `note` says so.
import { GUID_PATTERN } from './guid.js';

/** Graph's signInAudience values. */
export type Audience =
  | 'AzureADMyOrg'
  | 'AzureADMultipleOrgs'
  | 'AzureADandPersonalMicrosoftAccount'
  | 'PersonalMicrosoftAccount';

/** The application properties the rules read, in Graph's names (any may be absent). */
export interface AppModelInput {
  signInAudience: string;
  displayName?: string;
  tags?: readonly string[];
  identifierUris?: readonly string[];
  web?: { redirectUris?: readonly string[]; logoutUrl?: string | null };
  publicClient?: { redirectUris?: readonly string[] };
  spa?: { redirectUris?: readonly string[] };
  requiredResourceAccess?: ReadonlyArray<{
    resourceAppId: string;
    resourceAccess: readonly unknown[];
  }>;
  api?: {
    requestedAccessTokenVersion?: number | null;
    oauth2PermissionScopes?: ReadonlyArray<{ value?: string | null }>;
    preAuthorizedApplications?: ReadonlyArray<{ delegatedPermissionIds?: readonly unknown[] }>;
  } | null;
  appRoles?: readonly unknown[];
  passwordCredentials?: readonly unknown[];
}

/** What the checker knows of the tenant; unknown parts are not checked. */
export interface AppModelContext {
  tenantId?: string;
  /** The app's appId; undefined for an app not created yet. */
  appId?: string;
  /** The tenant's verified domains (initial *.onmicrosoft.com included); undefined when unknown. */
  verifiedDomains?: readonly string[];
  /** Identifier URIs the app already holds: the tenant policy applies only to new ones. */
  existingIdentifierUris?: readonly string[];
}

/** One broken rule: where (a Graph property path), the value found, and the rule. */
export interface RuleViolation {
  rule: AppModelRule;
  path: ReadonlyArray<string | number>;
  value: unknown;
  /** true when `value` is how many entries the property holds. */
  counted?: boolean;
}

/** One row of the table. */
export interface AppModelRule {
  id: string;
  /** The Graph property, e.g. `web.redirectUris`. */
  property: string;
  /** The limit in words, quoted in errors: "at most 120 characters". */
  limit: string;
  /** Audiences the row applies to. */
  audiences: readonly Audience[];
  /** learn.microsoft.com page that documents it. */
  source: string;
  /** Why the row reads as it does where sources disagree. */
  note?: string;
  /** Graph's error code when it refuses. */
  graphCode: string;
  /** Graph's message when it is not the generic "Invalid value specified for property ...". */
  graphMessage?: string;
  check(app: AppModelInput, context: AppModelContext): Array<Omit<RuleViolation, 'rule'>>;
}

const ORGANIZATIONAL: readonly Audience[] = ['AzureADMyOrg', 'AzureADMultipleOrgs'];
const PERSONAL: readonly Audience[] = [
  'AzureADandPersonalMicrosoftAccount',
  'PersonalMicrosoftAccount',
];
const ALL: readonly Audience[] = [...ORGANIZATIONAL, ...PERSONAL];

const LEARN = 'https://learn.microsoft.com';
const VALIDATION = `${LEARN}/entra/identity-platform/supported-accounts-validation`;
const REPLY_URL = `${LEARN}/entra/identity-platform/reply-url`;
const IDENTIFIER_URI = `${LEARN}/entra/identity-platform/identifier-uri-restrictions`;
const API_APPLICATION = `${LEARN}/graph/api/resources/apiapplication`;
const APPLICATION = `${LEARN}/graph/api/resources/application`;

/** Whether the audience lets personal Microsoft accounts sign in. */
export function isPersonalAudience(audience: string): boolean {
  return (PERSONAL as readonly string[]).includes(audience);
}

type Found = Array<Omit<RuleViolation, 'rule'>>;

const PLATFORMS = ['web', 'publicClient', 'spa'] as const;

function redirectUris(app: AppModelInput): Array<{ path: Array<string | number>; uri: string }> {
  return PLATFORMS.flatMap((platform) =>
    (app[platform]?.redirectUris ?? []).map((uri, index) => ({
      path: [platform, 'redirectUris', index],
      uri,
    })),
  );
}

function eachString(
  values: readonly string[] | undefined,
  property: string,
  broken: (value: string) => boolean,
): Found {
  return (values ?? []).flatMap((value, index) =>
    broken(value) ? [{ path: [property, index], value }] : [],
  );
}

function isLoopback(uri: string): boolean {
  try {
    const host = new URL(uri).hostname;
    return host === 'localhost' || host === '127.0.0.1';
  } catch {
    return false;
  }
}

function permissionCount(app: AppModelInput): number {
  return (app.requiredResourceAccess ?? []).reduce((n, r) => n + r.resourceAccess.length, 0);
}

/**
 * Whether a new identifier URI has one of the forms the default tenant policy allows: it names the
 * tenant id, the app id or a verified domain. Unknown parts of the context are given the benefit of
 * the doubt (the action cannot list a tenant's verified domains).
 */
export function hasUniqueTenantIdentifier(uri: string, context: AppModelContext): boolean {
  const lower = uri.toLowerCase();
  const ids = [context.tenantId, context.appId].filter((id): id is string => Boolean(id));
  if (ids.some((id) => lower.includes(id.toLowerCase()))) return true;
  // api://<string>/<appId>: the app's own appId, unknown before the app exists.
  if (!context.appId && new RegExp(`^api://[^/]+/${GUID_PATTERN}$`, 'i').test(uri)) return true;
  // api://<tenantId>/...: a tenant given by domain has an id the checker does not know.
  if (!context.tenantId && new RegExp(`^api://${GUID_PATTERN}(/|$)`, 'i').test(uri)) return true;
  const match = /^(?:https|api):\/\/([^/?#]+)/i.exec(uri);
  if (!match) return false;
  const host = match[1].toLowerCase();
  if (!host.includes('.')) return false;
  if (!context.verifiedDomains) return true;
  return context.verifiedDomains.some(
    (d) => host === d.toLowerCase() || host.endsWith(`.${d.toLowerCase()}`),
  );
}

type Violations = Array<Omit<RuleViolation, 'rule'>>;

// The count as a violation at `path` when it is over `max`.
function countOver(path: Array<string | number>, count: number, max: number): Violations {
  return count > max ? [{ path, value: count, counted: true }] : [];
}

/** A limit whose maximum differs between organizational and personal-account audiences. */
interface LimitPerAudience {
  id: string;
  property: string;
  limit: (max: number) => string;
  source: string;
  /** Said on the organizational row. */
  note?: string;
  check: (app: AppModelInput, max: number) => Violations;
}

// Two rows, organizational then personal (its id ends in .personal), both refused with Request_BadRequest.
function rowsPerAudience(
  row: LimitPerAudience,
  maxima: { organizational: number; personal: number },
): AppModelRule[] {
  return (['organizational', 'personal'] as const).map((group) => {
    const max = maxima[group];
    const personal = group === 'personal';
    return {
      id: personal ? `${row.id}.personal` : row.id,
      property: row.property,
      limit: `${row.limit(max)}${personal ? ' for apps that sign in personal Microsoft accounts' : ''}`,
      audiences: personal ? PERSONAL : ORGANIZATIONAL,
      source: row.source,
      ...(row.note && !personal ? { note: row.note } : {}),
      graphCode: 'Request_BadRequest',
      check: (app: AppModelInput) => row.check(app, max),
    };
  });
}

function scopeValuesLongerThan(app: AppModelInput, max: number): Found {
  return (app.api?.oauth2PermissionScopes ?? []).flatMap((scope, index) =>
    (scope.value ?? '').length > max
      ? [{ path: ['api', 'oauth2PermissionScopes', index, 'value'], value: scope.value }]
      : [],
  );
}

/** The table. Row order is the order errors are reported in. */
export const APP_MODEL_RULES: readonly AppModelRule[] = [
  ...rowsPerAudience(
    {
      id: 'displayName.length',
      property: 'displayName',
      limit: (max) => `at most ${max} characters`,
      source: VALIDATION,
      note: `Graph's application page (${APPLICATION}) allows 256; the stricter 120 of the validation table applies.`,
      check: (app, max) =>
        (app.displayName ?? '').length > max
          ? [{ path: ['displayName'], value: app.displayName }]
          : [],
    },
    { organizational: 120, personal: 90 },
  ),
  {
    id: 'tags.form',
    property: 'tags',
    limit: '1 to 256 characters each, no whitespace, no duplicates',
    audiences: ALL,
    source: VALIDATION,
    graphCode: 'Request_BadRequest',
    check: (app) => {
      const seen = new Set<string>();
      return eachString(app.tags, 'tags', (tag) => {
        const duplicate = seen.has(tag.toLowerCase());
        seen.add(tag.toLowerCase());
        return tag.length < 1 || tag.length > 256 || /\s/.test(tag) || duplicate;
      });
    },
  },
  {
    id: 'redirectUris.scheme',
    property: 'web.redirectUris',
    limit: 'https, or http only for localhost and 127.0.0.1',
    audiences: ALL,
    source: REPLY_URL,
    graphCode: 'Request_BadRequest',
    check: (app) =>
      redirectUris(app)
        .filter(({ uri }) => /^http:/i.test(uri) && !isLoopback(uri))
        .map(({ path, uri }) => ({ path, value: uri })),
  },
  {
    id: 'redirectUris.length',
    property: 'web.redirectUris',
    limit: 'at most 256 characters each',
    audiences: ALL,
    source: REPLY_URL,
    graphCode: 'Request_BadRequest',
    check: (app) =>
      redirectUris(app)
        .filter(({ uri }) => uri.length > 256)
        .map(({ path, uri }) => ({ path, value: uri })),
  },
  {
    id: 'redirectUris.wildcard.personal',
    property: 'web.redirectUris',
    limit: 'no wildcards (*) for apps that sign in personal Microsoft accounts',
    audiences: PERSONAL,
    source: REPLY_URL,
    graphCode: 'Request_BadRequest',
    check: (app) =>
      redirectUris(app)
        .filter(({ uri }) => uri.includes('*'))
        .map(({ path, uri }) => ({ path, value: uri })),
  },
  ...rowsPerAudience(
    {
      id: 'redirectUris.count',
      property: 'web.redirectUris',
      limit: (max) => `at most ${max} redirect URIs in all`,
      source: REPLY_URL,
      check: (app, max) => countOver(['web', 'redirectUris'], redirectUris(app).length, max),
    },
    { organizational: 256, personal: 100 },
  ),
  {
    id: 'identifierUris.form',
    property: 'identifierUris',
    limit: 'at most 255 characters each, no wildcards (*)',
    audiences: ORGANIZATIONAL,
    source: VALIDATION,
    graphCode: 'Request_BadRequest',
    check: (app) =>
      eachString(
        app.identifierUris,
        'identifierUris',
        (uri) => uri.length > 255 || uri.includes('*'),
      ),
  },
  {
    id: 'identifierUris.form.personal',
    property: 'identifierUris',
    limit:
      'at most 120 characters each, no urn: scheme, no wildcards, query strings or fragments, at most 50 URIs, for apps that sign in personal Microsoft accounts',
    audiences: PERSONAL,
    source: VALIDATION,
    graphCode: 'Request_BadRequest',
    check: (app) => {
      const found = eachString(
        app.identifierUris,
        'identifierUris',
        (uri) => uri.length > 120 || /^urn:/i.test(uri) || /[*?#]/.test(uri),
      );
      const count = app.identifierUris?.length ?? 0;
      return count > 50
        ? [...found, { path: ['identifierUris'], value: count, counted: true }]
        : found;
    },
  },
  {
    id: 'identifierUris.tenantPolicy',
    property: 'identifierUris',
    limit:
      'a new URI names the tenant id, the app id or a verified domain (api://{tenantId}/..., api://{appId}, api://.../{appId}, https://{verified domain}/...)',
    audiences: ALL,
    source: IDENTIFIER_URI,
    graphCode: 'InvalidUniqueTenantIdentifierAsPerAppPolicy',
    graphMessage:
      'all newly added URIs must contain a tenant verified domain, tenant ID, or app ID',
    check: (app, context) =>
      eachString(
        app.identifierUris,
        'identifierUris',
        (uri) =>
          !(context.existingIdentifierUris ?? []).includes(uri) &&
          !hasUniqueTenantIdentifier(uri, context),
      ),
  },
  {
    id: 'requiredResourceAccess.count',
    property: 'requiredResourceAccess',
    limit: 'at most 50 resources and 400 permissions in all',
    audiences: ORGANIZATIONAL,
    source: VALIDATION,
    graphCode: 'Request_BadRequest',
    check: (app) => {
      const resources = app.requiredResourceAccess?.length ?? 0;
      const permissions = permissionCount(app);
      if (resources > 50)
        return [{ path: ['requiredResourceAccess'], value: resources, counted: true }];
      return permissions > 400
        ? [{ path: ['requiredResourceAccess'], value: permissions, counted: true }]
        : [];
    },
  },
  {
    id: 'requiredResourceAccess.count.personal',
    property: 'requiredResourceAccess',
    limit:
      'at most 50 resources, 200 permissions in all and 30 per resource for apps that sign in personal Microsoft accounts',
    audiences: PERSONAL,
    source: VALIDATION,
    note: 'The page gives 400 permissions in all for organizational audiences and 200 for personal ones; 200 applies here.',
    graphCode: 'Request_BadRequest',
    check: (app) => {
      const entries = app.requiredResourceAccess ?? [];
      const total = permissionCount(app);
      if (entries.length > 50)
        return [{ path: ['requiredResourceAccess'], value: entries.length, counted: true }];
      if (total > 200) return [{ path: ['requiredResourceAccess'], value: total, counted: true }];
      return entries.flatMap((entry, index) =>
        entry.resourceAccess.length > 30
          ? [
              {
                path: ['requiredResourceAccess', index],
                value: entry.resourceAccess.length,
                counted: true,
              },
            ]
          : [],
      );
    },
  },
  {
    id: 'api.requestedAccessTokenVersion.personal',
    property: 'api.requestedAccessTokenVersion',
    limit: '2 for apps that sign in personal Microsoft accounts',
    audiences: PERSONAL,
    source: API_APPLICATION,
    note: 'The apiApplication page names AzureADandPersonalMicrosoftAccount; Graph also requires it for PersonalMicrosoftAccount (microsoft-graph-docs-contrib#1122).',
    // Graph's code for this refusal is not documented; its message is quoted by users of the portal and Terraform.
    graphCode: 'Request_BadRequest',
    graphMessage: 'Property api.requestedAccessTokenVersion is invalid.',
    check: (app) => {
      const version = app.api?.requestedAccessTokenVersion ?? null;
      return version === 2
        ? []
        : [{ path: ['api', 'requestedAccessTokenVersion'], value: version }];
    },
  },
  {
    id: 'passwordCredentials.count.personal',
    property: 'passwordCredentials',
    limit: 'at most two client secrets for apps that sign in personal Microsoft accounts',
    audiences: PERSONAL,
    source: VALIDATION,
    note: 'The page says "If liveSDK is enabled"; the action cannot see that flag, so the limit always applies.',
    graphCode: 'Request_BadRequest',
    check: (app) => countOver(['passwordCredentials'], app.passwordCredentials?.length ?? 0, 2),
  },
  {
    id: 'appRoles.personal',
    property: 'appRoles',
    limit: 'no app roles for apps that sign in personal Microsoft accounts',
    audiences: PERSONAL,
    source: VALIDATION,
    graphCode: 'Request_BadRequest',
    check: (app) => countOver(['appRoles'], app.appRoles?.length ?? 0, 0),
  },
  {
    id: 'web.logoutUrl.form',
    property: 'web.logoutUrl',
    limit: 'an https URL (https://localhost included) of at most 255 characters',
    audiences: ALL,
    source: VALIDATION,
    graphCode: 'Request_BadRequest',
    check: (app) => {
      const url = app.web?.logoutUrl;
      return url && (url.length > 255 || !/^https:\/\//i.test(url))
        ? [{ path: ['web', 'logoutUrl'], value: url }]
        : [];
    },
  },
  {
    id: 'oauth2PermissionScopes.value.length',
    property: 'api.oauth2PermissionScopes',
    limit: 'scope values of at most 120 characters',
    audiences: ORGANIZATIONAL,
    source: VALIDATION,
    graphCode: 'Request_BadRequest',
    check: (app) => scopeValuesLongerThan(app, 120),
  },
  {
    id: 'oauth2PermissionScopes.personal',
    property: 'api.oauth2PermissionScopes',
    limit:
      'scope values of at most 40 characters and at most 100 scopes for apps that sign in personal Microsoft accounts',
    audiences: PERSONAL,
    source: VALIDATION,
    graphCode: 'Request_BadRequest',
    check: (app) => {
      const count = app.api?.oauth2PermissionScopes?.length ?? 0;
      const found = scopeValuesLongerThan(app, 40);
      return count > 100
        ? [...found, { path: ['api', 'oauth2PermissionScopes'], value: count, counted: true }]
        : found;
    },
  },
  {
    id: 'entitlements.count',
    property: 'appRoles',
    limit: 'at most 700 app roles and scopes together',
    audiences: ALL,
    source: VALIDATION,
    note: 'The page gives 700 as the default limit shared by appRoles and oauth2PermissionScopes.',
    graphCode: 'Request_BadRequest',
    check: (app) => {
      const count = (app.appRoles?.length ?? 0) + (app.api?.oauth2PermissionScopes?.length ?? 0);
      return count > 700 ? [{ path: ['appRoles'], value: count, counted: true }] : [];
    },
  },
  {
    id: 'preAuthorizedApplications.personal',
    property: 'api.preAuthorizedApplications',
    limit:
      'at most 100 clients, 30 scopes per client and 500 in all for apps that sign in personal Microsoft accounts',
    audiences: PERSONAL,
    source: VALIDATION,
    graphCode: 'Request_BadRequest',
    check: (app) => {
      const clients = app.api?.preAuthorizedApplications ?? [];
      const perClient = clients.map((c) => c.delegatedPermissionIds?.length ?? 0);
      const total = perClient.reduce((n, k) => n + k, 0);
      const path = ['api', 'preAuthorizedApplications'];
      if (clients.length > 100) return [{ path, value: clients.length, counted: true }];
      if (total > 500) return [{ path, value: total, counted: true }];
      return perClient.flatMap((n, index) =>
        n > 30
          ? [{ path: [...path, index, 'delegatedPermissionIds'], value: n, counted: true }]
          : [],
      );
    },
  },
];

/** Graph's error message for a broken rule. */
export function toGraphMessage(rule: AppModelRule): string {
  const property = rule.property.split('.')[0];
  return (
    rule.graphMessage ??
    `Invalid value specified for property '${property}' of resource 'Application'.`
  );
}

/** Returns every rule the application breaks for its audience (empty when it keeps them all). */
export function findRuleViolations(
  app: AppModelInput,
  context: AppModelContext = {},
): RuleViolation[] {
  return APP_MODEL_RULES.filter((rule) =>
    (rule.audiences as readonly string[]).includes(app.signInAudience),
  ).flatMap((rule) => rule.check(app, context).map((found) => ({ rule, ...found })));
}
