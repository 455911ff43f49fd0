// Repository issues (https://docs.github.com/rest/issues/issues): list with state and labels
// filters, create, get and update, as the action's hand-off notification uses them.
import {
  apiError,
  invalidRequest,
  notFound,
  paginate,
  toGitHubTime,
  type ApiReply,
  type ApiRequest,
  type ApiRoute,
  scopedRoute,
} from './api-reply.js';
import { resolveRepository } from './secret-routes.js';
import type { RepositoryRecord } from './state.js';

const DOC = 'https://docs.github.com/rest/issues/issues';

/** An issue as the fake stores it. */
export interface IssueRecord {
  id: number;
  number: number;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
  labels: string[];
  createdAt: number;
  updatedAt: number;
  closedAt: number | null;
}

const issuesByRepository = new WeakMap<RepositoryRecord, IssueRecord[]>();
let nextIssueId = 2_000_000_001;

/** The issues of a repository (created on first use), oldest first; tests may edit them (close one). */
export function listIssues(repository: RepositoryRecord): IssueRecord[] {
  let issues = issuesByRepository.get(repository);
  if (!issues) {
    issues = [];
    issuesByRepository.set(repository, issues);
  }
  return issues;
}

/** The routes; reading needs Issues read, creating and updating Issues write. */
export function issueRoutes(): ApiRoute[] {
  const prefix = '/repos/:owner/:repo/issues';
  const read = { area: 'issues', access: 'read' } as const;
  const write = { area: 'issues', access: 'write' } as const;
  return [
    route(`GET ${prefix}`, 'list-repository-issues', read, listRoute),
    route(`POST ${prefix}`, 'create-an-issue', write, createRoute),
    route(`GET ${prefix}/:issue_number`, 'get-an-issue', read, (req, repo, doc) => {
      const issue = findIssue(repo, req.params.issue_number);
      return issue ? { status: 200, body: toIssueBody(req, issue) } : notFound(doc);
    }),
    route(`PATCH ${prefix}/:issue_number`, 'update-an-issue', write, updateRoute),
  ];
}

function route(
  pattern: string,
  anchor: string,
  needs: ApiRoute['needs'],
  answer: (req: ApiRequest, repo: RepositoryRecord, doc: string) => ApiReply,
): ApiRoute {
  return scopedRoute(resolveRepository, pattern, `${DOC}#${anchor}`, needs, answer);
}

function listRoute(req: ApiRequest, repo: RepositoryRecord): ApiReply {
  const state = req.url.searchParams.get('state') ?? 'open';
  const labels = (req.url.searchParams.get('labels') ?? '')
    .split(',')
    .map((l) => l.trim().toLowerCase())
    .filter(Boolean);
  const direction = req.url.searchParams.get('direction') ?? 'desc';
  const matching = listIssues(repo)
    .filter((issue) => state === 'all' || issue.state === state)
    .filter((issue) => labels.every((l) => issue.labels.some((own) => own.toLowerCase() === l)))
    .sort((a, b) => (direction === 'asc' ? a.number - b.number : b.number - a.number));
  const { page, headers } = paginate(matching, req.url);
  return { status: 200, body: page.map((issue) => toIssueBody(req, issue)), headers };
}

function createRoute(req: ApiRequest, repo: RepositoryRecord, doc: string): ApiReply {
  const body = req.body ?? {};
  if (typeof body.title !== 'string' || !body.title.trim())
    return invalidRequest('"title" wasn\'t supplied.', doc);
  const labels = readLabels(body.labels);
  if (labels === 'invalid') return invalidRequest('For \'items\', "labels" is not a string.', doc);
  const issues = listIssues(repo);
  const issue: IssueRecord = {
    id: nextIssueId++,
    number: issues.length + 1,
    title: body.title,
    body: typeof body.body === 'string' ? body.body : null,
    state: 'open',
    labels: labels ?? [],
    createdAt: req.now,
    updatedAt: req.now,
    closedAt: null,
  };
  issues.push(issue);
  return { status: 201, body: toIssueBody(req, issue) };
}

function updateRoute(req: ApiRequest, repo: RepositoryRecord, doc: string): ApiReply {
  const issue = findIssue(repo, req.params.issue_number);
  if (!issue) return notFound(doc);
  const body = req.body ?? {};
  if (body.state !== undefined && body.state !== 'open' && body.state !== 'closed')
    return apiError(422, 'Validation Failed', doc);
  const labels = readLabels(body.labels);
  if (labels === 'invalid') return invalidRequest('For \'items\', "labels" is not a string.', doc);
  if (typeof body.title === 'string') issue.title = body.title;
  if (typeof body.body === 'string' || body.body === null) issue.body = body.body;
  if (labels) issue.labels = labels;
  if (body.state === 'closed' && issue.state === 'open') issue.closedAt = req.now;
  if (body.state === 'open') issue.closedAt = null;
  if (body.state === 'open' || body.state === 'closed') issue.state = body.state;
  issue.updatedAt = req.now;
  return { status: 200, body: toIssueBody(req, issue) };
}

function readLabels(value: unknown): string[] | undefined | 'invalid' {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) return 'invalid';
  const names = value.map((l) =>
    typeof l === 'string' ? l : (l as { name?: unknown } | null)?.name,
  );
  return names.every((n) => typeof n === 'string') ? names : 'invalid';
}

function findIssue(repo: RepositoryRecord, number: string | undefined): IssueRecord | undefined {
  return listIssues(repo).find((issue) => String(issue.number) === number);
}

function toIssueBody(req: ApiRequest, issue: IssueRecord): Record<string, unknown> {
  const fullName = `${req.params.owner}/${req.params.repo}`;
  return {
    id: issue.id,
    node_id: `I_kwDO${Buffer.from(String(issue.id)).toString('base64url')}`,
    url: `${req.apiUrl}/repos/${fullName}/issues/${issue.number}`,
    html_url: `https://github.com/${fullName}/issues/${issue.number}`,
    number: issue.number,
    title: issue.title,
    body: issue.body,
    state: issue.state,
    state_reason: issue.state === 'closed' ? 'completed' : null,
    locked: false,
    labels: issue.labels.map((name, index) => ({
      id: 1000 + index,
      name,
      color: 'ededed',
      default: false,
      description: null,
    })),
    user: { login: 'register-entra-app[bot]', id: 41898282, type: 'Bot' },
    comments: 0,
    created_at: toGitHubTime(issue.createdAt),
    updated_at: toGitHubTime(issue.updatedAt),
    closed_at: issue.closedAt === null ? null : toGitHubTime(issue.closedAt),
  };
}
