// Checks, before anything is sent to Entra or GitHub, that the credential the profile asks for can
// be delivered: a valid secret name, a token that may write it, a type the product accepts.
import { InputError } from '../errors.js';
import { validateSecretName } from '../github/secret-name.js';
import { APP_MODEL_RULES, isPersonalAudience } from '../model/app-model-rules.js';
import type { CredentialType } from '../model/desired.js';
import { describeAllowed } from '../profile/check-profile.js';
import type { ProfileTarget } from '../profile/read-profile.js';
import type { Settings } from './settings.js';

/** The credential type a target ends up with: the input overrides the profile. */
export function toCredentialType(settings: Settings, target: ProfileTarget): CredentialType {
  return settings.credentialType ?? target.spec.credential.type;
}

/** The GitHub secret name of a target: secret-name, with the instance suffix (NAME_01) when there are several. */
export function toSecretName(settings: Settings, target: ProfileTarget): string | null {
  const name = settings.secret.name;
  if (!name) return null;
  return target.suffix ? `${name}_${target.suffix}` : name;
}

/**
 * Apps that sign in personal Microsoft accounts hold at most two client secrets (a row of
 * model/app-model-rules.ts): the new secret plus keep-credentials older ones must fit.
 */
function checkSecretCount(settings: Settings, target: ProfileTarget, type: CredentialType): void {
  const rule = APP_MODEL_RULES.find((r) => r.id === 'passwordCredentials.count.personal');
  if (type !== 'secret' || !rule || !isPersonalAudience(target.spec.signInAudience)) return;
  if (settings.keepCredentials + 1 <= 2) return;
  throw new InputError(
    'keep-credentials',
    `Invalid keep-credentials '${settings.keepCredentials}': ${target.spec.source} signs in personal Microsoft accounts (signInAudience ${target.spec.signInAudience}), and Entra ID allows such apps ${rule.limit.replace(/ for apps .*/, '')}: the new secret and at most 1 older one. Expected keep-credentials 0 or 1 (${rule.source}).`,
  );
}

/** Throws an InputError when a target's credential could not be created or delivered. */
export function checkDelivery(settings: Settings, targets: readonly ProfileTarget[]): void {
  checkOneCredential(settings, targets);
  for (const target of targets) {
    const type = toCredentialType(settings, target);
    const { allowed, allowedReason } = target.spec.credential;
    if (settings.credentialType && !allowed.includes(type)) {
      throw new InputError(
        'credential-type',
        `Invalid credential-type '${type}': ${describeAllowed(target.spec.source, allowed, allowedReason)}.`,
      );
    }
    if (type === 'none') continue;
    checkSecretCount(settings, target, type);
    if (settings.certificate && type !== 'certificate') {
      throw new InputError(
        'certificate',
        `Input certificate is given but the credential type is '${type}'. Set credential-type: certificate, or remove the certificate inputs.`,
      );
    }
    const secretName = toSecretName(settings, target);
    if (!secretName) {
      throw new InputError(
        'secret-name',
        `Input secret-name is required: profile ${target.spec.source} creates a ${type === 'secret' ? 'client secret' : 'certificate'}, and the action stores it under that name (a GitHub secret, or a Key Vault secret with hyphens for underscores). Set secret-name (e.g. ${suggestName(target)}), or credential-type: none.`,
      );
    }
    for (const name of [secretName, ...companionNames(settings, type, secretName)]) {
      const problem = validateSecretName(name);
      if (problem)
        throw new InputError(
          'secret-name',
          `Invalid secret-name '${name}': it ${problem}. Expected letters, digits and underscores, not starting with a digit or GITHUB_.`,
        );
    }
  }
  const needsGitHub =
    settings.mode === 'apply' &&
    settings.secretStore !== 'key-vault' &&
    targets.some((t) => toCredentialType(settings, t) !== 'none');
  if (needsGitHub && !settings.githubToken) {
    throw new InputError(
      'github-token',
      'Input github-token is required to store the credential in GitHub secrets. GITHUB_TOKEN cannot write secrets: use a fine-grained token with "Secrets: read and write" and "Variables: read and write" on the repository (or a GitHub App installation token), stored as a secret, e.g. github-token: ${{ secrets.SECRETS_WRITER_TOKEN }}.',
    );
  }
  if (settings.notify === 'issue' && (!settings.githubToken || !settings.secret.repository)) {
    throw new InputError(
      'notify',
      `notify is 'issue' but ${settings.githubToken ? 'there is no repository to open it in: set secret-repository to owner/repo' : 'github-token is empty: give a token with "Issues: read and write" on the repository'}.`,
    );
  }
  if (
    settings.secret.scope === 'organization' &&
    settings.secret.visibility === 'selected' &&
    settings.secret.repositories.length === 0
  ) {
    throw new InputError(
      'secret-repositories',
      "secret-visibility is 'selected' but secret-repositories is empty. List the repository names that may read the secret.",
    );
  }
  if (settings.secret.scope !== 'organization' && !settings.secret.repository && needsGitHub) {
    throw new InputError(
      'secret-repository',
      'No repository to store the secret in: GITHUB_REPOSITORY is not set. Set secret-repository to owner/repo.',
    );
  }
}

/** A run of several profiles has one secret-name: at most one of its apps may get a credential. */
function checkOneCredential(settings: Settings, targets: readonly ProfileTarget[]): void {
  if (!targets.some((t) => t.dependsOn !== undefined)) return;
  const credentialed = targets.filter((t) => toCredentialType(settings, t) !== 'none');
  if (credentialed.length <= 1) return;
  throw new InputError(
    'profile',
    `The profiles ${credentialed.map((t) => t.spec.source).join(', ')} each create a credential, but a run has one secret-name. Set credential: { type: none } in all but one (an API usually needs none), or run one step per profile.`,
  );
}

/** Secrets written beside the main one, whose names must be valid too. */
function companionNames(settings: Settings, type: CredentialType, name: string): string[] {
  const names: string[] = [];
  if (
    type === 'certificate' &&
    settings.certificateFormat === 'pfx' &&
    !settings.certificatePassword
  )
    names.push(`${name}_PASSWORD`);
  if (settings.storeIds !== 'none') names.push(`${name}_CLIENT_ID`, `${name}_TENANT_ID`);
  return names;
}

function suggestName(target: ProfileTarget): string {
  const base = target.spec.uniqueName
    .replace(/[^a-z0-9]+/gi, '_')
    .replace(/^_+|_+$/g, '')
    .toUpperCase();
  return `${/^[0-9]/.test(base) ? `APP_${base}` : base}_CLIENT_SECRET`;
}
