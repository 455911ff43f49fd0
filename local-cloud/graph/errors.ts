// Graph's error shape and the errors the fake answers with. Messages are Microsoft's own where the
// error catalog (shared/reference/msgraph/graph-error-catalog.json) marks them verified.
import { randomUUID } from 'node:crypto';

/** One entry of `error.details`. */
export interface GraphErrorDetail {
  code: string;
  message: string;
  target?: string;
}

/** An error that becomes a Graph error response. Thrown by operations, caught by the dispatcher. */
export class GraphFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: GraphErrorDetail[],
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** Correlation ids Graph puts in every response's headers and in `innerError`. */
export interface Correlation {
  requestId: string;
  clientRequestId: string;
  date: Date;
}

/** Fresh correlation ids, keeping the client's `client-request-id` when it sent one. */
export function newCorrelation(clientRequestId: string | undefined, nowMs: number): Correlation {
  return {
    requestId: randomUUID(),
    clientRequestId: clientRequestId || randomUUID(),
    date: new Date(nowMs),
  };
}

/** The JSON body Graph sends for an error. */
export function toGraphErrorBody(
  code: string,
  message: string,
  correlation: Correlation,
  details?: GraphErrorDetail[],
): unknown {
  const innerError = {
    date: correlation.date.toISOString().replace(/\.\d{3}Z$/, ''),
    'request-id': correlation.requestId,
    'client-request-id': correlation.clientRequestId,
  };
  return { error: { code, message, ...(details ? { details } : {}), innerError } };
}

/** Graph's code and message for a status code when a fault names only the status. */
export function defaultErrorFor(status: number): { code: string; message: string } {
  const known: Record<number, { code: string; message: string }> = {
    400: { code: 'BadRequest', message: 'Bad request.' },
    401: { code: 'InvalidAuthenticationToken', message: 'Access token validation failure.' },
    403: {
      code: 'Authorization_RequestDenied',
      message: 'Insufficient privileges to complete the operation.',
    },
    404: {
      code: 'Request_ResourceNotFound',
      message:
        'Resource does not exist or one of its queried reference-property objects are not present.',
    },
    409: {
      code: 'Conflict',
      message: 'The request conflicts with the current state of the resource.',
    },
    // throttling.md's sample response
    429: { code: 'TooManyRequests', message: 'Please retry again later.' },
    500: { code: 'InternalServerError', message: 'An internal server error occurred.' },
    502: { code: 'BadGateway', message: 'The upstream service returned an invalid response.' },
    503: {
      code: 'ServiceUnavailable',
      message: 'The service is temporarily unavailable. Please retry again later.',
    },
    504: { code: 'GatewayTimeout', message: 'The operation timed out.' },
  };
  return known[status] ?? { code: 'UnknownError', message: `The service answered ${status}.` };
}

/** 404 for an object that does not exist or has not replicated yet. */
export function notFound(id: string): GraphFailure {
  return new GraphFailure(
    404,
    'Request_ResourceNotFound',
    `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
  );
}

/** 403 when the token's roles (or ownership, for OwnedBy) do not allow the operation. */
export function forbidden(): GraphFailure {
  return new GraphFailure(
    403,
    'Authorization_RequestDenied',
    'Insufficient privileges to complete the operation.',
  );
}

/** 400 Request_BadRequest with a message. */
export function badRequest(message: string, details?: GraphErrorDetail[]): GraphFailure {
  return new GraphFailure(400, 'Request_BadRequest', message, details);
}

/** 400 for a property the entity type does not declare (in a body or in $select). */
export function unknownProperty(property: string, entityType: string): GraphFailure {
  return badRequest(
    `Could not find a property named '${property}' on type 'microsoft.graph.${entityType}'.`,
  );
}

/** 400 when another object already holds a value that must be unique. */
export function objectConflict(property: string): GraphFailure {
  const message = `Another object with the same value for property ${property} already exists.`;
  return badRequest(message, [{ code: 'ObjectConflict', message, target: property }]);
}

/** 400 for a $filter clause the fake (and Graph, for that property) does not support. */
export function unsupportedQuery(message: string): GraphFailure {
  return new GraphFailure(400, 'Request_UnsupportedQuery', message);
}
