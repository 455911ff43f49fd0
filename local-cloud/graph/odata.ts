// OData query options the directory supports: $select, $filter, $top with server-driven paging
// ($skiptoken in @odata.nextLink), $count (with ConsistencyLevel: eventual), $orderby and $expand.
// Any other system query option is a 400, never silently ignored.
import { badRequest, GraphFailure, unknownProperty } from './errors.js';
import { assertExpandable, parseExpand, type ExpandItem } from './expand.js';
import { compileFilter } from './filter.js';
import type { EntitySchema } from './schema.js';

/** The query options of one request. */
export interface ODataQuery {
  select?: string[];
  filter?: string;
  top?: number;
  skipToken?: string;
  count: boolean;
  orderBy?: { property: string; descending: boolean };
  expand?: ExpandItem[];
  /** the raw parameters, to rebuild @odata.nextLink */
  params: URLSearchParams;
}

const SUPPORTED_OPTIONS = new Set([
  '$select',
  '$filter',
  '$top',
  '$skiptoken',
  '$count',
  '$orderby',
  '$expand',
]);
const DEFAULT_PAGE_SIZE = 100;
const MAX_PAGE_SIZE = 999;

/** Parses the query options of `params`; throws Graph's 400 for a bad $top or an option the fake does not implement. */
export function parseQuery(params: URLSearchParams): ODataQuery {
  for (const name of params.keys()) {
    if (name.startsWith('$') && !SUPPORTED_OPTIONS.has(name))
      throw new GraphFailure(
        400,
        'BadRequest',
        `Query option '${name}' is not supported by the local cloud. It supports ${[...SUPPORTED_OPTIONS].join(', ')}.`,
      );
  }
  const select = params.get('$select');
  const expand = params.get('$expand');
  const top = params.get('$top');
  const orderBy = params.get('$orderby')?.trim().split(/\s+/);
  const query: ODataQuery = {
    select: select
      ? select
          .split(',')
          .map((p) => p.trim())
          .filter(Boolean)
      : undefined,
    filter: params.get('$filter') ?? undefined,
    skipToken: params.get('$skiptoken') ?? undefined,
    count: params.get('$count')?.toLowerCase() === 'true',
    orderBy: orderBy
      ? { property: orderBy[0], descending: orderBy[1]?.toLowerCase() === 'desc' }
      : undefined,
    params,
  };
  if (expand !== null) query.expand = parseExpand(expand);
  if (top !== null) {
    const size = Number(top);
    if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) {
      throw badRequest(
        `Invalid page size specified: '${top}'. Must be between 1 and ${MAX_PAGE_SIZE} inclusive.`,
      );
    }
    query.top = size;
  }
  return query;
}

/** Throws Graph's 400 when $select names a property `schema` does not declare, or $expand one that is no navigation property. */
export function assertSelectable(query: ODataQuery, schema: EntitySchema): void {
  for (const property of query.select ?? []) {
    if (!schema.properties.has(property)) throw unknownProperty(property, schema.type);
  }
  assertExpandable(query.expand, schema.type);
}

/** The entity reduced to the $select-ed properties (plus id) and the $expand-ed ones, or unchanged without $select. */
export function applySelect(
  entity: Record<string, unknown>,
  query: ODataQuery,
  schema: EntitySchema,
): Record<string, unknown> {
  if (!query.select) return entity;
  const selected: Record<string, unknown> = {};
  if (entity['@odata.type']) selected['@odata.type'] = entity['@odata.type'];
  for (const property of ['id', ...query.select]) {
    if (!schema.properties.has(property)) continue;
    selected[property] = entity[property] ?? (schema.collections.has(property) ? [] : null);
  }
  for (const { property } of query.expand ?? [])
    if (property in entity) selected[property] = entity[property];
  return selected;
}

/** Where a collection response lives: base URL and path for @odata.nextLink, and the @odata.context fragment. */
export interface CollectionLocation {
  baseUrl: string;
  path: string;
  context: string;
}

/** Filters, orders, counts and pages stored `items` into Graph's collection response; `toResource` shapes one page item. */
export function toCollectionResponse<T extends object>(
  items: T[],
  toResource: (item: T) => Record<string, unknown>,
  query: ODataQuery,
  schema: EntitySchema,
  location: CollectionLocation,
): Record<string, unknown> {
  assertSelectable(query, schema);
  // Stored objects use Graph's property names, so the filter runs on them without shaping all of them.
  let matching = query.filter
    ? items.filter(compileFilter(query.filter, schema) as (item: T) => boolean)
    : items;
  if (query.orderBy) matching = orderItems(matching, query.orderBy, schema);
  const offset = query.skipToken ? decodeSkipToken(query.skipToken) : 0;
  const size = query.top ?? DEFAULT_PAGE_SIZE;
  const page = matching.slice(offset, offset + size);
  const response: Record<string, unknown> = {
    '@odata.context': contextUrl(location.baseUrl, location.context, query),
  };
  if (query.count) response['@odata.count'] = matching.length;
  if (offset + size < matching.length)
    response['@odata.nextLink'] = nextLink(location, query, offset + size);
  response.value = page.map((item) => applySelect(toResource(item), query, schema));
  return response;
}

/** Throws Graph's 400 when $count is asked without `ConsistencyLevel: eventual` (advanced query). */
export function assertCountAllowed(
  query: ODataQuery,
  headers: Record<string, string>,
  countSegment = false,
): void {
  if ((query.count || countSegment) && headers.consistencylevel?.toLowerCase() !== 'eventual') {
    throw badRequest('$count is not currently supported.');
  }
}

/** The text/plain answer of a /$count segment: how many `items` match $filter. */
export function countResponse(
  items: object[],
  ctx: { query: ODataQuery },
  schema: EntitySchema,
): { status: number; headers: Record<string, string>; body: string } {
  const matching = ctx.query.filter
    ? items.filter(compileFilter(ctx.query.filter, schema) as (item: object) => boolean)
    : items;
  return { status: 200, headers: { 'content-type': 'text/plain' }, body: String(matching.length) };
}

/** `{base}/$metadata#{context}` with the $select list Graph appends. */
export function contextUrl(baseUrl: string, context: string, query: ODataQuery): string {
  if (!query.select) return `${baseUrl}/$metadata#${context}`;
  const [head, ...tail] = context.split('/');
  const suffix = tail.length ? `/${tail.join('/')}` : '';
  return `${baseUrl}/$metadata#${head}(${query.select.join(',')})${suffix}`;
}

function orderItems<T extends object>(
  items: T[],
  order: { property: string; descending: boolean },
  schema: EntitySchema,
): T[] {
  if (!schema.properties.has(order.property)) throw unknownProperty(order.property, schema.type);
  const sign = order.descending ? -1 : 1;
  const read = (item: T) => String((item as Record<string, unknown>)[order.property] ?? '');
  return [...items].sort((a, b) => sign * read(a).localeCompare(read(b)));
}

function nextLink(location: CollectionLocation, query: ODataQuery, offset: number): string {
  const params = new URLSearchParams(query.params);
  params.set('$skiptoken', encodeSkipToken(offset));
  // Graph writes $-prefixed names unencoded in its links.
  return `${location.baseUrl}${location.path}?${params.toString().replace(/%24/g, '$')}`;
}

function encodeSkipToken(offset: number): string {
  return `RFNwdAIAAQAAA${Buffer.from(JSON.stringify({ offset })).toString('base64url')}`;
}

function decodeSkipToken(token: string): number {
  try {
    const { offset } = JSON.parse(
      Buffer.from(token.replace(/^RFNwdAIAAQAAA/, ''), 'base64url').toString('utf8'),
    ) as { offset: unknown };
    if (typeof offset === 'number' && Number.isInteger(offset) && offset >= 0) return offset;
  } catch {
    // fall through to Graph's answer for a bad token
  }
  throw badRequest('The skip token is invalid.');
}
