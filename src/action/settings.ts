// The action's inputs as one typed, validated settings object. parseSettings is pure: it takes a
// reader of raw input values, so every input error is found before anything touches the tenant.
import { X509Certificate } from 'node:crypto';
import { CLOUDS, TOKEN_EXCHANGE_AUDIENCES, toCloudName } from '../auth/clouds.js';
import { InputError } from '../errors.js';
import type { CredentialType } from '../model/desired.js';
import { isGuid } from '../model/guid.js';
import { toVaultUrl } from '../key-vault/vault-url.js';

export type Mode = 'apply' | 'plan';
export type Cloud = 'AzurePublicCloud' | 'AzureUSGovernment' | 'AzureChinaCloud';
export type SecretScope = 'repository' | 'environment' | 'organization';

export interface Settings {
  tenantId: string;
  clientId: string;
  profile: string | null;
  app: string | null;
  vars: Record<string, string>;
  mode: Mode;
  failOnDrift: boolean;
  prune: boolean;
  adopt: boolean;
  cloud: Cloud;
  authorityHost: string | null;
  graphEndpoint: string | null;
  audience: string;
  credentialType: CredentialType | null;
  credentialLifetimeDays: number | null;
  /** A user-provided certificate; thumbprint is its base64 SHA-1 (Graph's customKeyIdentifier). */
  certificate: { certificatePem: string; privateKeyPem: string; thumbprint: string } | null;
  certificateFormat: 'pfx' | 'pem';
  /**
   * A stable PFX password from the certificate-password input: the PFX goes to GitHub as one secret
   * (no NAME_PASSWORD), so every rotation replaces one value and GitHub always holds a usable pair.
   */
  certificatePassword: string | null;
  rotate: 'auto' | 'always' | 'never';
  rotateDaysBeforeExpiry: number;
  keepCredentials: number;
  verify: boolean;
  secret: {
    name: string | null;
    scope: SecretScope;
    environment: string | null;
    repository: { owner: string; repo: string } | null;
    organization: string | null;
    visibility: 'all' | 'private' | 'selected';
    repositories: string[];
  };
  storeIds: 'none' | 'secrets' | 'variables';
  /** Where the credential goes: GitHub secrets, a Key Vault, or both. */
  secretStore: 'github' | 'key-vault' | 'both';
  /** issue: open (or update) a GitHub issue per app for the hand-off to a product configured by hand. */
  notify: 'none' | 'issue';
  /** https://<vault>.<cloud's vault suffix>, from the key-vault input; null when not set. */
  keyVault: string | null;
  githubToken: string | null;
}

/** Reads one raw input value ('' when not set). */
export type InputReader = (name: string) => string;

const DOMAIN = /^(?=.{4,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

/** Parses and validates every input; throws InputError naming the input, the value and the expected form. */
export function parseSettings(
  read: InputReader,
  env: Record<string, string | undefined>,
): Settings {
  const text = (name: string): string | null => read(name).trim() || null;
  const tenantId = required(read, 'tenant-id');
  if (!isGuid(tenantId) && !DOMAIN.test(tenantId)) {
    throw new InputError(
      'tenant-id',
      `Invalid tenant-id '${tenantId}'. Expected a directory ID (GUID) or a verified domain such as contoso.onmicrosoft.com.`,
    );
  }
  const clientId = required(read, 'client-id');
  if (!isGuid(clientId)) {
    throw new InputError(
      'client-id',
      `Invalid client-id '${clientId}'. Expected the application (client) ID GUID of the identity the action signs in as.`,
    );
  }
  const profile = text('profile');
  const app = read('app').trim() ? read('app') : null;
  if (!profile && !app) {
    throw new InputError(
      'profile',
      "No profile given. Set 'profile' to a built-in profile name or a file in the workspace, or give an inline profile in 'app'.",
    );
  }
  const credentialType = oneOfOrNull(read, 'credential-type', [
    'secret',
    'certificate',
    'none',
  ] as const);
  const certificate = readCertificate(read);
  const cloud = readCloud(read);
  const settings: Settings = {
    tenantId,
    clientId,
    profile,
    app,
    vars: parseVars(read('vars')),
    mode: oneOf(read, 'mode', ['apply', 'plan'] as const, 'apply'),
    failOnDrift: bool(read, 'fail-on-drift', false),
    prune: bool(read, 'prune', true),
    adopt: bool(read, 'adopt', false),
    cloud,
    authorityHost: hostRoot(read, 'authority-host'),
    graphEndpoint: hostRoot(read, 'graph-endpoint'),
    audience: text('audience') ?? TOKEN_EXCHANGE_AUDIENCES[cloud],
    credentialType,
    credentialLifetimeDays: integer(read, 'credential-lifetime-days', null, 1, 3650),
    certificate,
    certificateFormat: oneOf(read, 'certificate-format', ['pfx', 'pem'] as const, 'pfx'),
    certificatePassword: readCertificatePassword(read),
    rotate: oneOf(read, 'rotate', ['auto', 'always', 'never'] as const, 'auto'),
    rotateDaysBeforeExpiry: integer(read, 'rotate-days-before-expiry', 30, 0, 3650) ?? 30,
    keepCredentials: integer(read, 'keep-credentials', 1, 0, 10) ?? 1,
    verify: bool(read, 'verify', true),
    secret: readSecretTarget(read, env),
    storeIds: oneOf(read, 'store-ids', ['none', 'secrets', 'variables'] as const, 'none'),
    ...readSecretStore(read, cloud),
    notify: oneOf(read, 'notify', ['none', 'issue'] as const, 'none'),
    githubToken: text('github-token'),
  };
  if (settings.certificatePassword !== null && settings.certificateFormat !== 'pfx')
    throw new InputError(
      'certificate-password',
      'certificate-password protects a PFX: use it with certificate-format pfx, or leave it unset for pem (one value holding key and certificate).',
    );
  return settings;
}

// Kept as given (a password may start or end with spaces); only a line break a secret was pasted with goes.
function readCertificatePassword(read: InputReader): string | null {
  const value = read('certificate-password').replace(/\r?\n$/, '');
  if (value === '') return null;
  if (/[\r\n]/.test(value))
    throw new InputError(
      'certificate-password',
      'certificate-password must be one line: pass a secret holding only the password, e.g. ${{ secrets.PFX_PASSWORD }}.',
    );
  if (value.length < 12)
    throw new InputError(
      'certificate-password',
      `certificate-password has ${value.length} characters; use at least 12 (a long random value kept in a GitHub secret).`,
    );
  return value;
}

function required(read: InputReader, name: string): string {
  const value = read(name).trim();
  if (!value) throw new InputError(name, `Input required and not supplied: ${name}`);
  return value;
}

function readCloud(read: InputReader): Cloud {
  const value = read('cloud').trim();
  if (!value) return 'AzurePublicCloud';
  const cloud = toCloudName(value);
  if (!cloud)
    throw new InputError(
      'cloud',
      `Invalid cloud '${value}'. Expected one of: ${Object.keys(CLOUDS).join(', ')}. ` +
        "azure/login's AzureCloud is accepted for AzurePublicCloud; case does not matter.",
    );
  return cloud;
}

function oneOf<T extends string>(
  read: InputReader,
  name: string,
  allowed: readonly T[],
  fallback: T,
): T {
  return oneOfOrNull(read, name, allowed) ?? fallback;
}

function oneOfOrNull<T extends string>(
  read: InputReader,
  name: string,
  allowed: readonly T[],
): T | null {
  const value = read(name).trim();
  if (!value) return null;
  const match = allowed.find((a) => a.toLowerCase() === value.toLowerCase());
  if (!match)
    throw new InputError(
      name,
      `Invalid ${name} '${value}'. Expected one of: ${allowed.join(', ')}.`,
    );
  return match;
}

function bool(read: InputReader, name: string, fallback: boolean): boolean {
  const value = read(name).trim();
  if (!value) return fallback;
  // The same spellings core.getBooleanInput accepts (YAML 1.2 core schema booleans).
  if (['true', 'True', 'TRUE'].includes(value)) return true;
  if (['false', 'False', 'FALSE'].includes(value)) return false;
  throw new InputError(name, `Invalid ${name} '${value}'. Expected true or false.`);
}

function integer(
  read: InputReader,
  name: string,
  fallback: number | null,
  min: number,
  max: number,
): number | null {
  const value = read(name).trim();
  if (!value) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new InputError(
      name,
      `Invalid ${name} '${value}'. Expected a whole number from ${min} to ${max}.`,
    );
  }
  return Number(value);
}

function hostRoot(read: InputReader, name: string): string | null {
  const value = read(name).trim();
  if (!value) return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InputError(
      name,
      `Invalid ${name} '${value}'. Expected an https URL of the host root, such as https://login.microsoftonline.com.`,
    );
  }
  if (
    url.protocol !== 'https:' ||
    (url.pathname !== '/' && url.pathname !== '') ||
    url.search ||
    url.hash
  ) {
    throw new InputError(
      name,
      `Invalid ${name} '${value}'. Expected an https URL of the host root without a path, such as https://graph.microsoft.com; the action adds the tenant and version paths itself.`,
    );
  }
  return url.origin;
}

/** Parses `name=value` lines (blank lines and # comments ignored). */
export function parseVars(raw: string): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const [index, line] of raw.split(/\r?\n/).entries()) {
    const trimmed = line.trim();
    if (!trimmed || trimmed.startsWith('#')) continue;
    const eq = trimmed.indexOf('=');
    const name = eq > 0 ? trimmed.slice(0, eq).trim() : '';
    if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(name)) {
      throw new InputError(
        'vars',
        `Invalid vars line ${index + 1} '${trimmed}'. Expected name=value, one per line.`,
      );
    }
    vars[name] = trimmed.slice(eq + 1).trim();
  }
  return vars;
}

function readCertificate(read: InputReader): Settings['certificate'] {
  const certificatePem = read('certificate').trim();
  const privateKeyPem = read('certificate-key').trim();
  if (!certificatePem && !privateKeyPem) return null;
  if (!certificatePem || !privateKeyPem) {
    const missing = certificatePem ? 'certificate-key' : 'certificate';
    throw new InputError(
      missing,
      `Input ${missing} is required when ${missing === 'certificate' ? 'certificate-key' : 'certificate'} is given: supply the PEM certificate and its private key together.`,
    );
  }
  if (!certificatePem.includes('-----BEGIN CERTIFICATE-----')) {
    throw new InputError(
      'certificate',
      'Invalid certificate. Expected a PEM certificate starting with -----BEGIN CERTIFICATE-----.',
    );
  }
  if (!/-----BEGIN (RSA )?PRIVATE KEY-----/.test(privateKeyPem)) {
    throw new InputError(
      'certificate-key',
      'Invalid certificate-key. Expected an unencrypted PEM private key starting with -----BEGIN PRIVATE KEY-----.',
    );
  }
  let thumbprint: string;
  try {
    thumbprint = Buffer.from(
      new X509Certificate(certificatePem).fingerprint.replace(/:/g, ''),
      'hex',
    ).toString('base64');
  } catch (cause) {
    throw new InputError(
      'certificate',
      'Invalid certificate: it is not a readable X.509 certificate in PEM form.',
      { cause },
    );
  }
  return { certificatePem, privateKeyPem, thumbprint };
}

function readSecretTarget(
  read: InputReader,
  env: Record<string, string | undefined>,
): Settings['secret'] {
  const scope = oneOf(
    read,
    'secret-scope',
    ['repository', 'environment', 'organization'] as const,
    'repository',
  );
  const environment = read('secret-environment').trim() || null;
  if (scope === 'environment' && !environment) {
    throw new InputError(
      'secret-environment',
      "secret-scope is 'environment' but secret-environment is empty. Set it to the name of the GitHub environment that receives the secret.",
    );
  }
  const repoText = read('secret-repository').trim() || env.GITHUB_REPOSITORY || '';
  let repository: { owner: string; repo: string } | null = null;
  if (repoText) {
    const match = /^([A-Za-z0-9-]+)\/([A-Za-z0-9._-]+)$/.exec(repoText);
    if (!match)
      throw new InputError(
        'secret-repository',
        `Invalid secret-repository '${repoText}'. Expected format {owner}/{repo}.`,
      );
    repository = { owner: match[1], repo: match[2] };
  }
  const organization = read('secret-organization').trim() || repository?.owner || null;
  const repositories = read('secret-repositories')
    .split(/[\s,]+/)
    .map((r) => r.trim())
    .filter(Boolean);
  return {
    name: read('secret-name').trim() || null,
    scope,
    environment,
    repository,
    organization,
    visibility: oneOf(
      read,
      'secret-visibility',
      ['all', 'private', 'selected'] as const,
      'private',
    ),
    repositories,
  };
}

function readSecretStore(
  read: InputReader,
  cloud: Cloud,
): Pick<Settings, 'secretStore' | 'keyVault'> {
  const secretStore = oneOf(
    read,
    'secret-store',
    ['github', 'key-vault', 'both'] as const,
    'github',
  );
  const vault = read('key-vault').trim();
  const keyVault = vault ? toVaultUrl(vault, cloud) : null;
  if (secretStore !== 'github' && !keyVault)
    throw new InputError(
      'key-vault',
      `secret-store is '${secretStore}' but key-vault is empty. Set key-vault to the vault's name or URL, e.g. contoso-apps or https://contoso-apps.vault.azure.net.`,
    );
  if (secretStore === 'github' && keyVault)
    throw new InputError(
      'secret-store',
      `key-vault is set but secret-store is 'github', so nothing would be written to the vault. Set secret-store to key-vault (vault only) or both (vault and GitHub).`,
    );
  return { secretStore, keyVault };
}
