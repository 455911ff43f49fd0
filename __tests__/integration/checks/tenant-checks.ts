// What "converged and nothing lost" means after a run, checked against the local cloud itself:
// one app per uniqueName and displayName, and a GitHub secret that signs in at the token endpoint.
import { expect } from '@jest/globals';
import type { LocalCloud, StoredApplication } from '@register-entra-app/local-cloud';
import { requestCloud } from '@register-entra-app/local-cloud/testing';

/** The workflow repository's secrets, where runs store credentials by default. */
export const REPOSITORY = { scope: 'repository', owner: 'octo-org', repo: 'octo-repo' } as const;

/** The result of a client-credentials token request. */
export interface TokenAttempt {
  status: number;
  roles: string[];
  error?: string;
}

/** Requests a Graph token at the cloud's token endpoint with a client secret. */
export async function requestTokenWithSecret(
  cloud: LocalCloud,
  appId: string,
  secret: string,
): Promise<TokenAttempt> {
  const form = new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: appId,
    client_secret: secret,
    scope: `${cloud.urls.graphEndpoint}/.default`,
  });
  const response = await requestCloud(
    cloud,
    `${cloud.urls.authorityHost}/${cloud.tenant.tenantId}/oauth2/v2.0/token`,
    {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
    },
  );
  const body = response.json<{ access_token?: string; error_description?: string }>();
  if (!body.access_token)
    return { status: response.status, roles: [], error: body.error_description?.split('\n')[0] };
  const payload = JSON.parse(
    Buffer.from(body.access_token.split('.')[1], 'base64url').toString('utf8'),
  ) as { roles?: string[] };
  return { status: response.status, roles: payload.roles ?? [] };
}

/** Asserts exactly one app has the uniqueName and none other shares its displayName; returns it. */
export function expectSingleApp(
  cloud: LocalCloud,
  uniqueName: string,
  displayName: string,
): StoredApplication {
  const apps = [...cloud.tenant.applications.values()];
  expect(apps.filter((a) => a.uniqueName === uniqueName)).toHaveLength(1);
  expect(apps.filter((a) => a.displayName === displayName).map((a) => a.uniqueName)).toEqual([
    uniqueName,
  ]);
  return cloud.tenant.applicationByUniqueName(uniqueName)!;
}

/** Asserts the GitHub secret holds a client secret of the app that gets a token carrying `roles`. */
export async function expectWorkingSecret(
  cloud: LocalCloud,
  app: StoredApplication,
  secretName: string,
  roles: string[] = [],
): Promise<void> {
  const value = cloud.github.secretValue(REPOSITORY, secretName);
  expect(value).toBeDefined();
  const attempt = await requestTokenWithSecret(cloud, app.appId, value!);
  expect(attempt).toMatchObject({ status: 200 });
  expect(attempt.roles).toEqual(expect.arrayContaining(roles));
}

/** Credentials the action created on the app for `secretName` (displayName "register-entra-app NAME date"). */
export function listActionCredentials(
  app: StoredApplication,
  secretName: string,
): Array<{ keyId: string; displayName: string | null }> {
  return [...app.passwordCredentials, ...app.keyCredentials].filter((c) =>
    c.displayName?.startsWith(`register-entra-app ${secretName} `),
  );
}
