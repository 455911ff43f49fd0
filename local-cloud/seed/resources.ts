// Service principals every real tenant has: Microsoft's first-party APIs with their published app
// roles and delegated scopes, plus filler service principals for large-tenant benchmarks.
import { randomUUID } from 'node:crypto';
import type { StoredServicePrincipal, Tenant } from '../tenant.js';
import { FIRST_PARTY_DEFINITIONS, type FirstPartyDefinition } from './first-party-permissions.js';

/** The tenant id of Microsoft's own apps (appOwnerOrganizationId of first-party service principals). */
export const MICROSOFT_SERVICES_TENANT_ID = 'f8cdef31-a31e-4b4a-93e4-5f571e91255a';

const SERVICE_PRINCIPAL_NAMES: Readonly<Record<string, readonly string[]>> = {
  '00000003-0000-0000-c000-000000000000': [
    'https://graph.microsoft.com',
    'https://graph.microsoft.com/',
    'https://canary.graph.microsoft.com',
  ],
  '00000002-0000-0ff1-ce00-000000000000': [
    'https://outlook.office365.com',
    'https://outlook.office.com',
    'https://ps.outlook.com',
  ],
  '00000003-0000-0ff1-ce00-000000000000': [
    'https://microsoft.sharepoint-df.com',
    '00000003-0000-0ff1-ce00-000000000000/*.sharepoint.com',
  ],
};

/** Whether `appId` is one of the first-party resources the local cloud knows. */
export function isFirstPartyAppId(appId: string): boolean {
  return FIRST_PARTY_DEFINITIONS.some((d) => d.appId === appId);
}

type Published = Pick<StoredServicePrincipal, 'appRoles' | 'oauth2PermissionScopes'>;
const PUBLISHED = new Map<string, Published>();

/**
 * The app roles and scopes of a first-party resource as Graph returns them, built once per process
 * and shared (frozen) by every tenant: Microsoft Graph alone publishes about 1,500 of them.
 */
function toPublishedPermissions(definition: FirstPartyDefinition): Published {
  const cached = PUBLISHED.get(definition.appId);
  if (cached) return cached;
  const published: Published = {
    appRoles: definition.appRoles.map(([id, value, displayName, description]) =>
      Object.freeze({
        allowedMemberTypes: Object.freeze(['Application']) as string[],
        description,
        displayName,
        id,
        isEnabled: true,
        origin: 'Application',
        value,
      }),
    ),
    oauth2PermissionScopes: definition.scopes.map(([id, value, displayName, description, type]) =>
      Object.freeze({
        adminConsentDescription: description,
        adminConsentDisplayName: displayName,
        id,
        isEnabled: true,
        origin: 'Application',
        // Exchange publishes no consent type in any source; Admin is the conservative reading.
        type: type ?? 'Admin',
        // The catalog holds the admin-consent texts only; Graph returns user-consent texts for
        // every scope, so the admin texts stand in for them (same size, same meaning).
        userConsentDescription: description,
        userConsentDisplayName: displayName,
        value,
      }),
    ),
  };
  Object.freeze(published.appRoles);
  Object.freeze(published.oauth2PermissionScopes);
  PUBLISHED.set(definition.appId, published);
  return published;
}

/** A service principal for a first-party resource as Graph returns it (not stored). */
export function toFirstPartyServicePrincipal(
  definition: FirstPartyDefinition,
  createdAt = 0,
): StoredServicePrincipal {
  return {
    id: randomUUID(),
    appId: definition.appId,
    displayName: definition.displayName,
    appDisplayName: definition.displayName,
    servicePrincipalType: 'Application',
    appOwnerOrganizationId: MICROSOFT_SERVICES_TENANT_ID,
    tags: [],
    accountEnabled: true,
    ...toPublishedPermissions(definition),
    servicePrincipalNames: [definition.appId, ...(SERVICE_PRINCIPAL_NAMES[definition.appId] ?? [])],
    passwordCredentials: [],
    keyCredentials: [],
    owners: [],
    _createdAt: createdAt,
  };
}

/** Stores the service principal of the first-party resource `appId` (when known and missing) and returns it. */
export function createFirstPartyServicePrincipal(
  tenant: Tenant,
  appId: string,
  createdAt = 0,
): StoredServicePrincipal | undefined {
  const existing = tenant.servicePrincipalByAppId(appId);
  if (existing) return existing;
  const definition = FIRST_PARTY_DEFINITIONS.find((d) => d.appId === appId);
  if (!definition) return undefined;
  const sp = toFirstPartyServicePrincipal(definition, createdAt);
  tenant.servicePrincipals.set(sp.id, sp);
  return sp;
}

/** Adds the service principals of Microsoft Graph, Exchange Online and SharePoint Online; returns them. */
export function seedFirstPartyResources(tenant: Tenant): StoredServicePrincipal[] {
  return FIRST_PARTY_DEFINITIONS.map(
    (d) => createFirstPartyServicePrincipal(tenant, d.appId) as StoredServicePrincipal,
  );
}

/** Adds `n` unrelated service principals (no roles, no owners) for large-tenant benchmarks. */
export function seedBulkServicePrincipals(tenant: Tenant, n: number): void {
  for (let i = 0; i < n; i += 1) {
    const id = randomUUID();
    const appId = randomUUID();
    tenant.servicePrincipals.set(id, {
      id,
      appId,
      displayName: `Contoso workload ${String(i + 1).padStart(5, '0')}`,
      servicePrincipalType: 'Application',
      appOwnerOrganizationId: tenant.tenantId,
      tags: ['WindowsAzureActiveDirectoryIntegratedApp'],
      accountEnabled: true,
      appRoles: [],
      oauth2PermissionScopes: [],
      servicePrincipalNames: [appId],
      passwordCredentials: [],
      keyCredentials: [],
      owners: [],
      _createdAt: 0,
    });
  }
}
