// Repository settings the bootstrap writes: deployment environments
// (https://docs.github.com/rest/deployments/environments), file contents
// (https://docs.github.com/rest/repos/contents) and the OIDC subject customization
// (https://docs.github.com/rest/actions/oidc).
import { createHash } from 'node:crypto';
import {
  apiError,
  invalidRequest,
  notFound,
  toGitHubTime,
  type ApiReply,
  type ApiRequest,
  type ApiRoute,
  scopedRoute,
} from './api-reply.js';
import { resolveRepository } from './secret-routes.js';
import type { EnvironmentRecord, FileRecord, RepositoryRecord } from './state.js';

const ENVIRONMENTS_DOC = 'https://docs.github.com/rest/deployments/environments';
const CONTENTS_DOC = 'https://docs.github.com/rest/repos/contents';
const OIDC_DOC = 'https://docs.github.com/rest/actions/oidc';
const CLAIM_KEY = /^[A-Za-z0-9_]+$/;

/** Routes for environments, contents and the OIDC subject customization of a repository. */
export function repositorySettingsRoutes(): ApiRoute[] {
  return [
    repoRoute(
      'GET /repos/:owner/:repo/environments/:environment_name',
      `${ENVIRONMENTS_DOC}#get-an-environment`,
      { area: 'metadata', access: 'read' },
      (req, repo, doc) => {
        const env = repo.environments.get(req.params.environment_name.toLowerCase());
        return env ? { status: 200, body: toEnvironmentBody(req, repo, env) } : notFound(doc);
      },
    ),
    repoRoute(
      'PUT /repos/:owner/:repo/environments/:environment_name',
      `${ENVIRONMENTS_DOC}#create-or-update-an-environment`,
      { area: 'administration', access: 'write' },
      (req, repo) => {
        const name = req.params.environment_name;
        const existing = repo.environments.get(name.toLowerCase());
        const env = existing ?? req.state.addEnvironment(repo.fullName, name, req.now);
        if (existing) env.updated_at = toGitHubTime(req.now);
        return { status: 200, body: toEnvironmentBody(req, repo, env) };
      },
    ),
    repoRoute(
      'GET /repos/:owner/:repo/contents/*path',
      `${CONTENTS_DOC}#get-repository-content`,
      { area: 'contents', access: 'read' },
      (req, repo, doc) => {
        const ref = req.url.searchParams.get('ref') || repo.defaultBranch;
        const files = repo.branches.get(ref);
        if (!files) return apiError(404, `No commit found for the ref ${ref}`, doc);
        const file = files.get(req.params.path);
        return file ? { status: 200, body: toFileBody(req, repo, file) } : notFound(doc);
      },
    ),
    repoRoute(
      'PUT /repos/:owner/:repo/contents/*path',
      `${CONTENTS_DOC}#create-or-update-file-contents`,
      { area: 'contents', access: 'write' },
      writeFile,
    ),
    repoRoute(
      'GET /repos/:owner/:repo/actions/oidc/customization/sub',
      `${OIDC_DOC}#get-the-customization-template-for-an-oidc-subject-claim-for-a-repository`,
      { area: 'actions', access: 'read' },
      (_req, repo) => ({ status: 200, body: toOidcBody(repo) }),
    ),
    repoRoute(
      'PUT /repos/:owner/:repo/actions/oidc/customization/sub',
      `${OIDC_DOC}#set-the-customization-template-for-an-oidc-subject-claim-for-a-repository`,
      { area: 'actions', access: 'write' },
      setOidcSubject,
    ),
  ];
}

/** The subject prefix GitHub puts before `:ref:…`, `:environment:…` or `:pull_request` for a repository. */
export function toSubjectPrefix(repo: RepositoryRecord): string {
  if (!repo.oidcSubject.useImmutableSubject) return `repo:${repo.fullName}`;
  return `repo:${repo.owner.login}@${repo.owner.id}/${repo.name}@${repo.id}`;
}

function writeFile(req: ApiRequest, repo: RepositoryRecord, doc: string): ApiReply {
  const { message, content, sha, branch } = req.body ?? {};
  if (typeof message !== 'string') return invalidRequest('"message" wasn\'t supplied.', doc);
  if (typeof content !== 'string') return invalidRequest('"content" wasn\'t supplied.', doc);
  const ref = typeof branch === 'string' && branch ? branch : repo.defaultBranch;
  const files = repo.branches.get(ref);
  if (!files) return apiError(404, `Branch ${ref} not found`, doc);
  const path = req.params.path;
  // Workflow files need the workflow scope (Workflows permission); without it GitHub answers 404.
  if (path.startsWith('.github/workflows/') && req.token.workflows !== 'write')
    return notFound(doc);
  const existing = files.get(path);
  if (existing && typeof sha !== 'string') return invalidRequest('"sha" wasn\'t supplied.', doc);
  if (existing && sha !== existing.sha)
    return apiError(409, `${path} does not match ${String(sha)}`, doc);
  const bytes = Buffer.from(content, 'base64');
  const file = { content: bytes, sha: toBlobSha(bytes) };
  files.set(path, file);
  const commitSha = createHash('sha1')
    .update(`${ref}\0${path}\0${file.sha}\0${req.now}`)
    .digest('hex');
  return {
    status: existing ? 200 : 201,
    body: {
      content: toFileBody(req, repo, file, path),
      commit: {
        sha: commitSha,
        message,
        html_url: `https://github.com/${repo.fullName}/commit/${commitSha}`,
      },
    },
  };
}

function setOidcSubject(req: ApiRequest, repo: RepositoryRecord, doc: string): ApiReply {
  const body = req.body ?? {};
  const useDefault = body.use_default;
  if (typeof useDefault !== 'boolean')
    return invalidRequest('"use_default" wasn\'t supplied.', doc);
  const keys = body.include_claim_keys;
  if (
    keys !== undefined &&
    (!Array.isArray(keys) || keys.some((k) => typeof k !== 'string' || !CLAIM_KEY.test(k)))
  )
    return invalidRequest('"include_claim_keys" must be an array of claim keys.', doc);
  const immutable = body.use_immutable_subject;
  if (immutable !== undefined && typeof immutable !== 'boolean')
    return invalidRequest('"use_immutable_subject" must be a boolean.', doc);
  repo.oidcSubject = {
    useDefault,
    includeClaimKeys: useDefault ? [] : ((keys as string[] | undefined) ?? []),
    useImmutableSubject: immutable ?? repo.oidcSubject.useImmutableSubject,
  };
  return { status: 201, body: {} };
}

function toOidcBody(repo: RepositoryRecord): Record<string, unknown> {
  const { useDefault, includeClaimKeys, useImmutableSubject } = repo.oidcSubject;
  return {
    use_default: useDefault,
    ...(useDefault ? {} : { include_claim_keys: includeClaimKeys }),
    use_immutable_subject: useImmutableSubject,
    sub_claim_prefix: toSubjectPrefix(repo),
  };
}

function toEnvironmentBody(
  req: ApiRequest,
  repo: RepositoryRecord,
  env: EnvironmentRecord,
): unknown {
  return {
    id: env.id,
    node_id: `EN_${env.id}`,
    name: env.name,
    url: `${req.apiUrl}/repos/${repo.fullName}/environments/${encodeURIComponent(env.name)}`,
    html_url: `https://github.com/${repo.fullName}/deployments/activity_log?environments_filter=${encodeURIComponent(env.name)}`,
    created_at: env.created_at,
    updated_at: env.updated_at,
    protection_rules: [],
    deployment_branch_policy: null,
  };
}

function toFileBody(
  req: ApiRequest,
  repo: RepositoryRecord,
  file: FileRecord,
  path = req.params.path,
): unknown {
  const base64 = file.content.toString('base64');
  return {
    type: 'file',
    encoding: 'base64',
    size: file.content.length,
    name: path.split('/').at(-1),
    path,
    // GitHub wraps the base64 content at 60 characters.
    content: `${base64.replace(/(.{60})/g, '$1\n')}\n`,
    sha: file.sha,
    url: `${req.apiUrl}/repos/${repo.fullName}/contents/${path}`,
    html_url: `https://github.com/${repo.fullName}/blob/${repo.defaultBranch}/${path}`,
  };
}

// Git's object id of a blob: SHA-1 over "blob <size>\0<content>".
function toBlobSha(content: Buffer): string {
  return createHash('sha1').update(`blob ${content.length}\0`).update(content).digest('hex');
}

function repoRoute(
  pattern: string,
  doc: string,
  needs: ApiRoute['needs'],
  answer: (req: ApiRequest, repo: RepositoryRecord, doc: string) => ApiReply,
): ApiRoute {
  return scopedRoute(resolveRepository, pattern, doc, needs, answer);
}
