// Permission names of Microsoft's first-party APIs resolve through the action's built-in table, so
// a run never downloads Microsoft Graph's appRoles and oauth2PermissionScopes (about 780 KB). The
// tenant stays the authority: each way the table can fall short reads that resource's own lists
// once, says so in the log, and ends with the tenant's ids. Counts and bytes from the request log.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import {
  type LocalCloud,
  type LoggedRequest,
  type StoredServicePrincipal,
  afterToken,
} from '@register-entra-app/local-cloud';
import { runAction, type ActionResult } from '@register-entra-app/local-cloud/runner';
import {
  grantAppRoleByHand,
  viewApp,
  useLocalCloud,
} from '@register-entra-app/local-cloud/testing';

const GRAPH = '00000003-0000-0000-c000-000000000000';
const USER_READ_ALL = 'df021288-bdef-4463-88db-98f22de89214';
const MAIL_READ_WRITE = 'e2a3a72e-5f79-4c64-b1b1-878b674786c9';
const handle = useLocalCloud({ bulkServicePrincipals: 10 });

/** Every Graph request of the last run after sign-in, $batch items unpacked, relative to /v1.0. */
function graphRequests(entries: readonly LoggedRequest[]): Array<{ method: string; url: string }> {
  return afterToken(entries)
    .filter((e) => e.service === 'graph')
    .flatMap((e) => e.inner ?? [{ method: e.method, url: e.path.replace(/^\/v1\.0/, '') }]);
}

/** Reads that asked Graph for a service principal's published permission lists. */
function permissionListReads(cloud: LocalCloud): string[] {
  return graphRequests(cloud.log.entries)
    .filter((r) => r.method === 'GET' && r.url.startsWith('/servicePrincipals'))
    .map((r) => decodeURIComponent(r.url))
    .filter((url) => /appRoles|oauth2PermissionScopes/.test(url));
}

function graphResponseBytes(cloud: LocalCloud): number {
  return afterToken(cloud.log.entries)
    .filter((e) => e.service === 'graph')
    .reduce((sum, e) => sum + e.responseBytes, 0);
}

function profile(uniqueName: string, lines: string): string {
  return `displayName: ${uniqueName}\nuniqueName: ${uniqueName}\n${lines}\ncredential:\n  type: secret\n`;
}

async function run(cloud: LocalCloud, inputs: Record<string, string>): Promise<ActionResult> {
  cloud.log.clear();
  const result = await runAction(cloud, inputs);
  if (result.code !== 0) throw new Error(`The action failed:\n${result.stdout}\n${result.stderr}`);
  return result;
}

/** Replaces Graph's published app roles for the duration of `test` (the seed's lists are frozen). */
async function withGraphRoles(
  cloud: LocalCloud,
  change: (roles: StoredServicePrincipal['appRoles']) => StoredServicePrincipal['appRoles'],
  test: () => Promise<void>,
): Promise<void> {
  const graph = cloud.tenant.servicePrincipalByAppId(GRAPH)!;
  const original = graph.appRoles;
  graph.appRoles = change([...original]);
  try {
    await test();
  } finally {
    graph.appRoles = original;
  }
}

function appRole(value: string, id = randomUUID()): StoredServicePrincipal['appRoles'][number] {
  return {
    id,
    value,
    displayName: value,
    description: value,
    allowedMemberTypes: ['Application'],
    isEnabled: true,
    origin: 'Application',
  };
}

const FALLBACK_LOG = /Reading the permissions Microsoft Graph publishes in this tenant/;

describe('the built-in permission table', () => {
  const codetwo = { profile: 'codetwo-backup-exchange', 'secret-name': 'CODETWO_CLIENT_SECRET' };

  it('registers an app without downloading any first-party permission list', async () => {
    const { cloud } = handle;
    const result = await run(cloud, codetwo);
    expect(permissionListReads(cloud)).toEqual([]);
    expect(graphResponseBytes(cloud)).toBeLessThanOrEqual(40 * 1024);
    expect(result.stdout).not.toMatch(/Reading the permissions/);
    // The ids granted are Microsoft's, the same the tenant publishes.
    expect(viewApp(cloud, 'codetwo-backup-exchange').assignments).toContain(
      `${GRAPH} ${USER_READ_ALL}`,
    );
  });

  it('checks a converged app in 3 Graph requests and under 25 KB of answers', async () => {
    const { cloud } = handle;
    await run(cloud, codetwo);
    expect(afterToken(cloud.log.entries).filter((e) => e.service === 'graph')).toHaveLength(3);
    expect(graphResponseBytes(cloud)).toBeLessThanOrEqual(25 * 1024);
    expect(permissionListReads(cloud)).toEqual([]);
    expect(cloud.log.writes('graph')).toEqual([]);
  });

  it('reads Microsoft Graph’s own list once for a name the table lacks, says so, and grants the tenant’s id', async () => {
    const { cloud } = handle;
    const added = appRole('Contoso.Reports.Read.All');
    await withGraphRoles(
      cloud,
      (roles) => [...roles, added],
      async () => {
        const app = profile(
          'table-unknown-name',
          'permissions:\n  - resource: Microsoft Graph\n    application: [User.Read.All, Contoso.Reports.Read.All]',
        );
        const inputs = { app, 'secret-name': 'TABLE_UNKNOWN_NAME' };
        const first = await run(cloud, inputs);
        expect(first.stdout).toMatch(FALLBACK_LOG);
        expect(first.stdout).toContain('Contoso.Reports.Read.All (application) is not in it');
        expect(permissionListReads(cloud)).toHaveLength(1);
        const view = viewApp(cloud, 'table-unknown-name');
        expect(view.assignments).toEqual(
          [`${GRAPH} ${USER_READ_ALL}`, `${GRAPH} ${added.id}`].sort(),
        );
        expect(view.requiredResourceAccess).toContain(`${GRAPH} Role ${added.id}`);
        // Every run pays the extra read, and changes nothing.
        const second = await run(cloud, inputs);
        expect(second.stdout).toMatch(FALLBACK_LOG);
        expect(cloud.log.writes('graph')).toEqual([]);
      },
    );
  });

  it('resolves an API that is not first-party through the list it publishes, and says so', async () => {
    const { cloud } = handle;
    const api = customApi(cloud, 'Contoso Orders API', appRole('Orders.Read.All'));
    const app = profile(
      'table-custom-api',
      'permissions:\n  - resource: Contoso Orders API\n    application: [Orders.Read.All]',
    );
    const result = await run(cloud, { app, 'secret-name': 'TABLE_CUSTOM_API' });
    expect(result.stdout).toMatch(
      /Resolving Contoso Orders API's permission names through the lists it publishes/,
    );
    expect(permissionListReads(cloud)).toHaveLength(1);
    expect(viewApp(cloud, 'table-custom-api').assignments).toEqual([
      `${api.appId} ${api.appRoles[0].id}`,
    ]);
  });

  it('plans again with the tenant’s list when Graph says a role from the table does not exist', async () => {
    const { cloud } = handle;
    // As if Microsoft had replaced Mail.ReadWrite by a role with a new id under the same name.
    const replaced = appRole('Mail.ReadWrite');
    await withGraphRoles(
      cloud,
      (roles) => [...roles.filter((r) => r.id !== MAIL_READ_WRITE), replaced],
      async () => {
        const app = profile(
          'table-refused-role',
          'permissions:\n  - resource: Microsoft Graph\n    application: [User.Read.All, Mail.ReadWrite]',
        );
        const inputs = { app, 'secret-name': 'TABLE_REFUSED_ROLE' };
        const first = await run(cloud, inputs);
        expect(first.stdout).toMatch(FALLBACK_LOG);
        expect(first.stdout).toContain('Permission being assigned was not found on application.');
        const view = viewApp(cloud, 'table-refused-role');
        expect(view.assignments).toEqual(
          [`${GRAPH} ${USER_READ_ALL}`, `${GRAPH} ${replaced.id}`].sort(),
        );
        // The id the table wrote before Graph refused it is gone again; the tenant's is there.
        expect(view.requiredResourceAccess).toEqual(
          [`${GRAPH} Role ${USER_READ_ALL}`, `${GRAPH} Role ${replaced.id}`].sort(),
        );
        const second = await run(cloud, inputs);
        expect(cloud.log.writes('graph')).toEqual([]);
        expect(second.stdout).toMatch(FALLBACK_LOG);
      },
    );
  });

  it('names a consented role the table lacks when prune plans to revoke it', async () => {
    const { cloud } = handle;
    const extra = appRole('Contoso.Audit.Read.All');
    await withGraphRoles(
      cloud,
      (roles) => [...roles, extra],
      async () => {
        const app = profile(
          'table-drift',
          'permissions:\n  - resource: Microsoft Graph\n    application: [User.Read.All]',
        );
        const inputs = { app, 'secret-name': 'TABLE_DRIFT' };
        await run(cloud, inputs);
        grantAppRoleByHand(cloud, 'table-drift', GRAPH, extra.id);
        const plan = await run(cloud, { ...inputs, mode: 'plan', prune: 'true' });
        expect(plan.stdout).toMatch(FALLBACK_LOG);
        expect(plan.stdout).toMatch(/Contoso\.Audit\.Read\.All/);
        expect(plan.stdout).toContain(`consent for app role ${extra.id}`);
      },
    );
  });
});

/** Adds a service principal for an API of this tenant that publishes `role`. */
function customApi(
  cloud: LocalCloud,
  displayName: string,
  role: StoredServicePrincipal['appRoles'][number],
): StoredServicePrincipal {
  const sp: StoredServicePrincipal = {
    id: randomUUID(),
    appId: randomUUID(),
    displayName,
    servicePrincipalType: 'Application',
    appOwnerOrganizationId: cloud.tenant.tenantId,
    tags: [],
    accountEnabled: true,
    appRoles: [role],
    oauth2PermissionScopes: [],
    servicePrincipalNames: [],
    passwordCredentials: [],
    keyCredentials: [],
    owners: [],
    _createdAt: 0,
  };
  cloud.tenant.servicePrincipals.set(sp.id, sp);
  return sp;
}
