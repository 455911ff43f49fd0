// GitHub Actions secrets and variables of one repository, environment or organization.
// https://docs.github.com/rest/actions/secrets  https://docs.github.com/rest/actions/variables
import { GitHubError, InputError } from '../errors.js';
import type { ObservedSecret } from '../model/observed.js';
import { GitHubRest, type GitHubConnectionOptions, type RequestIntent } from './github-request.js';
import { sealForGitHub } from './sealed-box.js';
import { validateSecretName } from './secret-name.js';
import {
  describeNotFound,
  describeSecretTarget,
  describeWritePermission,
  toRepoPath,
  toSecretsPath,
  toVariablesPath,
  type SecretTarget,
} from './secret-target.js';

export type { SecretTarget } from './secret-target.js';

export interface SecretsClientOptions extends GitHubConnectionOptions {
  target: SecretTarget;
}

interface ActionsPublicKey {
  key_id: string;
  key: string;
}

/** Reads and writes Actions secrets and variables at one target; each method does one logical write or read. */
export class SecretsClient {
  readonly target: SecretTarget;
  private readonly rest: GitHubRest;
  // The client serves one target, so one public key; an environment's key differs from its repository's.
  private publicKey: Promise<ActionsPublicKey> | null = null;
  private selectedRepositoryIds: Promise<number[]> | null = null;

  constructor(options: SecretsClientOptions) {
    this.target = options.target;
    this.rest = new GitHubRest(options);
  }

  /** Reads the secret's metadata (never its value); exists is false when GitHub answers 404. */
  async readSecretMetadata(name: string): Promise<ObservedSecret> {
    const response = await this.sendToOne('secret', 'GET', 'Read', name);
    if (!response) return { name, exists: false, updatedAt: null };
    const data = response.data as { updated_at?: string };
    return { name, exists: true, updatedAt: data.updated_at ?? null };
  }

  /**
   * Read-only checks that the target can be written before anything changes in Entra: the scope
   * (repository, environment or organization) exists and the token reaches its secrets (public
   * key), the selected repositories exist, and the token may read its variables (the record of
   * which credential a secret holds is a variable). Throws the same errors a write would.
   */
  async checkTarget(): Promise<void> {
    await this.readPublicKey(false);
    await this.readScopeFields();
    await this.send({
      method: 'GET',
      path: `${toVariablesPath(this.target)}?per_page=1`,
      action: `List the Actions variables of ${describeSecretTarget(this.target)}`,
      kind: 'variable',
    });
  }

  /** Reads a variable (value and time of its last write); exists is false when GitHub answers 404. */
  async readVariable(
    name: string,
  ): Promise<{ exists: boolean; value: string | null; updatedAt: string | null }> {
    const response = await this.sendToOne('variable', 'GET', 'Read', name);
    if (!response) return { exists: false, value: null, updatedAt: null };
    const data = response.data as { value?: string; updated_at?: string };
    return { exists: true, value: data.value ?? null, updatedAt: data.updated_at ?? null };
  }

  /** Encrypts the value with the target's public key and writes the secret; says whether it was created or updated. */
  async writeSecret(name: string, value: string): Promise<'created' | 'updated'> {
    const action = `Write ${this.describe('secret', name)}`;
    const path = this.secretPath(name);
    const scopeFields = await this.readScopeFields();
    for (const refresh of [false, true]) {
      const key = await this.readPublicKey(refresh);
      const body = {
        encrypted_value: sealForGitHub(value, key.key),
        key_id: key.key_id,
        ...scopeFields,
      };
      try {
        const response = await this.send({ method: 'PUT', path, body, action });
        return response?.status === 201 ? 'created' : 'updated';
      } catch (error) {
        // 422 means a stale key_id or a value sealed for another key; a fresh key fixes the first.
        if (!(error instanceof GitHubError) || error.status !== 422 || refresh) throw error;
        this.rest.policy.log(
          `GitHub refused the encrypted value of ${name} (422); fetching the public key again.`,
        );
      }
    }
    throw new Error('unreachable');
  }

  /** Deletes the secret; returns false when it did not exist. */
  async deleteSecret(name: string): Promise<boolean> {
    const response = await this.sendToOne('secret', 'DELETE', 'Delete', name);
    return response !== null;
  }

  /** Deletes the variable; returns false when it did not exist. */
  async deleteVariable(name: string): Promise<boolean> {
    const response = await this.sendToOne('variable', 'DELETE', 'Delete', name);
    return response !== null;
  }

  /** Writes a plain (unencrypted) Actions variable: updates it when it exists, else creates it. */
  async writeVariable(name: string, value: string): Promise<'created' | 'updated'> {
    const action = `Write ${this.describe('variable', name)}`;
    const path = this.variablePath(name);
    const body = { name, value, ...(await this.readScopeFields()) };
    const patched = await this.send(
      { method: 'PATCH', path, body, action, kind: 'variable' },
      { allowNotFound: true },
    );
    if (patched) return 'updated';
    try {
      await this.send({
        method: 'POST',
        path: toVariablesPath(this.target),
        body,
        action,
        kind: 'variable',
      });
      return 'created';
    } catch (error) {
      // A retried POST whose first attempt reached GitHub answers 409; the variable is there, so update it.
      if (!(error instanceof GitHubError) || error.status !== 409) throw error;
      await this.send({ method: 'PATCH', path, body, action, kind: 'variable' });
      return 'updated';
    }
  }

  private readPublicKey(refresh: boolean): Promise<ActionsPublicKey> {
    if (!this.publicKey || refresh) {
      const request = this.send({
        method: 'GET',
        path: `${toSecretsPath(this.target)}/public-key`,
        action: `Read the Actions public key of ${describeSecretTarget(this.target)}`,
      }).then((response) => response?.data as ActionsPublicKey);
      // A failed read is not cached, so a later call asks again.
      request.catch(() => {
        if (this.publicKey === request) this.publicKey = null;
      });
      this.publicKey = request;
    }
    return this.publicKey;
  }

  /** Organization secrets and variables also carry visibility and, for selected, repository ids. */
  private async readScopeFields(): Promise<Record<string, unknown>> {
    const target = this.target;
    if (target.scope !== 'organization') return {};
    if (target.visibility !== 'selected') return { visibility: target.visibility };
    this.selectedRepositoryIds ??= this.readRepositoryIds(
      target.org,
      target.selectedRepositories ?? [],
    );
    return { visibility: 'selected', selected_repository_ids: await this.selectedRepositoryIds };
  }

  private async readRepositoryIds(org: string, names: string[]): Promise<number[]> {
    const ids: number[] = [];
    // One at a time: GitHub's secondary rate limits punish bursts of concurrent requests.
    for (const name of names) {
      const [owner, repo] = name.includes('/') ? name.split('/', 2) : [org, name];
      const response = await this.send({
        method: 'GET',
        path: toRepoPath(owner, repo),
        action: `Look up repository ${owner}/${repo} (from secret-repositories)`,
        notFound: `the repository ${owner}/${repo} does not exist or the token cannot see it`,
      });
      ids.push((response?.data as { id: number }).id);
    }
    return ids;
  }

  private async send(
    {
      kind = 'secret',
      notFound,
      ...intent
    }: Pick<RequestIntent, 'method' | 'path' | 'body' | 'action'> & {
      kind?: 'secret' | 'variable';
      notFound?: string;
    },
    options: { allowNotFound?: boolean } = {},
  ): Promise<{ status: number; data: unknown } | null> {
    const full: RequestIntent = {
      ...intent,
      permission: describeWritePermission(this.target, kind),
      notFound: notFound ?? describeNotFound(this.target),
    };
    return this.rest.send(full, options);
  }

  // A read or delete of one secret or variable; null when GitHub answers 404.
  private sendToOne(
    kind: 'secret' | 'variable',
    method: 'GET' | 'DELETE',
    verb: string,
    name: string,
  ): Promise<{ status: number; data: unknown } | null> {
    const path = kind === 'secret' ? this.secretPath(name) : this.variablePath(name);
    return this.send(
      { method, path, action: `${verb} ${this.describe(kind, name)}`, kind },
      { allowNotFound: true },
    );
  }

  private variablePath(name: string): string {
    return `${toVariablesPath(this.target)}/${encodeURIComponent(this.checkName(name))}`;
  }

  private secretPath(name: string): string {
    return `${toSecretsPath(this.target)}/${encodeURIComponent(this.checkName(name))}`;
  }

  private checkName(name: string): string {
    const problem = validateSecretName(name);
    if (problem)
      throw new InputError('secret-name', `Invalid secret name '${name}': it ${problem}.`);
    return name;
  }

  private describe(kind: 'secret' | 'variable', name: string): string {
    return `${this.target.scope} ${kind} ${name} in ${describeSecretTarget(this.target)}`;
  }
}
