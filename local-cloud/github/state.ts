// The GitHub fake's data: organizations, repositories, environments, their secrets (kept as the
// decrypted plaintext so tests can read them) and variables, and the API tokens it accepts.
import { createSecretsKeyPair, type SecretsKeyPair } from './key-pairs.js';

/** A stored secret; `value` is the decrypted plaintext. Tests may edit the timestamps. */
export interface SecretRecord {
  name: string;
  value: string;
  keyId: string;
  created_at: string;
  updated_at: string;
}

/** An organization secret with its visibility. */
export interface OrganizationSecretRecord extends SecretRecord {
  visibility: 'all' | 'private' | 'selected';
  selectedRepositoryIds: number[];
}

/** A stored Actions variable; organization variables also have a visibility. */
export interface VariableRecord {
  name: string;
  value: string;
  created_at: string;
  updated_at: string;
  visibility?: string;
  selected_repository_ids?: number[];
}

/** Secrets and variables of one scope, sealed with that scope's own key pair. */
export interface SecretStore<S extends SecretRecord = SecretRecord> {
  key: SecretsKeyPair;
  secrets: Map<string, S>;
  variables: Map<string, VariableRecord>;
}

/** A deployment environment of a repository. */
export interface EnvironmentRecord extends SecretStore {
  id: number;
  name: string;
  created_at: string;
  updated_at: string;
}

/** A file in a branch; sha is its git blob id. */
export interface FileRecord {
  content: Buffer;
  sha: string;
}

/** The repository's OIDC subject settings (https://docs.github.com/rest/actions/oidc). */
export interface OidcSubjectSettings {
  useDefault: boolean;
  includeClaimKeys: string[];
  /** Subjects name the owner and repository with their ids: repo:owner@ID/repo@ID. */
  useImmutableSubject: boolean;
}

/** A repository, its environments (keyed by lower-cased name), branches and files. */
export interface RepositoryRecord extends SecretStore {
  id: number;
  name: string;
  fullName: string;
  owner: { login: string; id: number };
  environments: Map<string, EnvironmentRecord>;
  defaultBranch: string;
  /** Files per branch name, each keyed by path. */
  branches: Map<string, Map<string, FileRecord>>;
  oidcSubject: OidcSubjectSettings;
}

/** An organization. */
export interface OrganizationRecord extends SecretStore<OrganizationSecretRecord> {
  login: string;
  id: number;
}

/** Which secret a test asks about. */
export type SecretLocation =
  | { scope: 'repository'; owner: string; repo: string }
  | { scope: 'environment'; owner: string; repo: string; environment: string }
  | { scope: 'organization'; org: string };

/** What a token may do; `repositories` (owner/repo) limits a fine-grained token, undefined means all. */
export interface TokenPermissions {
  secrets: 'write' | 'read' | 'none';
  variables: 'write' | 'read' | 'none';
  /** Organization secrets and variables; defaults to `secrets`. */
  organizationSecrets?: 'write' | 'read' | 'none';
  /** Repository issues; default none. */
  issues?: 'write' | 'read' | 'none';
  repositories?: string[];
  /** Repository administration (environments); default none. */
  administration?: 'write' | 'read' | 'none';
  /** Repository contents (files); default none. */
  contents?: 'write' | 'read' | 'none';
  /** Actions settings (OIDC subject customization); default none. */
  actions?: 'write' | 'read' | 'none';
  /** Workflow files (.github/workflows/), on top of contents; default none. */
  workflows?: 'write' | 'none';
  /** Completes GitHub's 403 "Resource not accessible by …" message. */
  kind?: 'integration' | 'personal access token';
}

/** In-memory GitHub: names are matched case-insensitively, as GitHub does. */
export class GitHubState {
  readonly organizations = new Map<string, OrganizationRecord>();
  readonly repositories = new Map<string, RepositoryRecord>();
  readonly tokens = new Map<string, TokenPermissions>();
  private nextId = 1_296_269;

  /** Adds (or returns) an organization. */
  addOrganization(login: string): OrganizationRecord {
    const existing = this.organizations.get(login.toLowerCase());
    if (existing) return existing;
    const org: OrganizationRecord = {
      login,
      id: this.nextId++,
      key: createSecretsKeyPair(),
      secrets: new Map(),
      variables: new Map(),
    };
    this.organizations.set(login.toLowerCase(), org);
    return org;
  }

  /** Adds (or returns) a repository `owner/name`, creating its owner organization. */
  addRepository(fullName: string): RepositoryRecord {
    const existing = this.repository(fullName);
    if (existing) return existing;
    const [ownerLogin, name] = fullName.split('/');
    if (!ownerLogin || !name)
      throw new Error(`Invalid repository '${fullName}'. Expected format {owner}/{repo}.`);
    const owner = this.addOrganization(ownerLogin);
    const repo: RepositoryRecord = {
      id: this.nextId++,
      name,
      fullName: `${owner.login}/${name}`,
      owner: { login: owner.login, id: owner.id },
      key: createSecretsKeyPair(),
      secrets: new Map(),
      variables: new Map(),
      environments: new Map(),
      defaultBranch: 'main',
      branches: new Map([['main', new Map<string, FileRecord>()]]),
      oidcSubject: { useDefault: true, includeClaimKeys: [], useImmutableSubject: false },
    };
    this.repositories.set(fullName.toLowerCase(), repo);
    return repo;
  }

  /** Adds (or returns) an environment of a repository, with its own key pair. */
  addEnvironment(fullName: string, environment: string, now = Date.now()): EnvironmentRecord {
    const repo = this.addRepository(fullName);
    const existing = repo.environments.get(environment.toLowerCase());
    if (existing) return existing;
    const created = new Date(now).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const env: EnvironmentRecord = {
      id: this.nextId++,
      name: environment,
      created_at: created,
      updated_at: created,
      key: createSecretsKeyPair(),
      secrets: new Map(),
      variables: new Map(),
    };
    repo.environments.set(environment.toLowerCase(), env);
    return env;
  }

  /** Registers an API token with its permissions. */
  addToken(token: string, permissions: TokenPermissions): void {
    this.tokens.set(token, permissions);
  }

  /** The repository `owner/name`, if it exists. */
  repository(fullName: string): RepositoryRecord | undefined {
    return this.repositories.get(fullName.toLowerCase());
  }

  /** The repository with GitHub id `id`, if it exists. */
  repositoryById(id: number): RepositoryRecord | undefined {
    for (const repo of this.repositories.values()) if (repo.id === id) return repo;
    return undefined;
  }

  /** The secret store of a location, if it exists. */
  store(location: SecretLocation): SecretStore | undefined {
    if (location.scope === 'organization')
      return this.organizations.get(location.org.toLowerCase());
    const repo = this.repository(`${location.owner}/${location.repo}`);
    if (location.scope === 'repository') return repo;
    return repo?.environments.get(location.environment.toLowerCase());
  }

  /** The stored secret record (plaintext included) at `location`, if any. */
  secret(location: SecretLocation, name: string): SecretRecord | undefined {
    return this.store(location)?.secrets.get(name.toUpperCase());
  }

  /** The decrypted value of a secret, if it exists. */
  secretValue(location: SecretLocation, name: string): string | undefined {
    return this.secret(location, name)?.value;
  }

  /** A variable's value, if it exists. */
  variableValue(location: SecretLocation, name: string): string | undefined {
    return this.store(location)?.variables.get(name.toUpperCase())?.value;
  }

  /** Replaces a scope's key pair, so values sealed with the old key_id are refused. */
  rotateKey(location: SecretLocation): void {
    const store = this.store(location);
    if (!store) throw new Error(`No such secrets scope: ${JSON.stringify(location)}`);
    store.key = createSecretsKeyPair();
  }
}

/** Every secret value the fake GitHub holds, in every scope (for leak checks). */
export function listSecretValues(state: GitHubState): string[] {
  const stores: SecretStore[] = [...state.organizations.values()];
  for (const repo of state.repositories.values()) stores.push(repo, ...repo.environments.values());
  return stores.flatMap((store) => [...store.secrets.values()].map((secret) => secret.value));
}
