// Turns Entra ID token-endpoint refusals (AADSTS codes) into errors that say what to fix.
// https://learn.microsoft.com/entra/identity-platform/reference-error-codes
import { AuthError, walkCauses } from '../errors.js';
import { decodeJwtPayload } from './jwt.js';

/** Claims of the GitHub OIDC token that a federated credential matches on. */
export interface IdTokenClaims {
  issuer: string | undefined;
  subject: string | undefined;
  audience: string | undefined;
}

interface ExplainContext {
  clientId?: string;
  tenantId?: string;
  env?: NodeJS.ProcessEnv;
}

const SUBJECT_FORMS =
  'Subject forms: repo:OWNER/REPO:environment:NAME (jobs that use an environment), repo:OWNER/REPO:ref:refs/heads/BRANCH, ' +
  'repo:OWNER/REPO:ref:refs/tags/TAG, repo:OWNER/REPO:pull_request; repositories created or renamed since July 2026 use the ' +
  'immutable form repo:OWNER@OWNER_ID/REPO@REPO_ID:… — copy the subject shown above. Matching is exact and case-sensitive.';

/** Returns an AuthError whose first line says why sign-in failed; never includes the token itself. */
export function explainSignInError(
  err: unknown,
  lastIdToken: string | undefined,
  context: ExplainContext = {},
): AuthError {
  if (err instanceof AuthError) return err;
  const env = context.env ?? process.env;
  if (!env.ACTIONS_ID_TOKEN_REQUEST_URL) {
    return new AuthError(
      'Cannot sign in to Entra ID: the job has no GitHub OIDC token (ACTIONS_ID_TOKEN_REQUEST_URL is not set). ' +
        'Add `permissions: id-token: write` to the workflow or job.',
      { cause: err },
    );
  }
  const text = collectMessages(err);
  // MSAL reads the tenant's openid-configuration before the token request; for an unknown tenant
  // Entra answers 400 AADSTS90002 there, and MSAL reports only endpoints_resolution_error.
  const code =
    /AADSTS(\d+)/.exec(text)?.[1] ??
    (/endpoints_resolution_error|Endpoints cannot be resolved/i.test(text) ? '90002' : undefined);
  const app = context.clientId ? `app ${context.clientId}` : 'the app';
  const tenant = context.tenantId ? `tenant ${context.tenantId}` : 'the tenant';
  const claims = lastIdToken ? decodeIdTokenClaims(lastIdToken) : undefined;
  switch (code) {
    case '70021':
    case '700211':
    case '700212':
    case '700213':
    case '7002138':
      return new AuthError(
        `Sign-in to Entra ID failed (AADSTS${code}): no federated credential on ${app} matches the GitHub OIDC token.\n` +
          describeClaims(claims) +
          `Add a federated credential to ${app} with exactly this issuer, subject and audience. ${SUBJECT_FORMS}`,
        { cause: err },
      );
    case '70025':
      return new AuthError(
        `Sign-in to Entra ID failed (AADSTS70025): ${app} has no federated credentials.\n` +
          describeClaims(claims) +
          `Add a federated credential that trusts this workflow. ${SUBJECT_FORMS}`,
        { cause: err },
      );
    case '700016':
      return new AuthError(
        `Sign-in to Entra ID failed (AADSTS700016): ${app} was not found in ${tenant}. Check the client-id and tenant-id inputs.`,
        { cause: err },
      );
    case '7000229':
      return new AuthError(
        `Sign-in to Entra ID failed (AADSTS7000229): ${app} has no service principal in ${tenant}. Create one (az ad sp create --id <client-id>) or check tenant-id.`,
        { cause: err },
      );
    case '90002':
    case '900023':
      return new AuthError(
        `Sign-in to Entra ID failed (AADSTS${code}): ${tenant} was not found (Entra could not resolve its sign-in endpoints). Check the tenant-id input (the directory (tenant) ID GUID or a verified domain such as contoso.onmicrosoft.com) and the cloud input.`,
        { cause: err },
      );
    case '700024':
      return new AuthError(
        `Sign-in to Entra ID failed (AADSTS700024): the GitHub OIDC token is outside its validity period (expired, or the clock of the runner or token service is off). Re-run the job.`,
        { cause: err },
      );
    case '500011':
      return new AuthError(
        `Sign-in to Entra ID failed (AADSTS500011): ${tenant} does not know the Microsoft Graph resource requested. Check the cloud and graph-endpoint inputs.`,
        { cause: err },
      );
    default:
      return new AuthError(
        `Sign-in to Entra ID failed for ${app} in ${tenant}: ${firstLine(text) || 'no details'}`,
        { cause: err },
      );
  }
}

/** Returns the issuer, subject and audience of a JWT without verifying it; undefined fields when unreadable. */
export function decodeIdTokenClaims(jwt: string): IdTokenClaims {
  const payload = decodeJwtPayload(jwt);
  const aud = payload.aud;
  return {
    issuer: typeof payload.iss === 'string' ? payload.iss : undefined,
    subject: typeof payload.sub === 'string' ? payload.sub : undefined,
    audience: Array.isArray(aud) ? aud.join(', ') : typeof aud === 'string' ? aud : undefined,
  };
}

function describeClaims(claims: IdTokenClaims | undefined): string {
  if (!claims) return '';
  return `The GitHub token carried issuer '${claims.issuer ?? '?'}', subject '${claims.subject ?? '?'}', audience '${claims.audience ?? '?'}'.\n`;
}

function collectMessages(err: unknown): string {
  const parts: string[] = [];
  for (const link of walkCauses(err)) {
    if (!(link instanceof Error)) {
      parts.push(String(link));
      break;
    }
    parts.push(link.message);
    const response = (link as { errorResponse?: { errorDescription?: string } }).errorResponse;
    if (response?.errorDescription) parts.push(response.errorDescription);
  }
  return parts.join('\n');
}

function firstLine(text: string): string {
  return (
    text
      .split('\n')
      .find((l) => l.trim())
      ?.trim() ?? ''
  );
}
