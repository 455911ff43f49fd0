import { describe, expect, it } from '@jest/globals';
import { applyPlan, type ApplyContext } from '../../src/apply/apply-plan.js';
import type { CredentialPorts } from '../../src/credentials/types.js';
import type {
  DesiredApplication,
  DesiredState,
  ResolvedPermission,
} from '../../src/model/desired.js';
import type { Change, Plan } from '../../src/plan/changes.js';
import { createFakeGraph, graphError, type FakeHandler } from './graph-fake-graph.js';

const GRAPH = '00000003-0000-0000-c000-000000000000';
const USER_READ_ALL: ResolvedPermission = {
  resourceAppId: GRAPH,
  resourceDisplayName: 'Microsoft Graph',
  kind: 'application',
  value: 'User.Read.All',
  id: 'role-1',
};
const APPLICATION: DesiredApplication = {
  uniqueName: "o'brien-app",
  displayName: 'App',
  description: null,
  notes: null,
  signInAudience: 'AzureADMyOrg',
  tags: ['register-entra-app:managed'],
  isFallbackPublicClient: null,
  web: { redirectUris: [] },
  publicClient: { redirectUris: [] },
  requiredResourceAccess: [],
};

const plan = (...changes: Change[]): Plan => ({
  target: APPLICATION.uniqueName,
  displayName: 'App',
  isNew: true,
  changes,
  notices: [],
});

/** Graph's answer to addPassword in these tests. */
const ADDED_SECRET = {
  status: 200,
  body: { keyId: 'k-new', secretText: 's3cret', endDateTime: '2027-01-01T00:00:00Z' },
};

/** The plan's change adding the secret these tests store as S. */
const addSecret = (reason: 'forced' | 'none-yet'): Change => ({
  kind: 'addCredential',
  type: 'secret',
  displayName: 'register-entra-app S 2026-01-01',
  endDateTime: '2027-01-01T00:00:00Z',
  reason,
});

function context(handler: FakeHandler, ports: Partial<CredentialPorts> = {}) {
  const fake = createFakeGraph(handler);
  const lines: string[] = [];
  const ctx: ApplyContext = {
    graph: fake.client,
    observed: {
      application: null,
      servicePrincipal: null,
      federatedIdentityCredentials: [],
      resources: [],
      appRoleAssignments: [],
      delegatedGrants: [],
      sameNameApplications: [],
    },
    desired: { application: APPLICATION, permissions: [USER_READ_ALL] } as DesiredState,
    tenantId: 'tenant',
    ports: {
      mask: () => undefined,
      createCertificate: async () => Promise.reject(new Error('unused')),
      store: async () => undefined,
      recordHeld: async () => undefined,
      verify: async () => ({ ok: true, roles: [], missing: [], attempts: 1 }),
      ...ports,
    },
    logger: { info: (m) => lines.push(m), warning: (m) => lines.push(`warning: ${m}`) },
    resources: [
      {
        id: 'graph-sp',
        appId: GRAPH,
        displayName: 'Microsoft Graph',
        appRoles: [],
        oauth2PermissionScopes: [],
      },
    ],
  };
  return { ...fake, ctx, lines };
}

describe('applyPlan', () => {
  it('upserts the application by its quoted uniqueName and reads it when the upsert answers 204', async () => {
    const t = context((req) =>
      req.method === 'PATCH'
        ? { status: 204 }
        : { status: 200, body: { id: 'app-id', appId: 'client-id' } },
    );
    const result = await applyPlan(
      plan({ kind: 'createApplication', application: APPLICATION }),
      t.ctx,
    );
    expect(t.requests[0]).toMatchObject({
      method: 'PATCH',
      path: "/applications(uniqueName='o''brien-app')",
      headers: { prefer: 'create-if-missing' },
    });
    expect(t.requests[0].body.uniqueName).toBeUndefined();
    expect(result).toMatchObject({ applicationId: 'app-id', appId: 'client-id', applied: 1 });
  });

  it('creates the service principal after the new application replicates, and reads it when it already exists', async () => {
    let posts = 0;
    const t = context((req) => {
      if (req.method === 'PATCH')
        return { status: 201, body: { id: 'app-id', appId: 'client-id' } };
      if (req.method === 'POST' && posts++ === 0)
        return graphError(
          400,
          'Request_BadRequest',
          "The appId 'client-id' of the service principal does not reference a valid application object.",
        );
      if (req.method === 'POST')
        return graphError(409, 'Request_MultipleObjectsWithSameKeyValue', 'already in use');
      return { status: 200, body: { id: 'sp-id', appId: 'client-id' } };
    });
    const result = await applyPlan(
      plan(
        { kind: 'createApplication', application: APPLICATION },
        { kind: 'createServicePrincipal' },
      ),
      t.ctx,
    );
    expect(result.servicePrincipalId).toBe('sp-id');
    expect(t.requests.map((r) => `${r.method} ${r.path.split('?')[0]}`)).toEqual([
      "PATCH /applications(uniqueName='o''brien-app')",
      'POST /servicePrincipals',
      'POST /servicePrincipals',
      "GET /servicePrincipals(appId='client-id')",
    ]);
  });

  it('sends consent changes in one $batch and counts "already exists" and 404-on-delete as done', async () => {
    const t = context((req) => {
      if (req.method === 'POST')
        return graphError(
          400,
          'Request_BadRequest',
          'Permission being assigned already exists on the object.',
        );
      return graphError(404, 'Request_ResourceNotFound', 'gone');
    });
    t.ctx.observed = {
      ...t.ctx.observed,
      application: { id: 'app-id', appId: 'client-id' } as never,
      servicePrincipal: { id: 'sp-id', appId: 'client-id', displayName: 'App', tags: [] },
    };
    const result = await applyPlan(
      plan(
        { kind: 'grantAppRole', permission: USER_READ_ALL },
        {
          kind: 'deleteDelegatedGrant',
          grantId: 'g1',
          resourceId: 'graph-sp',
          resourceAppId: GRAPH,
          resourceDisplayName: 'Microsoft Graph',
          scopes: ['User.Read'],
        },
        { kind: 'removeFederatedCredential', id: 'f1', name: 'old' },
      ),
      t.ctx,
    );
    expect(t.envelopes).toHaveLength(1);
    expect(
      t.envelopes[0].requests.map((r: { method: string; url: string }) => `${r.method} ${r.url}`),
    ).toEqual([
      'POST /servicePrincipals/graph-sp/appRoleAssignedTo',
      'DELETE /oauth2PermissionGrants/g1',
      'DELETE /applications/app-id/federatedIdentityCredentials/f1',
    ]);
    expect(t.requests[0].body).toEqual({
      principalId: 'sp-id',
      resourceId: 'graph-sp',
      appRoleId: 'role-1',
    });
    expect(result.applied).toBe(3);
  });

  it('masks a new secret the moment Graph returns it and removes it again when storing fails', async () => {
    const masked: string[] = [];
    const t = context(
      (req) => (req.path.endsWith('/addPassword') ? ADDED_SECRET : { status: 204 }),
      {
        mask: (v) => void masked.push(v),
        store: async () => Promise.reject(new Error('GitHub refused the secret')),
      },
    );
    t.ctx.observed = {
      ...t.ctx.observed,
      application: { id: 'app-id', appId: 'client-id' } as never,
    };
    const run = applyPlan(
      plan(addSecret('forced'), { kind: 'storeSecret', secretName: 'S' }),
      t.ctx,
    );
    await expect(run).rejects.toThrow('GitHub refused the secret');
    expect(masked).toEqual(['s3cret']);
    expect(t.requests.map((r) => [r.path, r.body])).toEqual([
      [
        '/applications/app-id/addPassword',
        {
          passwordCredential: {
            displayName: 'register-entra-app S 2026-01-01',
            endDateTime: '2027-01-01T00:00:00Z',
          },
        },
      ],
      ['/applications/app-id/removePassword', { keyId: 'k-new' }],
    ]);
  });

  it('adds the new secret while the service principal is created and consent granted, and takes it in plan order', async () => {
    const t = context((req) => {
      if (req.path.endsWith('/addPassword')) return ADDED_SECRET;
      if (req.path === '/servicePrincipals')
        return { status: 201, body: { id: 'sp-id', appId: 'client-id' } };
      if (req.method === 'GET')
        return { status: 200, body: { passwordCredentials: [{ keyId: 'k-new' }] } };
      return { status: 201, body: {} };
    });
    t.ctx.observed = {
      ...t.ctx.observed,
      application: { id: 'app-id', appId: 'client-id' } as never,
    };
    const stored: string[] = [];
    t.ctx.ports.store = async (name, credential) => void stored.push(`${name} ${credential.keyId}`);
    const result = await applyPlan(
      plan(
        { kind: 'createServicePrincipal' },
        { kind: 'grantAppRole', permission: USER_READ_ALL },
        addSecret('none-yet'),
        { kind: 'storeSecret', secretName: 'S' },
      ),
      t.ctx,
    );
    // Sent before the service principal's answer was awaited; stored after consent, as planned.
    expect(t.requests.map((r) => `${r.method} ${r.path.split('?')[0]}`).slice(0, 2)).toEqual([
      'POST /applications/app-id/addPassword',
      'POST /servicePrincipals',
    ]);
    expect(stored).toEqual(['S k-new']);
    expect(result).toMatchObject({ credential: { keyId: 'k-new' }, applied: 4 });
  });

  it('adds the new secret only after a removal planned before it (two-secret apps), even with consent to grant first', async () => {
    const t = context((req) => {
      if (req.path.endsWith('/addPassword')) return ADDED_SECRET;
      if (req.path.endsWith('/removePassword')) return { status: 204 };
      if (req.path === '/servicePrincipals')
        return { status: 201, body: { id: 'sp-id', appId: 'client-id' } };
      return { status: 201, body: {} };
    });
    t.ctx.observed = {
      ...t.ctx.observed,
      application: { id: 'app-id', appId: 'client-id' } as never,
    };
    t.ctx.desired = { ...t.ctx.desired, credential: { secretName: null } } as DesiredState;
    const result = await applyPlan(
      plan(
        { kind: 'createServicePrincipal' },
        { kind: 'grantAppRole', permission: USER_READ_ALL },
        {
          kind: 'removeCredential',
          type: 'secret',
          keyId: 'k-old',
          displayName: 'register-entra-app S 2025-01-01',
          reason: 'superseded',
        },
        addSecret('forced'),
      ),
      t.ctx,
    );
    expect(t.requests.map((r) => `${r.method} ${r.path.split('?')[0]}`)).toEqual([
      'POST /servicePrincipals',
      'POST /servicePrincipals/graph-sp/appRoleAssignedTo',
      'POST /applications/app-id/removePassword',
      'POST /applications/app-id/addPassword',
    ]);
    expect(result).toMatchObject({ credential: { keyId: 'k-new' }, applied: 4 });
  });

  it('removes the secret it added alongside again when granting consent fails, and stores nothing', async () => {
    const t = context((req) => {
      if (req.path.endsWith('/addPassword')) return ADDED_SECRET;
      if (req.path.endsWith('/removePassword')) return { status: 204 };
      return graphError(403, 'Authorization_RequestDenied', 'Insufficient privileges.');
    });
    t.ctx.observed = {
      ...t.ctx.observed,
      application: { id: 'app-id', appId: 'client-id' } as never,
      servicePrincipal: { id: 'sp-id', appId: 'client-id', displayName: 'App', tags: [] },
    };
    const stored: string[] = [];
    t.ctx.ports.store = async (name) => void stored.push(name);
    const run = applyPlan(
      plan({ kind: 'grantAppRole', permission: USER_READ_ALL }, addSecret('none-yet'), {
        kind: 'storeSecret',
        secretName: 'S',
      }),
      t.ctx,
    );
    await expect(run).rejects.toMatchObject({ status: 403 });
    expect(stored).toEqual([]);
    expect(t.requests.map((r) => r.path).filter((p) => p.includes('Password'))).toEqual([
      '/applications/app-id/addPassword',
      '/applications/app-id/removePassword',
    ]);
    expect(t.lines).toContain('Removed the unstored secret k-new again.');
  });

  it("names the change, as its plan row reads, and the app in a failed write with Graph's status, code, message and request-id", async () => {
    const t = context(() =>
      graphError(400, 'Request_BadRequest', 'Permission being assigned was not found.'),
    );
    t.ctx.observed = {
      ...t.ctx.observed,
      application: { id: 'app-id', appId: 'client-id' } as never,
      servicePrincipal: { id: 'sp-id', appId: 'client-id', displayName: 'App', tags: [] },
    };
    const run = applyPlan(plan({ kind: 'grantAppRole', permission: USER_READ_ALL }), t.ctx);
    await expect(run).rejects.toMatchObject({
      status: 400,
      code: 'Request_BadRequest',
      context: {
        change: '+ consent Microsoft Graph User.Read.All',
        app: `"App" (o'brien-app)`,
      },
    });
    await expect(run).rejects.toThrow(
      'POST /servicePrincipals/graph-sp/appRoleAssignedTo failed: 400 Request_BadRequest: Permission being assigned was not found. (request-id req-1, date 2026-01-02T03:04:05) [change: + consent Microsoft Graph User.Read.All; app: "App" (o\'brien-app)]',
    );
  });

  it.each([
    {
      name: 'a failed write made on its own',
      reply: graphError(400, 'Request_BadRequest', 'Property x is invalid.'),
      message:
        /^PATCH \/applications\/app-id failed: 400 Request_BadRequest: Property x is invalid\. \(request-id req-1, date 2026-01-02T03:04:05\) \[change: ~ display name "App" -> "New"; app: "App" \(o'brien-app\)\]$/,
    },
    {
      name: 'a write that still fails after the replication wait',
      reply: graphError(404, 'Request_ResourceNotFound', 'Resource does not exist.'),
      message:
        /^PATCH \/applications\/app-id still failed after waiting .* 404 Request_ResourceNotFound: Resource does not exist\. \[change: ~ display name "App" -> "New"; app: "App" \(o'brien-app\)\]$/,
    },
  ])('names the change and app in $name', async ({ reply, message }) => {
    const t = context(() => reply);
    t.ctx.observed = {
      ...t.ctx.observed,
      application: { id: 'app-id', appId: 'client-id' } as never,
    };
    const run = applyPlan(
      plan({
        kind: 'updateApplication',
        patch: { displayName: 'New' },
        diffs: [{ property: 'displayName', from: 'App', to: 'New' }],
      }),
      t.ctx,
    );
    await expect(run).rejects.toThrow(message);
  });

  it('refuses a change whose application the plan has not created yet, before any request', async () => {
    const t = context(() => ({ status: 204 }));
    const run = applyPlan(
      plan({ kind: 'removeFederatedCredential', id: 'f1', name: 'old' }),
      t.ctx,
    );
    await expect(run).rejects.toThrow(
      'Cannot apply "- federated "old"": the application does not exist yet and the plan did not create it.',
    );
    expect(t.requests).toEqual([]);
  });
});
