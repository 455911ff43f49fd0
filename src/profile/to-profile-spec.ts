// The validated, merged profile value → ProfileSpec, with the defaults filled in.
import { isPersonalAudience } from '../model/app-model-rules.js';
import type { CredentialType } from '../model/desired.js';
import type { FederatedIdentityCredential, SignInAudience } from '../model/graph-types.js';
import { isMapping } from './key-path.js';
import { toAssignmentSpecs, toOwnerRefs, toServicePrincipalSettings } from './to-directory-spec.js';
import { list, optionalText, strings, toAppSettings } from './to-app-settings.js';
import type { CredentialSpec, HandoffSpec, PermissionSpec, ProfileSpec } from './types.js';

/**
 * Audience of a federated credential when the profile gives none and no cloud is known: the public
 * cloud's token exchange (the desired state uses the run's cloud, see TOKEN_EXCHANGE_AUDIENCES).
 */
export const DEFAULT_FEDERATED_AUDIENCE = 'api://AzureADTokenExchange';

const ALL_CREDENTIAL_TYPES: CredentialType[] = ['secret', 'certificate', 'none'];

/** Returns the uniqueName derived from a display name: lower-case letters and digits joined by single hyphens. */
export function toUniqueName(displayName: string): string {
  return displayName
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** Returns the ProfileSpec of a profile value that passed the schema. */
export function toProfileSpec(value: Record<string, unknown>, source: string): ProfileSpec {
  const displayName = String(value.displayName ?? '').trim();
  const web = isMapping(value.web) ? value.web : {};
  const publicClient = isMapping(value.publicClient) ? value.publicClient : {};
  const api = isMapping(value.api) ? value.api : {};
  const audience = (value.signInAudience as SignInAudience | undefined) ?? 'AzureADMyOrg';
  return {
    source,
    displayName,
    uniqueName: typeof value.uniqueName === 'string' ? value.uniqueName : toUniqueName(displayName),
    description: optionalText(value.description),
    notes: optionalText(value.notes),
    signInAudience: audience,
    webRedirectUris: strings(web.redirectUris),
    publicClientRedirectUris: strings(publicClient.redirectUris),
    isFallbackPublicClient:
      typeof value.isFallbackPublicClient === 'boolean' ? value.isFallbackPublicClient : null,
    requestedAccessTokenVersion: toAccessTokenVersion(api.requestedAccessTokenVersion, audience),
    permissions: list(value.permissions).map(toPermissionSpec),
    credential: toCredentialSpec(isMapping(value.credential) ? value.credential : {}),
    handoff: isMapping(value.handoff) ? toHandoffSpec(value.handoff) : null,
    federatedCredentials: list(value.federatedCredentials).map(toFederatedCredential),
    owners: toOwnerRefs(value.owners),
    servicePrincipal: toServicePrincipalSettings(value.servicePrincipal),
    assignments: toAssignmentSpecs(value.assignments),
    tags: strings(value.tags),
    identifierUris: strings(value.identifierUris),
    instances: toInstances(value.instances),
    appSettings: toAppSettings(value),
  };
}

/**
 * The access token version the app needs: the profile's, else 2 for apps that sign in personal
 * Microsoft accounts (Graph refuses them any other), else null (leave the app's as it is).
 * https://learn.microsoft.com/graph/api/resources/apiapplication
 */
function toAccessTokenVersion(given: unknown, audience: SignInAudience): number | null {
  if (typeof given === 'number') return given;
  return isPersonalAudience(audience) ? 2 : null;
}

function toPermissionSpec(entry: Record<string, unknown>): PermissionSpec {
  return {
    resource: String(entry.resource).trim(),
    application: strings(entry.application),
    delegated: strings(entry.delegated),
  };
}

function toHandoffSpec(handoff: Record<string, unknown>): HandoffSpec {
  const fields = isMapping(handoff.fields) ? handoff.fields : {};
  return {
    product: String(handoff.product),
    configuredByHand: handoff.configuredByHand === true,
    form: optionalText(handoff.form),
    fields: {
      clientId: optionalText(fields.clientId),
      tenantId: optionalText(fields.tenantId),
      credential: optionalText(fields.credential),
    },
  };
}

function toCredentialSpec(credential: Record<string, unknown>): CredentialSpec {
  const spec: CredentialSpec = {
    type: (credential.type as CredentialType | undefined) ?? 'secret',
    allowed: Array.isArray(credential.allowed)
      ? (credential.allowed as CredentialType[])
      : [...ALL_CREDENTIAL_TYPES],
  };
  if (typeof credential.lifetimeDays === 'number') spec.lifetimeDays = credential.lifetimeDays;
  if (typeof credential.allowedReason === 'string') spec.allowedReason = credential.allowedReason;
  if (credential.neverExpire === true) spec.neverExpire = true;
  return spec;
}

function toFederatedCredential(entry: Record<string, unknown>): FederatedIdentityCredential {
  return {
    name: String(entry.name),
    issuer: String(entry.issuer),
    subject: String(entry.subject),
    // Empty: none given (the schema refuses an empty list); the desired state puts the cloud's.
    audiences: Array.isArray(entry.audiences) ? strings(entry.audiences) : [],
    description: optionalText(entry.description),
  };
}

function toInstances(instances: unknown): ProfileSpec['instances'] {
  if (typeof instances === 'number') return { count: instances };
  if (isMapping(instances) && typeof instances.mailboxes === 'number')
    return { mailboxes: instances.mailboxes };
  return null;
}
