// Azure's management API as a tenant holds it: the first-party service principal "Windows Azure
// Service Management API", whose token `az login --service-principal` asks for
// (scope https://management.core.windows.net//.default) before it lists subscriptions.
import { randomUUID } from 'node:crypto';
import type { StoredServicePrincipal, Tenant } from '../tenant.js';
import { MICROSOFT_SERVICES_TENANT_ID } from './resources.js';

/** The appId of the Windows Azure Service Management API. */
export const MANAGEMENT_APP_ID = '797f4846-ba00-4fd7-ba43-dac1f8f63013';

/** The audiences of management tokens: the resource as requested, with and without the slash. */
export const MANAGEMENT_AUDIENCES = [
  'https://management.core.windows.net/',
  'https://management.core.windows.net',
  'https://management.azure.com/',
  'https://management.azure.com',
  MANAGEMENT_APP_ID,
];

/** Adds the Windows Azure Service Management API service principal (when missing) and returns it. */
export function seedManagementApi(tenant: Tenant): StoredServicePrincipal {
  const existing = tenant.servicePrincipalByAppId(MANAGEMENT_APP_ID);
  if (existing) return existing;
  const displayName = 'Windows Azure Service Management API';
  const sp: StoredServicePrincipal = {
    id: randomUUID(),
    appId: MANAGEMENT_APP_ID,
    displayName,
    appDisplayName: displayName,
    servicePrincipalType: 'Application',
    appOwnerOrganizationId: MICROSOFT_SERVICES_TENANT_ID,
    tags: [],
    accountEnabled: true,
    // Azure grants access through role assignments on resources, not app roles.
    appRoles: [],
    oauth2PermissionScopes: [
      {
        id: '41094075-9dad-400e-a0bd-54e686782033',
        value: 'user_impersonation',
        adminConsentDisplayName: 'Access Azure Service Management as organization users (preview)',
        adminConsentDescription:
          'Allows the application to access the Azure Management Service API acting as users in the organization.',
        userConsentDisplayName: 'Access Azure Service Management as you (preview)',
        userConsentDescription: 'Allows the application to access Azure Service Management as you.',
        type: 'User',
        isEnabled: true,
      },
    ],
    servicePrincipalNames: [
      MANAGEMENT_APP_ID,
      'https://management.core.windows.net/',
      'https://management.azure.com/',
    ],
    passwordCredentials: [],
    keyCredentials: [],
    owners: [],
    _createdAt: 0,
  };
  tenant.servicePrincipals.set(sp.id, sp);
  return sp;
}
