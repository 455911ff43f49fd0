// Where a GitHub secret (and the ids beside it) is stored, and the REST paths and wording per scope.
// https://docs.github.com/rest/actions/secrets  https://docs.github.com/rest/actions/variables

/** A repository, one of its environments, or an organization. */
export type SecretTarget =
  | { scope: 'repository'; owner: string; repo: string }
  | { scope: 'environment'; owner: string; repo: string; environment: string }
  | {
      scope: 'organization';
      org: string;
      visibility: 'all' | 'private' | 'selected';
      /** Repository names (or owner/name) that may read the secret, with visibility selected. */
      selectedRepositories?: string[];
    };

/** Returns the REST path of the target's Actions secrets collection (names URL-encoded). */
export function toSecretsPath(target: SecretTarget): string {
  return `${toScopePath(target)}/secrets`;
}

/** Returns the REST path of the target's Actions variables collection (names URL-encoded). */
export function toVariablesPath(target: SecretTarget): string {
  return `${toScopePath(target)}/variables`;
}

function toScopePath(target: SecretTarget): string {
  switch (target.scope) {
    case 'repository':
      return `${toRepoPath(target.owner, target.repo)}/actions`;
    case 'environment':
      // An environment name may hold "/" and spaces; GitHub wants it percent-encoded.
      return `${toRepoPath(target.owner, target.repo)}/environments/${encodeURIComponent(target.environment)}`;
    case 'organization':
      return `/orgs/${encodeURIComponent(target.org)}/actions`;
  }
}

/** Returns /repos/{owner}/{repo} with both parts URL-encoded. */
export function toRepoPath(owner: string, repo: string): string {
  return `/repos/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}`;
}

/** Returns the target for logs and errors: `repository o/r`, `environment "prod" of o/r`, `organization o`. */
export function describeSecretTarget(target: SecretTarget): string {
  switch (target.scope) {
    case 'repository':
      return `repository ${target.owner}/${target.repo}`;
    case 'environment':
      return `environment "${target.environment}" of ${target.owner}/${target.repo}`;
    case 'organization':
      return `organization ${target.org}`;
  }
}

/** Returns what may be missing when GitHub answers 404 for the target. */
export function describeNotFound(target: SecretTarget): string {
  switch (target.scope) {
    case 'repository':
      return `the repository ${target.owner}/${target.repo} does not exist or the token cannot see it`;
    case 'environment':
      return (
        `the environment "${target.environment}" does not exist in ${target.owner}/${target.repo} ` +
        `(create it under Settings → Environments), or the repository does not exist or the token cannot see it`
      );
    case 'organization':
      return `the organization ${target.org} does not exist or the token cannot see it`;
  }
}

/** Returns the fine-grained token permissions a write of this kind needs at the target. */
export function describeWritePermission(target: SecretTarget, kind: 'secret' | 'variable'): string {
  const name = kind === 'secret' ? 'Secrets' : 'Variables';
  switch (target.scope) {
    case 'repository':
      return `the repository permission "${name}: read and write"`;
    case 'environment':
      return `the repository permissions "Environments: read and write" and "${name}: read and write"`;
    case 'organization':
      return `the organization permission "${name}: read and write"`;
  }
}
