// The repository settings the bootstrap reads and writes: the repository's ids, its OIDC subject
// form, Actions variables, deployment environments and files.
// https://docs.github.com/rest/repos/repos  https://docs.github.com/rest/actions/oidc
// https://docs.github.com/rest/deployments/environments  https://docs.github.com/rest/repos/contents
import { GitHubRest, type GitHubConnectionOptions } from './github-request.js';
import { toRepoPath } from './secret-target.js';

/** A repository's names and immutable ids. */
export interface RepositoryInfo {
  owner: string;
  ownerId: number;
  name: string;
  id: number;
  defaultBranch: string;
}

/** How GitHub builds the repository's OIDC subjects. */
export interface OidcSubjectSettings {
  useDefault: boolean;
  includeClaimKeys: string[];
  useImmutableSubject: boolean;
  /** What GitHub reports as the subject's start, e.g. repo:octo-org@1/octo-repo@2 (absent on older servers). */
  subClaimPrefix: string | null;
}

/** A file's text and blob sha, as the contents API returns it. */
export interface RepositoryFile {
  text: string;
  sha: string;
}

/** Options of RepositoryClient. */
export interface RepositoryClientOptions extends GitHubConnectionOptions {
  owner: string;
  repo: string;
}

/** Reads and writes one repository's settings; reads return null when GitHub answers 404. */
export class RepositoryClient {
  private readonly rest: GitHubRest;
  private readonly path: string;
  private readonly fullName: string;

  constructor(private readonly options: RepositoryClientOptions) {
    this.path = toRepoPath(options.owner, options.repo);
    this.fullName = `${options.owner}/${options.repo}`;
    this.rest = new GitHubRest(options);
  }

  /** Reads the repository's names, ids and default branch. */
  async readRepository(): Promise<RepositoryInfo> {
    const data = (await this.send('GET', '', `Read repository ${this.fullName}`, 'metadata: read'))
      ?.data as {
      id: number;
      name: string;
      default_branch?: string;
      owner: { login: string; id: number };
    };
    return {
      owner: data.owner.login,
      ownerId: data.owner.id,
      name: data.name,
      id: data.id,
      defaultBranch: data.default_branch ?? 'main',
    };
  }

  /** Reads how GitHub forms the repository's OIDC subjects (default, custom keys, immutable ids). */
  async readOidcSubject(): Promise<OidcSubjectSettings> {
    const data = (
      await this.send(
        'GET',
        '/actions/oidc/customization/sub',
        `Read the OIDC subject settings of ${this.fullName}`,
        'Actions: read',
      )
    )?.data as {
      use_default?: boolean;
      include_claim_keys?: string[];
      use_immutable_subject?: boolean;
      sub_claim_prefix?: string;
    };
    return {
      useDefault: data.use_default !== false,
      includeClaimKeys: data.include_claim_keys ?? [],
      useImmutableSubject: data.use_immutable_subject === true,
      subClaimPrefix: data.sub_claim_prefix ?? null,
    };
  }

  /** Returns a repository variable's value, or null when it does not exist. */
  async readVariable(name: string): Promise<string | null> {
    const response = await this.send(
      'GET',
      `/actions/variables/${encodeURIComponent(name)}`,
      `Read variable ${name} of ${this.fullName}`,
      'Variables: read',
      { allowNotFound: true },
    );
    return response ? (response.data as { value: string }).value : null;
  }

  /** Creates the variable, or updates it when `exists`. */
  async writeVariable(name: string, value: string, exists: boolean): Promise<void> {
    const action = `Write variable ${name} of ${this.fullName}`;
    if (exists)
      await this.send(
        'PATCH',
        `/actions/variables/${encodeURIComponent(name)}`,
        action,
        'Variables: write',
        {
          body: { name, value },
        },
      );
    else
      await this.send('POST', '/actions/variables', action, 'Variables: write', {
        body: { name, value },
      });
  }

  /** Returns true when the deployment environment exists. */
  async hasEnvironment(name: string): Promise<boolean> {
    const response = await this.send(
      'GET',
      `/environments/${encodeURIComponent(name)}`,
      `Read environment "${name}" of ${this.fullName}`,
      'metadata: read',
      { allowNotFound: true },
    );
    return response !== null;
  }

  /** Creates the deployment environment (no protection rules). */
  async createEnvironment(name: string): Promise<void> {
    await this.send(
      'PUT',
      `/environments/${encodeURIComponent(name)}`,
      `Create environment "${name}" in ${this.fullName}`,
      'Administration: write',
    );
  }

  /** Returns a file of a branch, or null when it does not exist. */
  async readFile(path: string, branch: string): Promise<RepositoryFile | null> {
    const response = await this.send(
      'GET',
      `/contents/${toContentPath(path)}?ref=${encodeURIComponent(branch)}`,
      `Read ${path} on ${branch} of ${this.fullName}`,
      'Contents: read',
      { allowNotFound: true },
    );
    if (!response) return null;
    const data = response.data as { content?: string; sha: string };
    return { text: Buffer.from(data.content ?? '', 'base64').toString('utf8'), sha: data.sha };
  }

  /** Commits the file to the branch; `sha` is the blob it replaces (null for a new file). */
  async writeFile(
    path: string,
    branch: string,
    text: string,
    message: string,
    sha: string | null,
  ): Promise<void> {
    await this.send(
      'PUT',
      `/contents/${toContentPath(path)}`,
      `Commit ${path} to ${branch} of ${this.fullName}`,
      'Contents: write and Workflows: write',
      {
        // GitHub hides a workflow file from a token without the workflow scope behind a 404.
        notFound: `the token lacks the Workflows permission (classic tokens: the workflow scope), or the branch ${branch} or the repository ${this.fullName} does not exist`,
        body: {
          message,
          content: Buffer.from(text, 'utf8').toString('base64'),
          branch,
          ...(sha ? { sha } : {}),
        },
      },
    );
  }

  private async send(
    method: 'GET' | 'PUT' | 'POST' | 'PATCH',
    suffix: string,
    action: string,
    permission: string,
    options: { body?: Record<string, unknown>; allowNotFound?: boolean; notFound?: string } = {},
  ): Promise<{ status: number; data: unknown } | null> {
    return this.rest.send(
      {
        method,
        path: `${this.path}${suffix}`,
        body: options.body,
        action,
        permission: `the repository permission ${permission}`,
        notFound:
          options.notFound ??
          `the repository ${this.fullName} does not exist or the token cannot see it`,
        forbidden: `The token needs the repository permission ${permission} on ${this.fullName} (or, for a classic token, the repo and workflow scopes).`,
      },
      { allowNotFound: options.allowNotFound },
    );
  }
}

function toContentPath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}
