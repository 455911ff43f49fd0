// The hand-off issue of one app in the workflow's repository: found by a marker in its body (so a
// person may retitle it), created when there is none open, updated otherwise.
// https://docs.github.com/rest/issues/issues
import { GitHubRest, type GitHubConnectionOptions } from './github-request.js';

export interface IssuesClientOptions extends GitHubConnectionOptions {
  repository: { owner: string; repo: string };
}

/** An issue as the action uses it. */
export interface IssueRef {
  number: number;
  htmlUrl: string;
}

/** The label the action puts on its hand-off issues. */
export const HANDOFF_LABEL = 'register-entra-app';

/** Lists, creates and updates the repository's hand-off issues. */
export class IssuesClient {
  private readonly rest: GitHubRest;
  private readonly repoPath: string;
  private readonly where: string;

  constructor(private readonly options: IssuesClientOptions) {
    const { owner, repo } = options.repository;
    this.repoPath = `/repos/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}`;
    this.where = `repository ${owner}/${repo}`;
    this.rest = new GitHubRest(options);
  }

  /** The open issue whose body holds `marker`, or null (reads the newest 100 open hand-off issues). */
  async findOpenIssue(marker: string): Promise<IssueRef | null> {
    const response = await this.send(
      'GET',
      `${this.repoPath}/issues`,
      `List the open hand-off issues of ${this.where}`,
      { state: 'open', labels: HANDOFF_LABEL, per_page: 100 },
    );
    const issues = (response?.data ?? []) as Array<{
      number: number;
      html_url: string;
      body?: string | null;
      pull_request?: unknown;
    }>;
    const found = issues.find((i) => !i.pull_request && (i.body ?? '').includes(marker));
    return found ? { number: found.number, htmlUrl: found.html_url } : null;
  }

  /** Creates an open issue with the hand-off label. */
  async createIssue(title: string, body: string): Promise<IssueRef> {
    const response = await this.send(
      'POST',
      `${this.repoPath}/issues`,
      `Open a hand-off issue in ${this.where}`,
      { title, body, labels: [HANDOFF_LABEL] },
    );
    const data = response?.data as { number: number; html_url: string };
    return { number: data.number, htmlUrl: data.html_url };
  }

  /** Replaces an issue's title and body. */
  async updateIssue(number: number, title: string, body: string): Promise<void> {
    await this.send(
      'PATCH',
      `${this.repoPath}/issues/${number}`,
      `Update hand-off issue #${number} in ${this.where}`,
      { title, body },
    );
  }

  private async send(
    method: 'GET' | 'POST' | 'PATCH',
    path: string,
    action: string,
    body?: Record<string, unknown>,
  ): Promise<{ status: number; data: unknown } | null> {
    return this.rest.send({
      method,
      path,
      body,
      action,
      permission: '"Issues: read and write" on the repository (notify: issue)',
      notFound: `the repository does not exist or the github-token cannot see it`,
    });
  }
}
