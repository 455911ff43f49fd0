// The executor's credential ports, wired to the certificate code, the GitHub secrets client and the
// token-request check, with every sensitive value masked in the log as soon as it exists.
import type { SecretTarget } from '../github/secret-target.js';
import type { FetchLike } from '../net/outbound-fetch.js';
import { generateSelfSignedCertificate, parseProvidedCertificate } from './certificate.js';
import { toVaultSecretName } from '../key-vault/vault-url.js';
import {
  type GitHubDelivery,
  markPending,
  mayHaveBeenStored,
  readUpdatedAt,
  writeCredentialSecrets,
  writeRecord,
} from './store-secrets.js';
import {
  toVaultWrites,
  writeVaultSecrets,
  type VaultTarget,
  type VaultWritten,
} from './store-vault.js';
import type { CredentialPorts, NewCredential, VerifyResult } from './types.js';
import { verifyCredential } from './verify-credential.js';
import { FIRST_PARTY_RESOURCES } from '../model/well-known.js';

/** The part of SecretsClient the ports write with. */
export interface SecretsWriter {
  writeSecret(name: string, value: string): Promise<'created' | 'updated'>;
  writeVariable(name: string, value: string): Promise<'created' | 'updated'>;
  /** Reads a secret's metadata; tells whether a write that answered an error was stored anyway. */
  readSecretMetadata?(name: string): Promise<{ exists: boolean; updatedAt: string | null }>;
  /** Deletes a secret; used only to undo a half-written PFX pair. */
  deleteSecret?(name: string): Promise<boolean>;
  /** Reads a variable; tells whether another run marked the record while this one wrote. */
  readVariable?(name: string): Promise<{ exists: boolean; value: string | null }>;
}

export interface CredentialPortsOptions {
  github: SecretsWriter;
  target: SecretTarget;
  /** pfx: NAME = base64 PKCS#12 and NAME_PASSWORD; pem: NAME = private key PEM + certificate PEM. */
  format: 'pfx' | 'pem';
  storeIds: 'none' | 'secrets' | 'variables';
  /** false when GitHub is not a secret store (secret-store: key-vault); default true. */
  storeInGitHub?: boolean;
  /** The vault the credential also (or only) goes to; null without key-vault. */
  vault?: VaultTarget | null;
  /** null when the verify input is false. */
  verify: { tokenEndpoint: string; scope: string; timeoutMs?: number; fetch?: FetchLike } | null;
  /** The certificate and certificate-key inputs, when the user supplies the certificate. */
  provided?: { certificatePem: string; privateKeyPem: string };
  /** A stable PFX password (certificate-password): the PFX is then stored as NAME alone. */
  pfxPassword?: string | null;
  /** core.setSecret: masks one value in the log. */
  mask(value: string): void;
  log: (line: string) => void;
  now: () => Date;
  sleep?: (ms: number) => Promise<void>;
}

/** Returns the CredentialPorts the executor calls to create, store and verify a credential. */
export function createCredentialPorts(options: CredentialPortsOptions): CredentialPorts {
  const masked = new Set<string>();
  const mask = (value: string): void => {
    for (const form of toMaskedForms(value)) {
      if (masked.has(form)) continue;
      masked.add(form);
      options.mask(form);
    }
  };
  return {
    mask,
    async createCertificate(subject, endDateTime) {
      if (options.provided) {
        const { certificatePem, privateKeyPem } = options.provided;
        return parseProvidedCertificate(certificatePem, privateKeyPem, {
          now: options.now(),
          mask,
          pfxPassword: options.pfxPassword,
        });
      }
      return generateSelfSignedCertificate({
        subject,
        notAfter: new Date(endDateTime),
        now: options.now(),
        mask,
        pfxPassword: options.pfxPassword,
      });
    },
    async store(secretName, credential, ids, replacing) {
      const { vault } = options;
      let written: VaultWritten | null = null;
      if (vault) {
        const writes = await toVaultWrites(vault, secretName, credential, options.format, ids);
        for (const write of writes) mask(write.value);
        written = await writeVaultSecrets(vault, writes, credential.keyId, options.log);
      }
      let github: GitHubDelivery | null = null;
      if (options.storeInGitHub !== false) {
        const values = toSecretValues(secretName, credential, options.format, {
          stablePassword: Boolean(options.pfxPassword),
        });
        for (const [, value] of values) mask(value);
        try {
          github = await writeCredentialSecrets(options, secretName, values, ids, {
            keyId: credential.keyId,
            replacing,
          });
        } catch (error) {
          // The executor removes the new credential again: its vault version must not stay current.
          if (vault && written && !mayHaveBeenStored(error))
            await disableVersion(vault, written, options.log);
          throw error;
        }
      }
      return {
        ...(written ? { keyVaultSecretId: written.id } : {}),
        ...(github && github.written.length > 0 ? { githubWritten: github.written } : {}),
        ...(github?.overlapped ? { githubOverlapped: true } : {}),
      };
    },
    async readGitHubUpdatedAt(name) {
      return options.storeInGitHub === false ? null : readUpdatedAt(options, name);
    },
    async recordUncertain(secretName, keyId) {
      if (options.storeInGitHub !== false) await markPending(options, secretName, keyId, keyId);
    },
    async recordHeld(secretName, keyId) {
      // Key Vault's record (the key-id tag) goes with the value in one write; GitHub's is a variable.
      if (options.storeInGitHub !== false) await writeRecord(options, secretName, keyId);
    },
    async retire(secretName, keyId) {
      if (!options.vault) return;
      const name = toVaultSecretName(secretName);
      try {
        const count = await options.vault.secrets.disableVersionsOf(name, keyId);
        if (count > 0)
          options.log(`Disabled ${count} version(s) of Key Vault secret ${name} holding ${keyId}.`);
      } catch (error) {
        options.log(
          `Could not disable the versions of Key Vault secret ${name} holding the removed ${keyId}: ${(error as Error).message.split('\n')[0]}`,
        );
      }
    },
    async verify(clientId, credential, expected): Promise<VerifyResult> {
      const check = options.verify;
      if (!check)
        return {
          ok: true,
          roles: [],
          missing: [],
          attempts: 0,
          reason: 'not checked (verify is false)',
        };
      // One token per resource: a token's roles claim holds only its own resource's app roles.
      const results: VerifyResult[] = [];
      for (const group of expected) {
        const scope =
          group.resourceAppId === GRAPH_APP_ID ? check.scope : `${group.resourceAppId}/.default`;
        const result = await verifyCredential({
          ...check,
          scope,
          clientId,
          credential,
          expectedRoles: group.roles,
          now: options.now,
          sleep: options.sleep,
          log: options.log,
        });
        results.push(
          result.ok || !result.reason
            ? result
            : { ...result, reason: `${group.resourceDisplayName}: ${result.reason}` },
        );
        if (!result.ok) break;
      }
      return combineResults(results);
    },
  };
}

const GRAPH_APP_ID = FIRST_PARTY_RESOURCES['Microsoft Graph'];

async function disableVersion(
  vault: VaultTarget,
  written: VaultWritten,
  log: (line: string) => void,
): Promise<void> {
  try {
    await vault.secrets.disableVersion(written.name, written.version);
    log(
      `Disabled Key Vault secret ${written.name} version ${written.version}: its credential is removed.`,
    );
  } catch (error) {
    log(
      `Could not disable Key Vault secret ${written.name} version ${written.version}: ${(error as Error).message.split('\n')[0]}`,
    );
  }
}

/** One result for several resources: ok when all are, roles and missing roles of all, the first failure's reason. */
export function combineResults(results: readonly VerifyResult[]): VerifyResult {
  const failed = results.find((r) => !r.ok);
  return {
    ok: failed === undefined,
    roles: [...new Set(results.flatMap((r) => r.roles))].sort(),
    missing: [...new Set(results.flatMap((r) => r.missing))].sort(),
    attempts: results.reduce((sum, r) => sum + r.attempts, 0),
    ...(failed?.reason ? { reason: failed.reason } : {}),
  };
}

/** Returns the secrets to write for a credential, NAME last, e.g. [[NAME_PASSWORD, pw], [NAME, pfx]]. */
export function toSecretValues(
  secretName: string,
  credential: NewCredential,
  format: 'pfx' | 'pem',
  options: { stablePassword?: boolean } = {},
): Array<[string, string]> {
  if (credential.type === 'secret') return [[secretName, credential.secretText]];
  const { material } = credential;
  if (format === 'pem') {
    const key = material.privateKeyPem.endsWith('\n')
      ? material.privateKeyPem
      : `${material.privateKeyPem}\n`;
    return [[secretName, `${key}${material.certificatePem}`]];
  }
  // With a stable password (certificate-password) the consumer already holds it: one value, one write.
  if (options.stablePassword) return [[secretName, material.pfxBase64]];
  return [
    [`${secretName}_PASSWORD`, material.pfxPassword],
    [secretName, material.pfxBase64],
  ];
}

/**
 * Returns the strings to mask for one sensitive value: each line (the runner masks line by line;
 * PEM armour lines are not secret and would mask every certificate in the log), and for short
 * one-line values such as a client secret or password also their base64 forms.
 */
export function toMaskedForms(value: string): string[] {
  const lines = value
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0 && !/^-----(BEGIN|END) [A-Z0-9 ]+-----$/.test(line));
  if (lines.length !== 1 || value.length > 512) return [...new Set(lines)];
  const bytes = Buffer.from(lines[0], 'utf8');
  return [...new Set([lines[0], bytes.toString('base64'), bytes.toString('base64url')])];
}
