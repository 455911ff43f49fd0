import { describe, expect, it } from '@jest/globals';
import {
  ClientAssertionCredential,
  ClientCertificateCredential,
  ClientSecretCredential,
} from '@azure/identity';
import { randomUUID } from 'node:crypto';
import { decodeJwt } from '../jwt.js';
import { LEAST_PRIVILEGE_ROLES } from '../seed/deployer.js';
import type { StoredPasswordCredential } from '../tenant.js';
import { cloudAgent, requestCloud } from '../testing/cloud-client.js';
import { createTestCertificate, toKeyCredential } from '../testing/test-certificate.js';
import { useLocalCloud } from '../testing/use-local-cloud.js';

const handle = useLocalCloud();
const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';

/** The client options every credential needs to reach the local cloud from this process. */
function clientOptions() {
  const { cloud } = handle;
  return {
    authorityHost: cloud.urls.authorityHost,
    disableInstanceDiscovery: true,
    agent: cloudAgent(cloud),
    retryOptions: { maxRetries: 0 },
  };
}

async function fetchAssertion(
  claims: Record<string, unknown> = {},
  audience = 'api://AzureADTokenExchange',
): Promise<string> {
  const { cloud } = handle;
  const url = `${cloud.oidc.requestUrl()}&audience=${encodeURIComponent(audience)}`;
  const res = await requestCloud(cloud, url, {
    headers: { authorization: `Bearer ${cloud.oidc.issueRequestToken(claims)}` },
  });
  return res.json<{ value: string }>().value;
}

function federatedCredential(
  getAssertion: () => Promise<string>,
  clientId = handle.cloud.deployer.clientId,
) {
  return new ClientAssertionCredential(
    handle.cloud.tenant.tenantId,
    clientId,
    getAssertion,
    clientOptions(),
  );
}

async function failureOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the token request to fail');
}

async function postToken(tenant: string, form: Record<string, string>) {
  const { cloud } = handle;
  return requestCloud(cloud, `${cloud.urls.authorityHost}/${tenant}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
}

function addSecret(overrides: Partial<StoredPasswordCredential> = {}): string {
  const secret = `s3cr3t~${randomUUID()}`;
  const app = handle.cloud.tenant.applicationByAppId(handle.cloud.deployer.clientId)!;
  app.passwordCredentials.push({
    keyId: randomUUID(),
    displayName: 'test',
    hint: secret.slice(0, 3),
    customKeyIdentifier: null,
    secretText: null,
    _secret: secret,
    startDateTime: new Date(Date.now() - 60_000).toISOString(),
    endDateTime: new Date(Date.now() + 86_400_000).toISOString(),
    _createdAt: 0,
    ...overrides,
  });
  return secret;
}

describe('Entra token endpoint, federated credentials', () => {
  it('exchanges a GitHub OIDC token for a Graph token carrying the granted roles', async () => {
    const { cloud } = handle;
    const token = await federatedCredential(() => fetchAssertion()).getToken(GRAPH_SCOPE);
    const claims = decodeJwt(token.token)!.payload;
    expect(claims).toMatchObject({
      aud: 'https://graph.microsoft.com',
      tid: cloud.tenant.tenantId,
      appid: cloud.deployer.clientId,
      azp: cloud.deployer.clientId,
      oid: cloud.deployer.servicePrincipalId,
      sub: cloud.deployer.servicePrincipalId,
      idtyp: 'app',
      appidacr: '2',
    });
    expect(claims.roles).toEqual([...LEAST_PRIVILEGE_ROLES].sort());
    expect(Number(claims.exp) - Number(claims.iat)).toBeGreaterThan(3500);
    expect(cloud.entra.authenticate(`Bearer ${token.token}`)).toMatchObject({
      appid: cloud.deployer.clientId,
      roles: claims.roles,
    });
  });

  it('issues tokens that the Graph fake accepts', async () => {
    const { cloud } = handle;
    const token = await federatedCredential(() => fetchAssertion()).getToken(
      `${cloud.urls.graphEndpoint}/.default`,
    );
    const res = await requestCloud(
      cloud,
      `${cloud.urls.graphEndpoint}/v1.0/servicePrincipals(appId='00000003-0000-0000-c000-000000000000')?$select=id`,
      {
        headers: { authorization: `Bearer ${token.token}` },
      },
    );
    expect(res.status).toBe(200);
    expect(cloud.log.count('entra')).toBeGreaterThanOrEqual(2);
  });

  it('refuses a token for another subject with AADSTS700213 quoting the presented subject', async () => {
    const sub = 'repo:octo-org/octo-repo:ref:refs/heads/feature';
    const message = await failureOf(
      federatedCredential(() => fetchAssertion({ sub })).getToken(GRAPH_SCOPE),
    );
    expect(message).toContain(
      `AADSTS700213: No matching federated identity record found for presented assertion subject '${sub}'.`,
    );
  });

  it('matches the subject case-sensitively (AADSTS7002138)', async () => {
    const message = await failureOf(
      federatedCredential(() => fetchAssertion({ repository: 'Octo-Org/octo-repo' })).getToken(
        GRAPH_SCOPE,
      ),
    );
    expect(message).toContain(
      "AADSTS7002138: No matching federated identity record found for presented assertion subject 'repo:Octo-Org/octo-repo:ref:refs/heads/main'.",
    );
  });

  it('refuses another audience with AADSTS700212', async () => {
    const message = await failureOf(
      federatedCredential(() => fetchAssertion({}, 'api://SomethingElse')).getToken(GRAPH_SCOPE),
    );
    expect(message).toContain(
      "AADSTS700212: No matching federated identity record found for presented assertion audience 'api://SomethingElse'.",
    );
  });

  it('refuses an assertion that expired before it was presented (AADSTS700024)', async () => {
    const assertion = await fetchAssertion();
    handle.cloud.advanceClock(10 * 60_000);
    const message = await failureOf(
      federatedCredential(async () => assertion).getToken(GRAPH_SCOPE),
    );
    expect(message).toMatch(
      /AADSTS700024: Client assertion is not within its valid time range\. Current time: \d{4}-\d\d-\d\dT[\d:.]{16}Z/,
    );
  });
});

describe('Entra token endpoint, errors', () => {
  it('answers in Entra body shape with AADSTS90002 for an unknown tenant', async () => {
    const res = await postToken('fabrikam.onmicrosoft.com', {
      grant_type: 'client_credentials',
      client_id: 'x',
      scope: GRAPH_SCOPE,
      client_secret: 'x',
    });
    const body = res.json();
    expect(res.status).toBe(400);
    expect(body).toMatchObject({ error: 'invalid_tenant', error_codes: [90002] });
    expect(body.error_description).toMatch(
      /^AADSTS90002: Tenant 'fabrikam\.onmicrosoft\.com' not found\. .* Trace ID: [0-9a-f-]{36} Correlation ID: [0-9a-f-]{36} Timestamp: \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/,
    );
    expect(Object.keys(body).sort()).toEqual([
      'correlation_id',
      'error',
      'error_codes',
      'error_description',
      'error_uri',
      'timestamp',
      'trace_id',
    ]);
  });

  it('answers AADSTS700016 for an application that is not in the directory', async () => {
    const clientId = randomUUID();
    const res = await postToken(handle.cloud.tenant.domain, {
      grant_type: 'client_credentials',
      client_id: clientId,
      scope: GRAPH_SCOPE,
      client_secret: 'x',
    });
    expect([res.status, res.json().error]).toEqual([400, 'unauthorized_client']);
    expect(res.json().error_description).toContain(
      `AADSTS700016: Application with identifier '${clientId}' was not found in the directory`,
    );
  });

  it('answers AADSTS7000229 when the application has no service principal', async () => {
    const { cloud } = handle;
    const secret = addSecret();
    const sp = cloud.tenant.servicePrincipals.get(cloud.deployer.servicePrincipalId)!;
    cloud.tenant.servicePrincipals.delete(sp.id);
    try {
      const res = await postToken(cloud.tenant.tenantId, {
        grant_type: 'client_credentials',
        client_id: cloud.deployer.clientId,
        scope: GRAPH_SCOPE,
        client_secret: secret,
      });
      expect(res.json().error_codes).toEqual([7000229]);
    } finally {
      cloud.tenant.servicePrincipals.set(sp.id, sp);
    }
  });

  it('answers AADSTS70011 for a scope that is not <resource>/.default', async () => {
    const res = await postToken(handle.cloud.tenant.tenantId, {
      grant_type: 'client_credentials',
      client_id: handle.cloud.deployer.clientId,
      scope: 'User.Read',
      client_secret: 'x',
    });
    expect(res.json()).toMatchObject({ error: 'invalid_scope', error_codes: [70011] });
  });
});

describe('Entra token endpoint, client secrets and certificates', () => {
  it('accepts a valid client secret and marks the token appidacr 1', async () => {
    const { cloud } = handle;
    const token = await new ClientSecretCredential(
      cloud.tenant.tenantId,
      cloud.deployer.clientId,
      addSecret(),
      clientOptions(),
    ).getToken(GRAPH_SCOPE);
    expect(decodeJwt(token.token)!.payload.appidacr).toBe('1');
  });

  it.each([
    {
      name: 'an unknown secret',
      secret: () => 'not-the-secret',
      code: 'AADSTS7000215: Invalid client secret provided.',
    },
    {
      name: 'an expired secret',
      secret: () => addSecret({ endDateTime: new Date(Date.now() - 1000).toISOString() }),
      code: 'AADSTS7000222: The provided client secret keys for app',
    },
    {
      name: 'a secret not yet replicated',
      secret: () => (
        (handle.cloud.faults.replicationDelayMs.passwordCredential = 60_000),
        addSecret({ _createdAt: handle.cloud.now() })
      ),
      code: 'AADSTS7000215',
    },
  ])('refuses $name', async ({ secret, code }) => {
    const { cloud } = handle;
    const credential = new ClientSecretCredential(
      cloud.tenant.tenantId,
      cloud.deployer.clientId,
      secret(),
      clientOptions(),
    );
    expect(await failureOf(credential.getToken(GRAPH_SCOPE))).toContain(code);
  });

  it('accepts a secret once its replication delay has passed', async () => {
    const { cloud } = handle;
    cloud.faults.replicationDelayMs.passwordCredential = 30_000;
    const secret = addSecret({ _createdAt: cloud.now() });
    cloud.advanceClock(31_000);
    const token = await new ClientSecretCredential(
      cloud.tenant.tenantId,
      cloud.deployer.clientId,
      secret,
      clientOptions(),
    ).getToken(GRAPH_SCOPE);
    expect(token.token).toBeTruthy();
  });

  it('accepts an assertion signed with a registered certificate (MSAL sends x5t#S256 and PS256)', async () => {
    const { cloud } = handle;
    const certificate = createTestCertificate();
    cloud.tenant
      .applicationByAppId(cloud.deployer.clientId)!
      .keyCredentials.push(toKeyCredential(certificate, 0));
    const credential = new ClientCertificateCredential(
      cloud.tenant.tenantId,
      cloud.deployer.clientId,
      {
        certificate: `${certificate.privateKeyPem}\n${certificate.certificatePem}`,
      },
      clientOptions(),
    );
    expect(decodeJwt((await credential.getToken(GRAPH_SCOPE)).token)!.payload.roles).toContain(
      'Application.Read.All',
    );
  });

  it('refuses a certificate that is not registered with AADSTS700027', async () => {
    const { cloud } = handle;
    const certificate = createTestCertificate();
    const credential = new ClientCertificateCredential(
      cloud.tenant.tenantId,
      cloud.deployer.clientId,
      {
        certificate: `${certificate.privateKeyPem}\n${certificate.certificatePem}`,
      },
      clientOptions(),
    );
    expect(await failureOf(credential.getToken(GRAPH_SCOPE))).toContain(
      'AADSTS700027: The certificate with identifier used to sign the client assertion is not registered on application.',
    );
  });
});

describe('Entra discovery', () => {
  it('serves tenant discovery by domain with an issuer on this host', async () => {
    const { cloud } = handle;
    const res = await requestCloud(
      cloud,
      `${cloud.urls.authorityHost}/${cloud.tenant.domain}/v2.0/.well-known/openid-configuration`,
    );
    expect(res.json()).toMatchObject({
      issuer: `${cloud.urls.authorityHost}/${cloud.tenant.tenantId}/v2.0`,
      token_endpoint: `${cloud.urls.authorityHost}/${cloud.tenant.tenantId}/oauth2/v2.0/token`,
      jwks_uri: `${cloud.urls.authorityHost}/${cloud.tenant.tenantId}/discovery/v2.0/keys`,
    });
  });
});
