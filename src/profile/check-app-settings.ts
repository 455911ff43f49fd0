// Checks of the app's published API and sign-in settings that the schema cannot see: values Graph
// refuses as duplicates (DuplicateValue), pre-authorized scopes the API does not publish, and the
// form of spa redirect URIs and https URLs.
import { formatKeyPath, formatValue, type KeyPath } from './key-path.js';
import { expectedRedirectUri, findRedirectUriProblem } from './redirect-uris.js';
import type { PathProblem } from './schema-problems.js';
import type { ProfileSpec } from './types.js';

/** Returns the problems of spec.appSettings (empty when there are none or they are sound). */
export function checkAppSettings(spec: ProfileSpec): PathProblem[] {
  const settings = spec.appSettings ?? {};
  const scopes = settings.api?.oauth2PermissionScopes ?? [];
  const roles = settings.appRoles ?? [];
  return [
    ...(settings.spa?.redirectUris ?? []).flatMap((uri, index) => {
      // SPA URIs follow the web platform's form (https, or http for localhost).
      const reason = findRedirectUriProblem(uri, 'web', spec.signInAudience);
      const path = ['spa', 'redirectUris', index];
      return reason
        ? [problem(path, `${formatValue(uri)} ${reason}; expected ${expectedRedirectUri('web')}.`)]
        : [];
    }),
    ...httpsUrls(spec).flatMap(({ path, url }) =>
      /^https:\/\/[^\s/]+/i.test(url)
        ? []
        : [
            problem(
              path,
              `${formatValue(url)} is not an https URL; expected e.g. https://contoso.example/page.`,
            ),
          ],
    ),
    ...duplicates(
      scopes.map((s) => s.value),
      ['api', 'oauth2PermissionScopes'],
      'value',
    ),
    ...duplicates(
      roles.map((r) => r.value),
      ['appRoles'],
      'value',
    ),
    ...duplicates(
      (settings.api?.preAuthorizedApplications ?? []).map((p) => p.appId),
      ['api', 'preAuthorizedApplications'],
      'appId',
    ),
    ...sharedValues(
      scopes.map((s) => s.value),
      roles.map((r) => r.value),
    ),
    ...(settings.api?.preAuthorizedApplications ?? []).flatMap((entry, index) =>
      entry.scopes.flatMap((scope, position) =>
        scopes.some((s) => s.value === scope || s.id === scope.toLowerCase())
          ? []
          : [
              problem(
                ['api', 'preAuthorizedApplications', index, 'delegatedPermissionIds', position],
                `${formatValue(scope)} is not a scope of this API; expected the value of one of api.oauth2PermissionScopes (${scopes.map((s) => s.value).join(', ') || 'none defined'}).`,
              ),
            ],
      ),
    ),
  ];
}

function problem(path: KeyPath, detail: string): PathProblem {
  return { path, message: `${formatKeyPath(path)}: ${detail}` };
}

function httpsUrls(spec: ProfileSpec): Array<{ path: KeyPath; url: string }> {
  const settings = spec.appSettings ?? {};
  const found: Array<{ path: KeyPath; url: string }> = [];
  for (const [key, url] of Object.entries(settings.info ?? {}))
    if (url) found.push({ path: ['info', key], url });
  return found;
}

// Graph answers DuplicateValue ("Request contains a property with duplicate values.").
function duplicates(values: string[], list: KeyPath, key: string): PathProblem[] {
  const first = new Map<string, number>();
  return values.flatMap((value, index) => {
    const earlier = first.get(value.toLowerCase());
    if (earlier === undefined) {
      first.set(value.toLowerCase(), index);
      return [];
    }
    return [
      problem(
        [...list, index, key],
        `${formatValue(value)} is used again (first at ${formatKeyPath([...list, earlier])}); expected each ${key} once, as Graph refuses duplicate values.`,
      ),
    ];
  });
}

// Scopes and roles share one namespace of values (Graph refuses the same value on both).
function sharedValues(scopes: string[], roles: string[]): PathProblem[] {
  return roles.flatMap((value, index) =>
    scopes.includes(value)
      ? [
          problem(
            ['appRoles', index, 'value'],
            `${formatValue(value)} is also a scope's value under api.oauth2PermissionScopes; expected app roles and scopes to have different values.`,
          ),
        ]
      : [],
  );
}
