// The shapes shared by the Graph fake's operations: what a request carries into an operation and
// what an operation answers, independent of HTTP so $batch can run the same operations.
import type { Faults, ReplicatedKind } from '../faults.js';
import type { Tenant } from '../tenant.js';
import type { ODataQuery } from './odata.js';

/** The signed-in caller, from the access token. */
export interface Caller {
  appId: string;
  /** object id of the caller's service principal */
  oid: string;
  roles: ReadonlySet<string>;
}

/** An alternate or primary key from the URL: `{id}` or `(appId='…')`. */
export interface Key {
  property: string;
  value: string;
}

/** Everything an operation may read. */
export interface OperationContext {
  tenant: Tenant;
  faults: Faults;
  now: number;
  caller: Caller;
  method: string;
  keys: Key[];
  query: ODataQuery;
  /** request headers, lower-case names */
  headers: Record<string, string>;
  body: Record<string, unknown>;
  /** e.g. https://127.0.0.1:1234/v1.0 */
  baseUrl: string;
  /** the request path without /v1.0 and without the query, e.g. /applications */
  path: string;
}

/** What an operation answers. */
export interface OperationResult {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

/** One operation of the route table. */
export type Operation = (ctx: OperationContext) => OperationResult | Promise<OperationResult>;

/** Whether an object of `kind` is visible to this request (replication delay). */
export function isVisible(
  ctx: OperationContext,
  kind: ReplicatedKind,
  createdAt: number | undefined,
): boolean {
  return ctx.faults.isReplicated(kind, createdAt, ctx.now);
}
