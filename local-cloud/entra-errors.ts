// Entra ID token-endpoint errors with the body shape, HTTP status and AADSTS wording the real
// service sends (taken from published error responses; see shared/reference/msgraph/graph-error-catalog.json).
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson } from './https-service.js';

/** One AADSTS error to answer with. */
export interface EntraError {
  status: number;
  error: string;
  code: number;
  message: string;
}

/** The AADSTS errors the local token endpoint produces, by scenario. */
export const aadsts = {
  tenantNotFound: (tenant: string): EntraError => ({
    status: 400,
    error: 'invalid_tenant',
    code: 90002,
    message: `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.`,
  }),
  noTenantInformation: (): EntraError => ({
    status: 400,
    error: 'invalid_request',
    code: 50059,
    message:
      'No tenant-identifying information found in either the request or implied by any provided credentials.',
  }),
  applicationDisabled: (clientId: string, displayName: string): EntraError => ({
    status: 400,
    error: 'unauthorized_client',
    code: 7000112,
    message: `Application '${clientId}'(${displayName}) is disabled.`,
  }),
  missingParameter: (name: string): EntraError => ({
    status: 400,
    error: 'invalid_request',
    code: 900144,
    message: `The request body must contain the following parameter: '${name}'.`,
  }),
  unsupportedGrantType: (grantType: string): EntraError => ({
    status: 400,
    error: 'unsupported_grant_type',
    code: 70003,
    message: `The app requested an unsupported grant type '${grantType}'.`,
  }),
  invalidScope: (): EntraError => ({
    status: 400,
    error: 'invalid_scope',
    code: 70011,
    message: "The provided value for the input parameter 'scope' is not valid.",
  }),
  resourceNotFound: (resource: string, tenantId: string): EntraError => ({
    status: 400,
    error: 'invalid_resource',
    code: 500011,
    message: `The resource principal named ${resource} was not found in the tenant named ${tenantId}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.`,
  }),
  applicationNotFound: (clientId: string, tenantId: string): EntraError => ({
    status: 400,
    error: 'unauthorized_client',
    code: 700016,
    message: `Application with identifier '${clientId}' was not found in the directory '${tenantId}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
  }),
  servicePrincipalMissing: (clientId: string, tenantId: string): EntraError => ({
    status: 400,
    error: 'invalid_client',
    code: 7000229,
    message: `The client application ${clientId} is missing service principal in the tenant ${tenantId}. See instructions here: https://go.microsoft.com/fwlink/?linkid=2225119`,
  }),
  missingCredential: (): EntraError => ({
    status: 401,
    error: 'invalid_client',
    code: 7000218,
    message:
      "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
  }),
  invalidSecret: (clientId: string): EntraError => ({
    status: 401,
    error: 'invalid_client',
    code: 7000215,
    message: `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`,
  }),
  expiredSecret: (clientId: string): EntraError => ({
    status: 401,
    error: 'invalid_client',
    code: 7000222,
    message: `The provided client secret keys for app '${clientId}' are expired. Visit the Azure portal to create new keys for your app: https://aka.ms/NewClientSecret, or consider using certificate credentials for added security: https://aka.ms/certCreds.`,
  }),
  malformedAssertion: (): EntraError => ({
    status: 400,
    error: 'invalid_request',
    code: 50027,
    message: 'JWT token is invalid or malformed.',
  }),
  unsupportedAssertionType: (): EntraError => ({
    status: 400,
    error: 'invalid_request',
    code: 700010,
    message:
      "Invalid client_assertion_type: it must be 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer'.",
  }),
  assertionTimeRange: (
    now: number,
    nbf: number | undefined,
    exp: number | undefined,
  ): EntraError => ({
    status: 401,
    error: 'invalid_client',
    code: 700024,
    message: `Client assertion is not within its valid time range. Current time: ${formatAssertionTime(now)}, assertion valid from ${formatAssertionTime((nbf ?? 0) * 1000)}, expiry time of assertion ${formatAssertionTime((exp ?? 0) * 1000)}. Review the documentation at https://learn.microsoft.com/entra/identity-platform/certificate-credentials .`,
  }),
  noFederatedCredentials: (iss: string, sub: string, aud: string): EntraError => ({
    status: 400,
    error: 'invalid_request',
    code: 70021,
    message: `No matching federated identity record found for presented assertion. Assertion Issuer: '${iss}'. Assertion Subject: '${sub}'. Assertion Audience: '${aud}'. https://learn.microsoft.com/entra/workload-id/workload-identity-federation`,
  }),
  federatedIssuerMismatch: (iss: string): EntraError => ({
    status: 401,
    error: 'invalid_client',
    code: 700211,
    message: `No matching federated identity record found for presented assertion issuer '${iss}'. Please check your federated identity credential Subject, Audience and Issuer against the presented assertion. https://learn.microsoft.com/entra/workload-id/workload-identity-federation`,
  }),
  federatedAudienceMismatch: (aud: string): EntraError => ({
    status: 401,
    error: 'invalid_client',
    code: 700212,
    message: `No matching federated identity record found for presented assertion audience '${aud}'. Please check your federated identity credential Subject, Audience and Issuer against the presented assertion. https://learn.microsoft.com/entra/workload-id/workload-identity-federation`,
  }),
  federatedSubjectMismatch: (sub: string): EntraError => ({
    status: 401,
    error: 'invalid_client',
    code: 700213,
    message: `No matching federated identity record found for presented assertion subject '${sub}'. Check your federated identity credential Subject, Audience and Issuer against the presented assertion. https://learn.microsoft.com/entra/workload-id/workload-identity-federation`,
  }),
  federatedSubjectCaseMismatch: (sub: string): EntraError => ({
    status: 401,
    error: 'invalid_client',
    code: 7002138,
    message: `No matching federated identity record found for presented assertion subject '${sub}'. The subject matches with case-insensitive comparison, but not with case-sensitive comparison. Check your federated identity credential Subject, Audience and Issuer against the presented assertion. See documentation at: https://learn.microsoft.com/entra/workload-id/workload-identity-federation. See breaking change notification and remediation at: https://learn.microsoft.com/en-us/entra/identity-platform/reference-breaking-changes#august-2024.`,
  }),
  externalIssuerUnreachable: (): EntraError => ({
    status: 400,
    error: 'invalid_request',
    code: 50166,
    message: 'Request to External OIDC endpoint failed.',
  }),
  assertionSignature: (thumbprintHex: string): EntraError => ({
    status: 401,
    error: 'invalid_client',
    code: 700027,
    message: `Client assertion contains an invalid signature. [Reason - The key was not found., Thumbprint of key used by client: '${thumbprintHex}']`,
  }),
  certificateNotRegistered: (
    thumbprintHex: string,
    clientId: string,
    reason = 'The key was not found.',
  ): EntraError => ({
    status: 401,
    error: 'invalid_client',
    code: 700027,
    message: `The certificate with identifier used to sign the client assertion is not registered on application. [Reason - ${reason}, Thumbprint of key used by client: '${thumbprintHex}', Please visit the Azure Portal, Graph Explorer or directly use MS Graph to see configured keys for app Id '${clientId}'. Review the documentation at https://docs.microsoft.com/en-us/graph/deployments to determine the corresponding service endpoint and https://docs.microsoft.com/en-us/graph/api/application-get?view=graph-rest-1.0&tabs=http to build a query request URL, such as 'https://graph.microsoft.com/beta/applications/${clientId}']`,
  }),
  assertionClientMismatch: (): EntraError => ({
    status: 401,
    error: 'invalid_client',
    code: 700021,
    message:
      "Client assertion application identifier doesn't match 'client_id' parameter. Review the documentation at https://learn.microsoft.com/entra/identity-platform/certificate-credentials .",
  }),
  assertionAudience: (): EntraError => ({
    status: 401,
    error: 'invalid_client',
    code: 700023,
    message:
      'Client assertion audience claim does not match Realm issuer. Review the documentation at https://learn.microsoft.com/entra/identity-platform/certificate-credentials .',
  }),
};

/** Writes `err` in Entra's body shape: error, "AADSTS…: … Trace ID … Correlation ID … Timestamp …", error_codes, ids. */
export function sendEntraError(
  req: IncomingMessage,
  res: ServerResponse,
  err: EntraError,
  now: number,
  errorHost: string,
): void {
  const traceId = randomUUID();
  const correlationId = headerValue(req, 'client-request-id') ?? randomUUID();
  const timestamp = new Date(now)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, 'Z');
  sendJson(
    res,
    err.status,
    {
      error: err.error,
      error_description: `AADSTS${err.code}: ${err.message} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
      error_codes: [err.code],
      timestamp,
      trace_id: traceId,
      correlation_id: correlationId,
      error_uri: `${errorHost}/error?code=${err.code}`,
    },
    { 'x-ms-request-id': traceId, 'client-request-id': correlationId },
  );
}

// Entra prints assertion times with seven fractional digits: 2024-10-02T22:05:03.6755165Z.
function formatAssertionTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$10000Z');
}

function headerValue(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
