// Graph error answers → GraphError, with a permission hint where a 403 calls for one.
// Error body: {"error":{"code","message","innerError":{"date","request-id"}}}
// https://learn.microsoft.com/graph/errors
import { GraphError } from '../errors.js';

/** One Graph answer as the client saw it (a whole response or one $batch item). */
export interface GraphAnswer {
  method: string;
  path: string;
  status: number;
  /** Lower-case header names. */
  headers: Record<string, string>;
  body: unknown;
}

interface ODataErrorBody {
  error?: {
    code?: unknown;
    message?: unknown;
    innerError?: { date?: unknown; 'request-id'?: unknown };
  };
}

/** Returns the GraphError for an error answer; a 403 Authorization_RequestDenied names the permission to grant. */
export function toGraphError(answer: GraphAnswer, options?: ErrorOptions): GraphError {
  const error = (answer.body as ODataErrorBody | undefined)?.error;
  const text = typeof answer.body === 'string' ? answer.body.trim().slice(0, 300) : '';
  const err = new GraphError(
    {
      method: answer.method,
      path: toDisplayPath(answer.path),
      status: answer.status,
      code: typeof error?.code === 'string' ? error.code : `HTTP${answer.status}`,
      message:
        typeof error?.message === 'string'
          ? error.message
          : text || 'no error details in the response',
      requestId:
        asString(error?.innerError?.['request-id']) ??
        answer.headers['request-id'] ??
        answer.headers['client-request-id'],
      date: asString(error?.innerError?.date) ?? answer.headers.date,
    },
    options,
  );
  const hint =
    answer.status === 403 && err.code === 'Authorization_RequestDenied'
      ? describeMissingPermission(answer.method, answer.path)
      : undefined;
  if (hint) err.message += `\n${hint}`;
  return err;
}

/** Returns a GraphError for a request that never got an answer (the connection failed). */
export function toConnectionError(
  method: string,
  path: string,
  reason: string,
  cause: unknown,
): GraphError {
  return new GraphError(
    {
      method,
      path: toDisplayPath(path),
      status: 0,
      code: reason,
      message: 'no response from Microsoft Graph (connection failed)',
    },
    { cause },
  );
}

/**
 * Returns which Microsoft Graph application permission the signed-in identity needs for a request.
 * https://learn.microsoft.com/graph/permissions-reference
 */
export function describeMissingPermission(method: string, path: string): string {
  const resource = path.split('?')[0] ?? path;
  const isRead = method.toUpperCase() === 'GET';
  let permission: string;
  if (/oauth2PermissionGrants/i.test(resource)) {
    permission = 'DelegatedPermissionGrant.ReadWrite.All';
  } else if (/^(\/v1\.0)?\/users\b/i.test(toDisplayPath(resource))) {
    permission = 'User.ReadBasic.All';
  } else if (/^(\/v1\.0)?\/groups\b/i.test(toDisplayPath(resource))) {
    permission = 'GroupMember.Read.All';
  } else if (/\/owners\/\$ref$/i.test(resource) && method.toUpperCase() === 'POST') {
    // https://learn.microsoft.com/graph/api/application-post-owners: OwnedBy cannot add another owner.
    permission = 'Application.ReadWrite.All';
  } else if (/appRoleAssign(edTo|ments)/i.test(resource) && !isRead) {
    permission = 'AppRoleAssignment.ReadWrite.All';
  } else if (isRead) {
    permission = 'Application.Read.All';
  } else {
    return (
      'Hint: the signed-in identity needs the Microsoft Graph application permission Application.ReadWrite.OwnedBy (with admin consent) ' +
      'and must be an owner of the app; for apps it did not create, add it as owner or grant Application.ReadWrite.All.'
    );
  }
  return `Hint: the signed-in identity lacks the Microsoft Graph application permission ${permission} (with admin consent) for ${method.toUpperCase()} ${toDisplayPath(resource)}.`;
}

/** Returns a path for messages: without the origin and /v1.0, percent-decoded where possible. */
export function toDisplayPath(path: string): string {
  let shown = path.replace(/^https:\/\/[^/]+/i, '').replace(/^\/v1\.0(?=\/)/, '');
  try {
    shown = decodeURIComponent(shown);
  } catch {
    // keep the encoded form
  }
  return shown.startsWith('/') ? shown : `/${shown}`;
}

function asString(value: unknown): string | undefined {
  return typeof value === 'string' && value ? value : undefined;
}
