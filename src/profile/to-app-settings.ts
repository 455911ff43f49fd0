// The validated profile's spa, web sign-out and implicit grant, api scopes and clients, appRoles,
// optional claims, group claims and info → AppSettingsSpec (Graph's shapes, defaults filled in).
import type { DesiredApi, DesiredAppRole, DesiredScope } from '../model/entitlements.js';
import type { InfoUrls, OptionalClaim, OptionalClaims } from '../model/graph-types.js';
import { isMapping } from './key-path.js';
import type { AppSettingsSpec } from './types.js';

const TOKEN_TYPES = ['idToken', 'accessToken', 'saml2Token'] as const;
const INFO_URLS = [
  'marketingUrl',
  'privacyStatementUrl',
  'supportUrl',
  'termsOfServiceUrl',
] as const;

/** Returns the settings a profile value names; keys it leaves out stay absent (left as they are). */
export function toAppSettings(value: Record<string, unknown>): AppSettingsSpec {
  const settings: AppSettingsSpec = {};
  if (isMapping(value.spa)) settings.spa = { redirectUris: strings(value.spa.redirectUris) };
  const web = isMapping(value.web) ? value.web : {};
  if (typeof web.logoutUrl === 'string' || isMapping(web.implicitGrantSettings)) {
    settings.web = {};
    if (typeof web.logoutUrl === 'string') settings.web.logoutUrl = web.logoutUrl;
    if (isMapping(web.implicitGrantSettings)) {
      const grant = web.implicitGrantSettings;
      settings.web.implicitGrantSettings = {
        enableAccessTokenIssuance: grant.enableAccessTokenIssuance === true,
        enableIdTokenIssuance: grant.enableIdTokenIssuance === true,
      };
    }
  }
  const api = isMapping(value.api) ? toApi(value.api) : {};
  if (Object.keys(api).length > 0) settings.api = api;
  if (Array.isArray(value.appRoles)) settings.appRoles = list(value.appRoles).map(toAppRole);
  if (isMapping(value.optionalClaims)) settings.optionalClaims = toClaims(value.optionalClaims);
  if (typeof value.groupMembershipClaims === 'string')
    settings.groupMembershipClaims = value.groupMembershipClaims;
  if (isMapping(value.info)) settings.info = toInfo(value.info);
  return settings;
}

function toApi(api: Record<string, unknown>): Partial<DesiredApi> {
  const result: Partial<DesiredApi> = {};
  if (Array.isArray(api.oauth2PermissionScopes))
    result.oauth2PermissionScopes = list(api.oauth2PermissionScopes).map(toScope);
  if (Array.isArray(api.preAuthorizedApplications))
    result.preAuthorizedApplications = list(api.preAuthorizedApplications).map((entry) => ({
      appId: String(entry.appId).toLowerCase(),
      scopes: strings(entry.delegatedPermissionIds),
    }));
  if (Array.isArray(api.knownClientApplications))
    result.knownClientApplications = strings(api.knownClientApplications).map((id) =>
      id.toLowerCase(),
    );
  return result;
}

function toScope(entry: Record<string, unknown>): DesiredScope {
  return {
    ...(typeof entry.id === 'string' ? { id: entry.id.toLowerCase() } : {}),
    value: String(entry.value),
    type: entry.type === 'Admin' ? 'Admin' : 'User',
    adminConsentDisplayName: String(entry.adminConsentDisplayName),
    adminConsentDescription: String(entry.adminConsentDescription),
    userConsentDisplayName: optionalText(entry.userConsentDisplayName),
    userConsentDescription: optionalText(entry.userConsentDescription),
    isEnabled: entry.isEnabled !== false,
  };
}

function toAppRole(entry: Record<string, unknown>): DesiredAppRole {
  return {
    ...(typeof entry.id === 'string' ? { id: entry.id.toLowerCase() } : {}),
    value: String(entry.value),
    displayName: String(entry.displayName),
    description: String(entry.description),
    allowedMemberTypes: strings(entry.allowedMemberTypes),
    isEnabled: entry.isEnabled !== false,
  };
}

function toClaims(claims: Record<string, unknown>): Partial<OptionalClaims> {
  const result: Partial<OptionalClaims> = {};
  for (const type of TOKEN_TYPES) {
    if (Array.isArray(claims[type])) result[type] = list(claims[type]).map(toClaim);
  }
  return result;
}

function toClaim(entry: Record<string, unknown>): OptionalClaim {
  return {
    name: String(entry.name),
    source: optionalText(entry.source),
    essential: entry.essential === true,
    additionalProperties: strings(entry.additionalProperties),
  };
}

function toInfo(info: Record<string, unknown>): Partial<InfoUrls> {
  const result: Partial<InfoUrls> = {};
  for (const key of INFO_URLS) {
    if (typeof info[key] === 'string') result[key] = info[key];
  }
  return result;
}

/** The string, or null for anything else. */
export function optionalText(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

/** The list's entries as strings; [] when it is not a list. */
export function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : [];
}

/** The list's mappings; [] when it is not a list. */
export function list(value: unknown): Array<Record<string, unknown>> {
  return Array.isArray(value) ? value.filter(isMapping) : [];
}
