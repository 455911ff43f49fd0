// Reads what the bootstrap plans against: the administrator's tenant, the repository's subject
// form, the built-in profile of the starter workflow and the resources it needs.
import type { TokenCredential } from '@azure/identity';
import { toGraphScope } from '../auth/clouds.js';
import { decodeJwtPayload } from '../auth/jwt.js';
import { AuthError } from '../errors.js';
import type { GraphClient } from '../graph/graph-client.js';
import { readObservedState } from '../graph/read-state.js';
import type { RepositoryClient } from '../github/repository-client.js';
import { readProfile } from '../profile/read-profile.js';
import { listResourceLookups } from '../profile/resolve-permissions.js';
import type { ProfileSpec } from '../profile/types.js';
import { toSubjectPrefix } from './subjects.js';

/** A first-party resource the starter profile needs whose service principal the tenant lacks. */
export interface MissingResourceSpn {
  name: string;
  appId: string;
}

/** Signs in (the first token request) and returns the tenant ID the token was issued in. */
export async function readTenantId(
  credential: TokenCredential,
  graphEndpoint: string,
): Promise<string> {
  let token: string | undefined;
  try {
    token = (await credential.getToken(toGraphScope(graphEndpoint)))?.token;
  } catch (cause) {
    throw new AuthError(`Sign-in to Entra ID failed: ${(cause as Error).message.split('\n')[0]}`, {
      cause,
    });
  }
  const tid = token ? decodeJwtPayload(token).tid : undefined;
  if (typeof tid !== 'string')
    throw new AuthError('Entra ID returned a token without a tenant ID.');
  return tid;
}

/** Returns the subject prefix and whether it could be read from GitHub (else the name-only form). */
export async function readSubjectPrefix(
  client: RepositoryClient | null,
  repository: { owner: string; repo: string },
): Promise<{ prefix: string; known: boolean }> {
  if (!client)
    return { prefix: toSubjectPrefix({ ...repository, ids: null, oidc: null }), known: false };
  const [info, oidc] = await Promise.all([client.readRepository(), client.readOidcSubject()]);
  const prefix = toSubjectPrefix({
    owner: info.owner,
    repo: info.name,
    ids: { ownerId: info.ownerId, repoId: info.id },
    oidc,
  });
  return { prefix, known: true };
}

/** Returns the built-in profile's spec (its first app when it has instances). Throws ProfileError. */
export function readBuiltinProfile(name: string): ProfileSpec {
  return readProfile({ profile: name, app: null, vars: {} })[0].spec;
}

/** Returns the first-party resources of the profile whose service principal is missing. */
export async function readMissingResources(
  graph: GraphClient,
  spec: ProfileSpec,
): Promise<MissingResourceSpn[]> {
  const lookups = listResourceLookups(spec);
  const read = await readObservedState(graph, {
    uniqueName: spec.uniqueName,
    displayName: spec.displayName,
    resources: lookups,
  });
  return lookups.flatMap((lookup) =>
    lookup.appId && !read.resourcesByKey.has(lookup.key)
      ? [{ name: lookup.displayName ?? lookup.key, appId: lookup.appId }]
      : [],
  );
}
