// The vaults of the local cloud: secrets with their versions, and who may do what on each vault,
// by Azure RBAC role or by access policy, as Key Vault decides it.
import { randomBytes } from 'node:crypto';

/** One version of a secret as Key Vault stores it (times in epoch seconds, as its REST API returns them). */
export interface StoredSecretVersion {
  version: string;
  value: string;
  contentType: string | null;
  tags: Record<string, string>;
  enabled: boolean;
  nbf: number | null;
  exp: number | null;
  created: number;
  updated: number;
}

/** Key Vault's built-in data-plane roles for secrets, and the access-policy secret permissions. */
export type VaultRole =
  | 'Key Vault Administrator'
  | 'Key Vault Secrets Officer'
  | 'Key Vault Secrets User'
  | 'Key Vault Reader';
export type SecretPermission = 'get' | 'list' | 'set' | 'delete';

/** A secret operation and the RBAC data action that allows it. */
export const SECRET_ACTIONS: Record<SecretPermission, string> = {
  get: 'Microsoft.KeyVault/vaults/secrets/getSecret/action',
  list: 'Microsoft.KeyVault/vaults/secrets/readMetadata/action',
  set: 'Microsoft.KeyVault/vaults/secrets/setSecret/action',
  delete: 'Microsoft.KeyVault/vaults/secrets/delete',
};

const ROLE_PERMISSIONS: Record<VaultRole, SecretPermission[]> = {
  'Key Vault Administrator': ['get', 'list', 'set', 'delete'],
  'Key Vault Secrets Officer': ['get', 'list', 'set', 'delete'],
  'Key Vault Secrets User': ['get', 'list'],
  'Key Vault Reader': ['list'],
};

/** A vault: RBAC (the default for new vaults) or access policies decide who may act. */
export class Vault {
  readonly secrets = new Map<string, StoredSecretVersion[]>();
  /** principal object id → roles assigned on the vault (authorization: rbac). */
  readonly roles = new Map<string, Set<VaultRole>>();
  /** principal object id → secret permissions (authorization: access-policy). */
  readonly policies = new Map<string, Set<SecretPermission>>();

  constructor(
    readonly name: string,
    readonly authorization: 'rbac' | 'access-policy' = 'rbac',
  ) {}

  /** Whether the principal may perform `permission` on secrets. */
  allows(principalId: string, permission: SecretPermission): boolean {
    if (this.authorization === 'access-policy')
      return this.policies.get(principalId)?.has(permission) ?? false;
    return [...(this.roles.get(principalId) ?? [])].some((role) =>
      ROLE_PERMISSIONS[role].includes(permission),
    );
  }

  assignRole(principalId: string, role: VaultRole): void {
    const roles = this.roles.get(principalId) ?? new Set<VaultRole>();
    roles.add(role);
    this.roles.set(principalId, roles);
  }

  setAccessPolicy(principalId: string, permissions: SecretPermission[]): void {
    this.policies.set(principalId, new Set(permissions));
  }

  /** Adds a new version (Key Vault never overwrites one) and returns it. */
  addVersion(
    name: string,
    input: Omit<StoredSecretVersion, 'version' | 'created' | 'updated'>,
    now: number,
  ): StoredSecretVersion {
    const seconds = Math.floor(now / 1000);
    const version: StoredSecretVersion = {
      ...input,
      version: randomBytes(16).toString('hex'),
      created: seconds,
      updated: seconds,
    };
    const versions = this.secrets.get(name.toLowerCase()) ?? [];
    versions.push(version);
    this.secrets.set(name.toLowerCase(), versions);
    return version;
  }

  /** The versions of a secret (names are case-insensitive in Key Vault), oldest first. */
  versions(name: string): StoredSecretVersion[] {
    return this.secrets.get(name.toLowerCase()) ?? [];
  }

  /** A version by id, or the current (newest) version when `version` is empty. */
  find(name: string, version: string): StoredSecretVersion | undefined {
    const versions = this.versions(name);
    return version ? versions.find((v) => v.version === version) : versions.at(-1);
  }
}
