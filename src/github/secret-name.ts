// GitHub's naming rules for Actions secrets and variables, checked before anything is written.
// https://docs.github.com/actions/reference/secrets-reference#naming-your-secrets
// GitHub documents no maximum name length (only the 48 KB value limit), so none is enforced here.

const ALLOWED = /^[A-Za-z0-9_]+$/;

/** Returns what is wrong with a secret or variable name, or null when GitHub accepts it. */
export function validateSecretName(name: string): string | null {
  if (name.length === 0) return 'is empty';
  if (!ALLOWED.test(name)) {
    const bad = [...new Set(name.replace(/[A-Za-z0-9_]/g, ''))]
      .map((c) => JSON.stringify(c))
      .join(', ');
    return `contains ${bad}; use only letters, digits and underscores`;
  }
  if (/^[0-9]/.test(name)) return 'starts with a digit';
  if (/^GITHUB_/i.test(name)) return 'starts with GITHUB_, a prefix GitHub reserves';
  return null;
}
