// Checks beyond the schema: Entra's rules that need more than a type or a pattern.
import { formatKeyPath, formatValue, type KeyPath } from './key-path.js';
import { isMalformedGuid } from '../model/guid.js';
import { checkAppModelRules } from './check-app-model.js';
import { checkAppSettings } from './check-app-settings.js';
import { expectedRedirectUri, findRedirectUriProblem } from './redirect-uris.js';
import type { PathProblem } from './schema-problems.js';
import type { ProfileSpec } from './types.js';

const MAX_UNIQUE_NAME = 100;

/** Returns every problem of the spec that the schema cannot see (empty when it is sound). */
export function checkProfileSpec(
  spec: ProfileSpec,
  uniqueNameGiven: boolean,
  tenantId?: string,
): PathProblem[] {
  const problems = [
    ...checkNames(spec, uniqueNameGiven),
    ...checkRedirectUris(spec),
    ...checkPermissions(spec),
    ...checkCredential(spec),
    ...checkFederatedCredentials(spec),
    ...checkAppSettings(spec),
  ];
  // Entra's app-model rules, except where a check above already named the same key.
  const named = new Set(problems.map((p) => formatKeyPath(p.path)));
  return [
    ...problems,
    ...checkAppModelRules(spec, tenantId).filter((p) => !named.has(formatKeyPath(p.path))),
  ];
}

function problem(path: KeyPath, detail: string): PathProblem {
  return { path, message: `${formatKeyPath(path)}: ${detail}` };
}

function checkNames(spec: ProfileSpec, uniqueNameGiven: boolean): PathProblem[] {
  if (spec.displayName === '')
    return [
      problem(
        ['displayName'],
        'is blank; expected a name of 1 to 256 characters, e.g. Contoso Mail Archive.',
      ),
    ];
  if (uniqueNameGiven) return [];
  if (spec.uniqueName === '') {
    return [
      problem(
        ['displayName'],
        `${formatValue(spec.displayName)} has no letters or digits to derive a uniqueName from; expected uniqueName to be set, e.g. contoso-mail-archive.`,
      ),
    ];
  }
  if (spec.uniqueName.length > MAX_UNIQUE_NAME) {
    return [
      problem(
        ['displayName'],
        `gives a uniqueName of ${spec.uniqueName.length} characters; expected uniqueName to be set, at most ${MAX_UNIQUE_NAME} characters.`,
      ),
    ];
  }
  return [];
}

function checkRedirectUris(spec: ProfileSpec): PathProblem[] {
  const problems: PathProblem[] = [];
  const platforms = [
    { platform: 'web' as const, uris: spec.webRedirectUris },
    { platform: 'publicClient' as const, uris: spec.publicClientRedirectUris },
  ];
  for (const { platform, uris } of platforms) {
    uris.forEach((uri, index) => {
      const reason = findRedirectUriProblem(uri, platform, spec.signInAudience);
      if (reason)
        problems.push(
          problem(
            [platform, 'redirectUris', index],
            `${formatValue(uri)} ${reason}; expected ${expectedRedirectUri(platform)}.`,
          ),
        );
    });
  }
  return problems;
}

function checkPermissions(spec: ProfileSpec): PathProblem[] {
  const problems: PathProblem[] = [];
  const seen = new Map<string, number>();
  spec.permissions.forEach((entry, index) => {
    const key = entry.resource.toLowerCase();
    const first = seen.get(key);
    if (first !== undefined) {
      problems.push(
        problem(
          ['permissions', index, 'resource'],
          `${formatValue(entry.resource)} is listed again (first at permissions[${first}]); expected each resource once, with all its permissions in one entry.`,
        ),
      );
    } else {
      seen.set(key, index);
    }
    if (isMalformedGuid(entry.resource)) {
      problems.push(
        problem(
          ['permissions', index, 'resource'],
          `${formatValue(entry.resource)} is not a well-formed appId; expected a GUID such as 00000003-0000-0000-c000-000000000000, or a display name.`,
        ),
      );
    }
    if (entry.application.length === 0 && entry.delegated.length === 0) {
      problems.push(
        problem(
          ['permissions', index],
          `${formatValue(entry.resource)} lists no permissions; expected application and/or delegated permission names.`,
        ),
      );
    }
    for (const kind of ['application', 'delegated'] as const) {
      entry[kind].forEach((name, position) => {
        if (isMalformedGuid(name))
          problems.push(
            problem(
              ['permissions', index, kind, position],
              `${formatValue(name)} is not a well-formed permission id; expected a GUID or a permission name such as User.Read.All.`,
            ),
          );
      });
    }
  });
  return problems;
}

function checkCredential(spec: ProfileSpec): PathProblem[] {
  const { type, allowed, allowedReason, neverExpire, lifetimeDays } = spec.credential;
  const problems: PathProblem[] = [];
  if (!allowed.includes(type)) {
    problems.push(
      problem(
        ['credential', 'type'],
        `${formatValue(type)} is not accepted: ${describeAllowed(spec.source, allowed, allowedReason)}.`,
      ),
    );
  }
  if (neverExpire && lifetimeDays !== undefined) {
    problems.push(
      problem(
        ['credential', 'neverExpire'],
        'is set together with lifetimeDays; expected one of them.',
      ),
    );
  }
  return problems;
}

/** Returns "<profile> accepts only a certificate: <why>", the sentence used when a credential type is not allowed. */
export function describeAllowed(
  source: string,
  allowed: readonly string[],
  reason: string | undefined,
): string {
  // The profile that set `allowed` is the lowest layer: the built-in one an app input extends.
  const profileName = source.split(' + ')[0];
  const words: Record<string, string> = {
    secret: 'a client secret',
    certificate: 'a certificate',
    none: 'no credential',
  };
  const accepted = allowed.map((type) => words[type] ?? type).join(' or ');
  return `${profileName} accepts only ${accepted}${reason ? `: ${reason}` : ''}`;
}

function checkFederatedCredentials(spec: ProfileSpec): PathProblem[] {
  const problems: PathProblem[] = [];
  const names = new Map<string, number>();
  const pairs = new Map<string, number>();
  spec.federatedCredentials.forEach((credential, index) => {
    const firstName = names.get(credential.name.toLowerCase());
    if (firstName !== undefined) {
      problems.push(
        problem(
          ['federatedCredentials', index, 'name'],
          `${formatValue(credential.name)} is used again (first at federatedCredentials[${firstName}]); expected unique names.`,
        ),
      );
    } else {
      names.set(credential.name.toLowerCase(), index);
    }
    const pair = `${credential.issuer}\n${credential.subject}`;
    const firstPair = pairs.get(pair);
    if (firstPair !== undefined) {
      problems.push(
        problem(
          ['federatedCredentials', index, 'subject'],
          `${formatValue(credential.subject)} with this issuer repeats federatedCredentials[${firstPair}]; expected each issuer and subject pair once.`,
        ),
      );
    } else {
      pairs.set(pair, index);
    }
    if (!/^https:\/\/[^\s/]+/.test(credential.issuer)) {
      problems.push(
        problem(
          ['federatedCredentials', index, 'issuer'],
          `${formatValue(credential.issuer)} is not an https URL; expected e.g. https://token.actions.githubusercontent.com.`,
        ),
      );
    }
  });
  return problems;
}
