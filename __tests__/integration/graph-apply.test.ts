// read-state and apply-plan against the local cloud's Graph, in process: the Graph client gets a
// fetch that trusts the cloud's CA (NODE_EXTRA_CA_CERTS cannot be set after start), and a token
// from the local Entra token endpoint for a GitHub OIDC token the local issuer minted.
import { describe, expect, it } from '@jest/globals';
import { requestCloud, useLocalCloud } from '@register-entra-app/local-cloud/testing';
import type { LocalCloud } from '@register-entra-app/local-cloud';
import type { CredentialPorts, NewCredential } from '../../src/credentials/types.js';
import type { DesiredState } from '../../src/model/desired.js';
import { MANAGED_TAG } from '../../src/model/well-known.js';
import { computePlan } from '../../src/plan/compute-plan.js';
import { GraphClient } from '../../src/graph/graph-client.js';
import { readObservedState } from '../../src/graph/read-state.js';
import { applyPlan } from '../../src/apply/apply-plan.js';
import { generateSelfSignedCertificate } from '../../src/credentials/certificate.js';

const GRAPH = '00000003-0000-0000-c000-000000000000';
const handle = useLocalCloud();

function desiredState(uniqueName: string): DesiredState {
  return {
    application: {
      uniqueName,
      displayName: `Backup ${uniqueName}`,
      description: null,
      notes: null,
      signInAudience: 'AzureADMyOrg',
      tags: [MANAGED_TAG],
      isFallbackPublicClient: null,
      web: { redirectUris: [] },
      publicClient: { redirectUris: [] },
      requiredResourceAccess: [
        {
          resourceAppId: GRAPH,
          resourceAccess: [
            { id: 'df021288-bdef-4463-88db-98f22de89214', type: 'Role' },
            { id: 'e1fe6dd8-ba31-4d61-89e7-88639da4683d', type: 'Scope' },
          ],
        },
      ],
    },
    permissions: [
      {
        resourceAppId: GRAPH,
        resourceDisplayName: 'Microsoft Graph',
        kind: 'application',
        value: 'User.Read.All',
        id: 'df021288-bdef-4463-88db-98f22de89214',
      },
      {
        resourceAppId: GRAPH,
        resourceDisplayName: 'Microsoft Graph',
        kind: 'delegated',
        value: 'User.Read',
        id: 'e1fe6dd8-ba31-4d61-89e7-88639da4683d',
      },
    ],
    federatedIdentityCredentials: [
      {
        name: 'github-main',
        issuer: 'https://token.actions.githubusercontent.com',
        subject: 'repo:octo-org/octo-repo:ref:refs/heads/main',
        audiences: ['api://AzureADTokenExchange'],
      },
    ],
    credential: {
      type: 'secret',
      lifetimeDays: 180,
      rotate: 'auto',
      rotateDaysBeforeExpiry: 30,
      keep: 0,
      secretName: 'BACKUP_SECRET',
    },
    prune: true,
    adopt: false,
  };
}

async function readGraphToken(cloud: LocalCloud): Promise<string> {
  const inputs = cloud.actionInputs();
  const form = new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: inputs['client-id'],
    client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
    client_assertion: cloud.oidc.mintIdToken({}, 'api://AzureADTokenExchange'),
    scope: `${cloud.urls.graphEndpoint}/.default`,
  });
  const res = await requestCloud(
    cloud,
    `${cloud.urls.authorityHost}/${cloud.tenant.tenantId}/oauth2/v2.0/token`,
    {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
    },
  );
  if (res.status !== 200) throw new Error(`token request failed: ${res.text}`);
  return res.json<{ access_token: string }>().access_token;
}

async function createClient(cloud: LocalCloud, logs: string[] = []): Promise<GraphClient> {
  const token = await readGraphToken(cloud);
  return new GraphClient({
    credential: { getToken: async () => ({ token, expiresOnTimestamp: Date.now() + 3_600_000 }) },
    graphEndpoint: cloud.urls.graphEndpoint,
    logger: { info: (m) => logs.push(m) },
    // Waiting moves the cloud's clock instead of the test's.
    retry: { sleep: async (ms) => cloud.advanceClock(ms) },
    fetch: async (input, init) => {
      const res = await requestCloud(cloud, String(input), {
        method: init?.method,
        headers: init?.headers as Record<string, string>,
        body: init?.body as string | undefined,
      });
      const headers = Object.entries(res.headers).flatMap(([k, v]) =>
        v === undefined ? [] : [[k, String(v)] as [string, string]],
      );
      return new Response(res.status === 204 ? null : res.text, { status: res.status, headers });
    },
  });
}

function fakePorts(overrides: Partial<CredentialPorts> = {}) {
  const stored: Array<{ name: string; credential: NewCredential }> = [];
  const masked: string[] = [];
  const ports: CredentialPorts = {
    mask: (v) => void masked.push(v),
    createCertificate: async () => {
      throw new Error('not used');
    },
    store: async (name, credential) => void stored.push({ name, credential }),
    recordHeld: async () => undefined,
    verify: async () => ({ ok: true, roles: ['User.Read.All'], missing: [], attempts: 1 }),
    ...overrides,
  };
  return { ports, stored, masked };
}

async function reconcile(
  cloud: LocalCloud,
  graph: GraphClient,
  desired: DesiredState,
  ports: CredentialPorts,
) {
  const query = {
    uniqueName: desired.application.uniqueName,
    displayName: desired.application.displayName,
    resources: [{ key: 'graph', appId: GRAPH }],
  };
  const { observed, resourcesByKey } = await readObservedState(graph, query);
  const plan = computePlan(
    desired,
    {
      ...observed,
      githubSecret: {
        name: 'BACKUP_SECRET',
        exists: true,
        updatedAt: new Date(cloud.now()).toISOString(),
      },
    },
    { now: new Date(cloud.now()), verify: true },
  );
  const logger = { info: () => undefined, warning: () => undefined };
  const result = await applyPlan(plan, {
    graph,
    observed,
    desired,
    tenantId: cloud.tenant.tenantId,
    ports,
    logger,
    resources: [...resourcesByKey.values()],
  });
  return { plan, result };
}

describe('apply-plan against the local cloud', () => {
  it('creates the app, its service principal, federated credential, consent and secret, and a second run changes nothing', async () => {
    const { cloud } = handle;
    const graph = await createClient(cloud);
    const desired = desiredState('backup-create');
    const { ports, stored, masked } = fakePorts();
    const first = await reconcile(cloud, graph, desired, ports);
    expect(first.result.applied).toBe(first.plan.changes.length);
    const app = cloud.tenant.applicationByUniqueName('backup-create')!;
    expect(app.tags).toContain(MANAGED_TAG);
    expect(app.federatedIdentityCredentials.map((c) => c.subject)).toEqual([
      'repo:octo-org/octo-repo:ref:refs/heads/main',
    ]);
    expect(app.passwordCredentials.map((c) => c.keyId)).toEqual([first.result.credential!.keyId]);
    const sp = cloud.tenant.servicePrincipalByAppId(app.appId)!;
    expect(first.result).toMatchObject({
      applicationId: app.id,
      appId: app.appId,
      servicePrincipalId: sp.id,
      verified: { ok: true },
    });
    expect(
      [...cloud.tenant.appRoleAssignments.values()]
        .filter((a) => a.principalId === sp.id)
        .map((a) => a.appRoleId),
    ).toEqual(['df021288-bdef-4463-88db-98f22de89214']);
    expect(
      [...cloud.tenant.permissionGrants.values()]
        .filter((g) => g.clientId === sp.id)
        .map((g) => g.scope),
    ).toEqual(['User.Read']);
    expect(stored).toHaveLength(1);
    expect(masked).toContain((stored[0].credential as { secretText: string }).secretText);

    cloud.log.clear();
    const { observed } = await readObservedState(graph, {
      uniqueName: 'backup-create',
      displayName: desired.application.displayName,
      resources: [{ key: 'graph', appId: GRAPH }],
    });
    expect(cloud.log.count('graph')).toBeLessThanOrEqual(3);
    const again = computePlan(
      desired,
      {
        ...observed,
        githubSecret: {
          name: 'BACKUP_SECRET',
          exists: true,
          updatedAt: new Date(cloud.now() + 1000).toISOString(),
        },
      },
      { now: new Date(cloud.now()), verify: true },
    );
    expect(again.changes).toEqual([]);
  });

  it('waits out replication delay after each create and throttling inside a batch', async () => {
    const { cloud } = handle;
    const logs: string[] = [];
    const graph = await createClient(cloud, logs);
    cloud.faults.replicationDelayMs = { application: 20_000, servicePrincipal: 15_000 };
    cloud.faults.add({
      service: 'graph',
      method: 'POST',
      path: /appRoleAssignedTo/,
      status: 429,
      retryAfter: '1.5',
    });
    const { ports } = fakePorts();
    const { result } = await reconcile(cloud, graph, desiredState('backup-replication'), ports);
    expect(result.servicePrincipalId).toBeTruthy();
    expect(logs.some((l) => l.includes('waiting for directory replication'))).toBe(true);
    expect(logs.some((l) => l.includes('429'))).toBe(true);
  });

  it('removes the new secret again when storing it in GitHub fails, keeping the old one', async () => {
    const { cloud } = handle;
    const graph = await createClient(cloud);
    const desired = desiredState('backup-store-fails');
    await reconcile(cloud, graph, desired, fakePorts().ports);
    const before = cloud.tenant
      .applicationByUniqueName('backup-store-fails')!
      .passwordCredentials.map((c) => c.keyId);
    const failing = fakePorts({ store: async () => Promise.reject(new Error('GitHub said 500')) });
    const rotate = { ...desired, credential: { ...desired.credential, rotate: 'always' as const } };
    await expect(reconcile(cloud, graph, rotate, failing.ports)).rejects.toThrow('GitHub said 500');
    expect(
      cloud.tenant
        .applicationByUniqueName('backup-store-fails')!
        .passwordCredentials.map((c) => c.keyId),
    ).toEqual(before);
  });

  it('keeps the old secret when the new one fails verification', async () => {
    const { cloud } = handle;
    const graph = await createClient(cloud);
    const desired = desiredState('backup-verify-fails');
    await reconcile(cloud, graph, desired, fakePorts().ports);
    const failing = fakePorts({
      verify: async () => ({
        ok: false,
        roles: [],
        missing: ['User.Read.All'],
        attempts: 3,
        reason: 'roles missing',
      }),
    });
    const rotate = { ...desired, credential: { ...desired.credential, rotate: 'always' as const } };
    const { result } = await reconcile(cloud, graph, rotate, failing.ports);
    expect(result.verified?.ok).toBe(false);
    expect(result.skipped.map((c) => c.kind)).toEqual(['removeCredential']);
    expect(
      cloud.tenant.applicationByUniqueName('backup-verify-fails')!.passwordCredentials,
    ).toHaveLength(2);
  });

  it('adds a certificate beside the existing ones and removes the superseded one after a rotation', async () => {
    const { cloud } = handle;
    const graph = await createClient(cloud);
    const base = desiredState('backup-certificate');
    const desired = { ...base, credential: { ...base.credential, type: 'certificate' as const } };
    const createCertificate = (subject: string, end: string) =>
      generateSelfSignedCertificate({
        subject,
        notAfter: new Date(end),
        now: new Date(cloud.now()),
      });
    const first = await reconcile(cloud, graph, desired, fakePorts({ createCertificate }).ports);
    const app = () => cloud.tenant.applicationByUniqueName('backup-certificate')!;
    expect(app().keyCredentials.map((k) => k.keyId)).toEqual([first.result.credential!.keyId]);
    expect(first.result.credential!.thumbprintHex).toMatch(/^[0-9A-F]{40}$/);

    const rotate = { ...desired, credential: { ...desired.credential, rotate: 'always' as const } };
    const second = await reconcile(cloud, graph, rotate, fakePorts({ createCertificate }).ports);
    expect(second.plan.changes.map((c) => c.kind)).toEqual([
      'addCredential',
      'storeSecret',
      'verifyCredential',
      'removeCredential',
    ]);
    expect(app().keyCredentials.map((k) => k.keyId)).toEqual([second.result.credential!.keyId]);
    expect(app().keyCredentials[0].customKeyIdentifier).toBe(
      Buffer.from(second.result.credential!.thumbprintHex!, 'hex').toString('base64'),
    );
  });
});
