import { describe, expect, it } from '@jest/globals';
import { runAction } from '@register-entra-app/local-cloud/runner';
import { useLocalCloud } from '@register-entra-app/local-cloud/testing';

const handle = useLocalCloud();

const app = `
displayName: Foundation Probe
uniqueName: foundation-probe
credential:
  type: none
`;

describe('the bundled action against the local cloud', () => {
  it('registers the app and its service principal on the first run and writes their ids as outputs', async () => {
    const { cloud } = handle;
    const result = await runAction(cloud, { app });
    expect(result.code).toBe(0);
    const stored = cloud.tenant.applicationByUniqueName('foundation-probe');
    expect(stored).toBeDefined();
    const sp = cloud.tenant.servicePrincipalByAppId(stored!.appId);
    expect(sp).toBeDefined();
    expect(stored!.tags).toContain('register-entra-app:managed');
    expect(stored!.owners).toContain(cloud.deployer.servicePrincipalId);
    expect(result.outputs).toMatchObject({
      'client-id': stored!.appId,
      'object-id': stored!.id,
      'service-principal-id': sp!.id,
      'tenant-id': cloud.tenant.tenantId,
      changed: 'true',
    });
    expect(result.summary).toContain('Foundation Probe');
  });

  it('finds the app on a second run and sends Graph no write', async () => {
    const { cloud } = handle;
    const result = await runAction(cloud, { app });
    expect(result.code).toBe(0);
    expect(cloud.log.writes('graph')).toEqual([]);
    expect(result.outputs.changed).toBe('false');
    expect(result.stdout).toContain('No changes. The app registration matches the profile.');
    expect(result.outputs['client-id']).toBe(
      cloud.tenant.applicationByUniqueName('foundation-probe')!.appId,
    );
  });

  it('fails with the presented issuer, subject and audience when the federated subject does not match, and writes nothing', async () => {
    const { cloud } = handle;
    const subject = 'repo:octo-org/octo-repo:ref:refs/heads/feature';
    const result = await runAction(
      cloud,
      { app: app.replace('foundation-probe', 'never-created') },
      { claims: { sub: subject, ref: 'refs/heads/feature' } },
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('AADSTS700213');
    expect(result.stdout).toContain(subject);
    expect(result.stdout).toContain(cloud.urls.oidcIssuer);
    expect(result.stdout).toContain('api://AzureADTokenExchange');
    expect(cloud.log.count('graph')).toBe(0);
    expect(cloud.tenant.applicationByUniqueName('never-created')).toBeUndefined();
  });

  it('says to add id-token: write when the job has no OIDC token', async () => {
    const { cloud } = handle;
    const result = await runAction(
      cloud,
      { app },
      { env: { ACTIONS_ID_TOKEN_REQUEST_URL: '', ACTIONS_ID_TOKEN_REQUEST_TOKEN: '' } },
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('id-token: write');
    expect(cloud.log.count('graph')).toBe(0);
  });

  it('refuses an invalid tenant-id before any request', async () => {
    const { cloud } = handle;
    const result = await runAction(cloud, { app, 'tenant-id': 'contoso' });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("Invalid tenant-id 'contoso'");
    expect(cloud.log.entries).toEqual([]);
  });
});
