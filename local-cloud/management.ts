// A minimal Azure Resource Manager (management.azure.com): what `az login --service-principal` reads
// after its token: GET /subscriptions (none: the tenant has no Azure subscription) and GET /tenants
// (the one tenant). Errors use ARM's shape: {"error": {"code", "message"}}.
// https://learn.microsoft.com/rest/api/resources/subscriptions/list
// https://learn.microsoft.com/rest/api/resources/tenants/list
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { VerifiedAccessToken } from './entra-access-token.js';
import { sendJson } from './https-service.js';
import { MANAGEMENT_AUDIENCES } from './seed/management-api.js';
import type { Tenant } from './tenant.js';

/** What the management fake needs: the tenant and Entra's token check. */
export interface ManagementOptions {
  tenant: Tenant;
  authenticate(
    authorization: string | undefined,
    audiences: readonly string[],
  ): VerifiedAccessToken | null;
}

/** Returns the HTTP handler of the management fake. */
export function createManagementHandler(
  options: ManagementOptions,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const url = new URL(req.url ?? '/', 'https://management.azure.com');
    const headers = {
      'x-ms-request-id': randomUUID(),
      'x-ms-correlation-request-id': randomUUID(),
    };
    const fail = (status: number, code: string, message: string): void =>
      sendJson(res, status, { error: { code, message } }, headers);
    if (!url.searchParams.get('api-version'))
      return fail(
        400,
        'MissingApiVersionParameter',
        'The api-version query parameter (?api-version=) is required for all requests.',
      );
    const token = options.authenticate(req.headers.authorization, MANAGEMENT_AUDIENCES);
    if (!token)
      return fail(
        401,
        'InvalidAuthenticationToken',
        'The access token is invalid or was not issued for https://management.core.windows.net/.',
      );
    const route = `${req.method} ${url.pathname.replace(/\/+$/, '')}`;
    if (route === 'GET /subscriptions') return sendJson(res, 200, toList([]), headers);
    if (route === 'GET /tenants') {
      const { tenant } = options;
      return sendJson(res, 200, toList([toTenantResource(tenant)]), headers);
    }
    fail(
      404,
      'InvalidResourceType',
      `The local cloud's Resource Manager serves only GET /subscriptions and GET /tenants, not ${route}.`,
    );
  };
}

function toList(value: unknown[]): Record<string, unknown> {
  return { value, count: { type: 'Total', value: value.length } };
}

function toTenantResource(tenant: Tenant): Record<string, unknown> {
  return {
    id: `/tenants/${tenant.tenantId}`,
    tenantId: tenant.tenantId,
    countryCode: 'US',
    displayName: 'Contoso',
    domains: [tenant.domain],
    tenantCategory: 'Home',
    defaultDomain: tenant.domain,
    tenantType: 'AAD',
  };
}
