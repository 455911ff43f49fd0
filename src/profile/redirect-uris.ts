// The form of a redirect URI, checked before Graph rejects it (the counts and lengths are rows of
// model/app-model-rules.ts):
// https://learn.microsoft.com/entra/identity-platform/reply-url
import { isPersonalAudience } from '../model/app-model-rules.js';
import type { SignInAudience } from '../model/graph-types.js';

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1']);
const UNSUPPORTED_CHARACTERS = /[!$'(),;]/;

/** Returns why Entra would refuse the redirect URI on that platform, or undefined when it is acceptable. */
export function findRedirectUriProblem(
  uri: string,
  platform: 'web' | 'publicClient',
  audience: SignInAudience,
): string | undefined {
  if (uri.includes('*'))
    return 'has a wildcard, which app registrations should not use (and Entra refuses for personal accounts)';
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return 'is not an absolute URI';
  }
  if (uri.includes('#')) return 'has a fragment (#...), which redirect URIs cannot have';
  if (UNSUPPORTED_CHARACTERS.test(uri))
    return "has a character Entra does not accept in redirect URIs (! $ ' ( ) , ;)";
  if (url.hostname === '[::1]')
    return 'uses the IPv6 loopback [::1], which Entra does not support; use 127.0.0.1';
  if (url.protocol === 'http:' && !LOOPBACK_HOSTS.has(url.hostname))
    return 'uses http, which Entra accepts only for localhost and 127.0.0.1';
  if (platform === 'web' && url.protocol !== 'https:' && url.protocol !== 'http:')
    return `uses the scheme ${url.protocol.slice(0, -1)}, which web redirect URIs cannot`;
  if (url.search !== '' && isPersonalAudience(audience)) {
    return 'has a query string, which Entra refuses for apps that sign in personal Microsoft accounts';
  }
  return undefined;
}

/** Returns the expected form of a redirect URI on that platform, for messages. */
export function expectedRedirectUri(platform: 'web' | 'publicClient'): string {
  const local = 'or http://localhost/... or http://127.0.0.1/... for local development';
  return platform === 'web'
    ? `an https URL such as https://app.contoso.example/auth, ${local}`
    : `an https URL or a custom scheme such as msal<client-id>://auth, ${local}`;
}
