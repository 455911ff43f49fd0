// The request and reply shapes of the GitHub fake's routes, GitHub's error bodies and paging.
import type { GitHubState, TokenPermissions } from './state.js';

/** A parsed API request as a route sees it. */
export interface ApiRequest {
  method: string;
  url: URL;
  /** Decoded path parameters by name (`environment_name` arrives URL-encoded and is decoded here). */
  params: Record<string, string>;
  /** The JSON body, or undefined when there was none. */
  body: Record<string, unknown> | undefined;
  token: TokenPermissions;
  state: GitHubState;
  /** The API root, e.g. https://127.0.0.1:PORT, for URLs inside bodies. */
  apiUrl: string;
  now: number;
}

/** What a route answers; the service adds GitHub's headers. */
export interface ApiReply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** A route: `pattern` is 'METHOD /path/:param/…'; `doc` is its documentation_url. */
export interface ApiRoute {
  pattern: string;
  doc: string;
  /** The permission area and access level the route needs. */
  needs: {
    area:
      | 'secrets'
      | 'variables'
      | 'organizationSecrets'
      | 'issues'
      | 'metadata'
      | 'administration'
      | 'contents'
      | 'actions';
    access: 'read' | 'write';
  };
  answer(req: ApiRequest): ApiReply;
}

const DOCS = 'https://docs.github.com/rest';

/** Returns GitHub's error reply: `{message, documentation_url, status}` (status as a string, as GitHub sends it). */
export function apiError(status: number, message: string, doc = DOCS): ApiReply {
  return { status, body: { message, documentation_url: doc, status: String(status) } };
}

/** Returns the 404 GitHub answers for anything missing or hidden from the token. */
export function notFound(doc: string): ApiReply {
  return apiError(404, 'Not Found', doc);
}

/** Returns a 422 "Invalid request." reply with GitHub's detail line. */
/**
 * A route whose answer needs the object its path names (a repository, an organization, a secret
 * store): GitHub answers 404 with the route's documentation when the path names none it can see.
 */
export function scopedRoute<T>(
  resolve: (req: ApiRequest) => T | undefined,
  pattern: string,
  doc: string,
  needs: ApiRoute['needs'],
  answer: (req: ApiRequest, target: T, doc: string) => ApiReply,
): ApiRoute {
  return {
    pattern,
    doc,
    needs,
    answer: (req) => {
      const target = resolve(req);
      return target ? answer(req, target, doc) : notFound(doc);
    },
  };
}

export function invalidRequest(detail: string, doc: string): ApiReply {
  return apiError(422, `Invalid request.\n\n${detail}`, doc);
}

/** A timestamp as GitHub writes it: ISO 8601 without milliseconds. */
export function toGitHubTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Returns one page of `items` per `per_page`/`page`, with GitHub's Link header when there are more pages. */
export function paginate<T>(
  items: T[],
  url: URL,
  defaultPerPage = 30,
  maxPerPage = 100,
): { page: T[]; headers: Record<string, string> } {
  const perPage = Math.min(
    Math.max(Number(url.searchParams.get('per_page') ?? defaultPerPage) || defaultPerPage, 1),
    maxPerPage,
  );
  const page = Math.max(Number(url.searchParams.get('page') ?? 1) || 1, 1);
  const last = Math.max(Math.ceil(items.length / perPage), 1);
  const link = (n: number, rel: string): string => {
    const target = new URL(url);
    target.searchParams.set('per_page', String(perPage));
    target.searchParams.set('page', String(n));
    return `<${target.toString()}>; rel="${rel}"`;
  };
  const links: string[] = [];
  if (page > 1) links.push(link(page - 1, 'prev'));
  if (page < last) links.push(link(page + 1, 'next'), link(last, 'last'));
  if (page > 1) links.push(link(1, 'first'));
  return {
    page: items.slice((page - 1) * perPage, page * perPage),
    headers: links.length ? { link: links.join(', ') } : {},
  };
}

/** Matches `pathSegments` (already decoded) against a route pattern's path; returns the params or null. */
export function matchRoute(
  pattern: string,
  method: string,
  pathSegments: string[],
): Record<string, string> | null {
  const [patternMethod, patternPath] = pattern.split(' ');
  if (patternMethod !== method) return null;
  const parts = patternPath.split('/').filter(Boolean);
  const params: Record<string, string> = {};
  // A last part `*name` takes the rest of the path (a file path in the contents API).
  const rest = parts.at(-1)?.startsWith('*') ? (parts.pop()?.slice(1) ?? null) : null;
  if (rest !== null) {
    if (pathSegments.length <= parts.length) return null;
    params[rest] = pathSegments.slice(parts.length).join('/');
  } else if (parts.length !== pathSegments.length) return null;
  for (let i = 0; i < parts.length; i++) {
    if (parts[i].startsWith(':')) params[parts[i].slice(1)] = pathSegments[i];
    else if (parts[i] !== pathSegments[i]) return null;
  }
  return params;
}
