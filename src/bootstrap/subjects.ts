// The federated credentials that trust the repository's workflows, with subjects in the form
// GitHub issues them: repo:OWNER/REPO:… or, for repositories with immutable subjects,
// repo:OWNER@OWNER_ID/REPO@REPO_ID:… (https://docs.github.com/actions/reference/security/oidc).
import { createHash } from 'node:crypto';
import { InputError } from '../errors.js';
import type { FederatedIdentityCredential } from '../model/graph-types.js';

/** What the subject prefix is built from; ids and settings are null when GitHub was not asked. */
export interface SubjectSource {
  owner: string;
  repo: string;
  ids: { ownerId: number; repoId: number } | null;
  oidc: {
    useDefault: boolean;
    includeClaimKeys: string[];
    useImmutableSubject: boolean;
    subClaimPrefix: string | null;
  } | null;
}

/** The jobs that run the action. */
export interface SubjectRequest {
  issuer: string;
  audience: string;
  branch: string | null;
  environments: string[];
  pullRequests: boolean;
}

/** Returns `repo:OWNER/REPO` or, when the repository uses immutable subjects, `repo:OWNER@ID/REPO@ID`. */
export function toSubjectPrefix(source: SubjectSource): string {
  const { oidc } = source;
  if (oidc && !oidc.useDefault) {
    throw new InputError(
      '--repo',
      `Repository ${source.owner}/${source.repo} customizes its OIDC subject (claim keys: ${oidc.includeClaimKeys.join(', ') || 'none'}); ` +
        'the bootstrap writes only GitHub\'s default subject forms. Add the federated credentials by hand (README, "One-time bootstrap"), ' +
        'or return the repository to the default template.',
    );
  }
  if (oidc?.useImmutableSubject) {
    if (oidc.subClaimPrefix) return oidc.subClaimPrefix;
    if (source.ids)
      return `repo:${source.owner}@${source.ids.ownerId}/${source.repo}@${source.ids.repoId}`;
  }
  return `repo:${source.owner}/${source.repo}`;
}

/** The deployer's credentials: one per environment, and one for the branch. */
export function listDeployerCredentials(
  prefix: string,
  request: SubjectRequest,
): FederatedIdentityCredential[] {
  const credentials = request.environments.map((environment) =>
    toCredential(prefix, request, 'environment', environment),
  );
  if (request.branch) credentials.push(toCredential(prefix, request, 'branch', request.branch));
  return credentials;
}

/** The planner's credentials: pull request jobs, and the branch (drift checks). */
export function listPlannerCredentials(
  prefix: string,
  request: SubjectRequest,
): FederatedIdentityCredential[] {
  const credentials = [toCredential(prefix, request, 'pull_request', null)];
  if (request.branch) credentials.push(toCredential(prefix, request, 'branch', request.branch));
  return credentials;
}

function toCredential(
  prefix: string,
  request: SubjectRequest,
  kind: 'environment' | 'branch' | 'pull_request',
  value: string | null,
): FederatedIdentityCredential {
  const subject =
    kind === 'environment'
      ? `${prefix}:environment:${value}`
      : kind === 'branch'
        ? `${prefix}:ref:refs/heads/${value}`
        : `${prefix}:pull_request`;
  const what =
    kind === 'environment'
      ? `jobs in the environment ${value}`
      : kind === 'branch'
        ? `jobs on the branch ${value}`
        : 'pull request jobs';
  const repository = prefix.slice('repo:'.length);
  return {
    name: toCredentialName(repository, kind, value),
    issuer: request.issuer,
    subject,
    audiences: [request.audience],
    description: `GitHub Actions: ${what} of ${repository.replace(/@\d+/g, '')}`,
  };
}

// Names are unique per app, 1 to 120 of [A-Za-z0-9_-]; a deployer may trust several repositories.
function toCredentialName(repository: string, kind: string, value: string | null): string {
  const readable = [repository.replace(/@\d+/g, ''), kind.replace('_', '-'), value]
    .filter(Boolean)
    .join('-')
    .replace(/[^A-Za-z0-9_-]+/g, '-')
    .replace(/^-+/, '');
  if (readable.length <= 120) return readable;
  const hash = createHash('sha256').update(readable).digest('hex').slice(0, 8);
  return `${readable.slice(0, 111)}-${hash}`;
}
