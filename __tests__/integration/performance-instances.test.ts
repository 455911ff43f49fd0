// Several apps per tenant: the commvault-exchange profile registers one app per instance (5 up to
// 2,500 mailboxes, one more per further 1,000), each with its own client secret in NAME_01, ...;
// reducing the count keeps the surplus apps unless prune is set.
import { describe, expect, it } from '@jest/globals';
import type { LocalCloud } from '@register-entra-app/local-cloud';
import { runAction } from '@register-entra-app/local-cloud/runner';
import { useLocalCloud } from '@register-entra-app/local-cloud/testing';

const handle = useLocalCloud();
const REPOSITORY = { scope: 'repository' as const, owner: 'octo-org', repo: 'octo-repo' };
const NAME = 'COMMVAULT_APP_SECRET';
const inputs = (mailboxes: number, extra: Record<string, string> = {}) => ({
  profile: 'commvault-exchange',
  vars: `commandCenterUrl=https://commvault.contoso.example/adminconsole\nmailboxes=${mailboxes}`,
  'secret-name': NAME,
  ...extra,
});
const suffixes = (n: number) => Array.from({ length: n }, (_, i) => String(i + 1).padStart(2, '0'));

interface AppEntry {
  displayName: string;
  uniqueName: string;
  clientId: string;
  objectId: string;
  secretName: string;
}

function instanceApps(cloud: LocalCloud) {
  return [...cloud.tenant.applications.values()]
    .filter((a) => a.uniqueName?.startsWith('commvault-exchange-'))
    .sort((a, b) => a.uniqueName!.localeCompare(b.uniqueName!));
}

describe('several app registrations from one profile', () => {
  it('registers 7 apps for 3,600 mailboxes, each with its own secret, and lists them in the apps output', async () => {
    const { cloud } = handle;
    const result = await runAction(cloud, inputs(3600));
    expect(result.code).toBe(0);
    const apps = JSON.parse(result.outputs.apps) as AppEntry[];
    expect(apps.map((a) => a.displayName)).toEqual(
      suffixes(7).map((s) => `Commvault Exchange Online ${s}`),
    );
    expect(apps.map((a) => a.secretName)).toEqual(suffixes(7).map((s) => `${NAME}_${s}`));
    const stored = instanceApps(cloud);
    expect(stored.map((a) => a.uniqueName)).toEqual(
      suffixes(7).map((s) => `commvault-exchange-${s}`),
    );
    for (const [i, entry] of apps.entries()) {
      expect(entry).toMatchObject({
        uniqueName: stored[i].uniqueName,
        clientId: stored[i].appId,
        objectId: stored[i].id,
      });
      // Its own credential, and the GitHub secret holds exactly that one.
      expect(stored[i].passwordCredentials).toHaveLength(1);
      expect(cloud.github.secretValue(REPOSITORY, entry.secretName)).toBe(
        stored[i].passwordCredentials[0]._secret,
      );
    }
    expect(new Set(stored.map((a) => a.passwordCredentials[0]._secret)).size).toBe(7);
    // Parallel apps' progress lines say whose they are.
    expect(result.stdout).toMatch(/^\[commvault-exchange-04\] Granted /m);
  });

  it('changes nothing on a second run', async () => {
    const { cloud } = handle;
    const result = await runAction(cloud, inputs(3600));
    expect(result.code).toBe(0);
    expect(result.outputs.changed).toBe('false');
    expect(cloud.log.writes('graph')).toEqual([]);
    expect(JSON.parse(result.outputs.apps)).toHaveLength(7);
  });

  it('keeps the surplus apps when the count drops and prune is off, and says so in the plan', async () => {
    const { cloud } = handle;
    const result = await runAction(cloud, inputs(2500, { prune: 'false' }));
    expect(result.code).toBe(0);
    expect(instanceApps(cloud)).toHaveLength(7);
    expect(result.stdout).toContain(
      'The profile asks for 5 instances of "Commvault Exchange Online"; 2 more exist and are kept',
    );
    expect(result.summary).toContain('Set prune: true to delete them.');
    expect(JSON.parse(result.outputs.apps)).toHaveLength(5);
    expect(cloud.log.writes('graph')).toEqual([]);
  });

  // prune defaults to true (action.yml), as it does for permissions and federated credentials.
  it('plans the deletion of the surplus apps with prune in mode plan, and deletes nothing', async () => {
    const { cloud } = handle;
    const result = await runAction(cloud, inputs(2500, { prune: 'true', mode: 'plan' }));
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /- application\s+"Commvault Exchange Online 06" \(appId [0-9a-f-]+\)\s+\(surplus instance\)/,
    );
    expect(result.stdout).toMatch(/- github\s+secret COMMVAULT_APP_SECRET_07/);
    expect(result.outputs.changed).toBe('true');
    expect(instanceApps(cloud)).toHaveLength(7);
  });

  it('deletes the surplus apps and their secrets with prune', async () => {
    const { cloud } = handle;
    const result = await runAction(cloud, inputs(2500, { prune: 'true' }));
    expect(result.code).toBe(0);
    expect(instanceApps(cloud).map((a) => a.uniqueName)).toEqual(
      suffixes(5).map((s) => `commvault-exchange-${s}`),
    );
    expect(cloud.github.secretValue(REPOSITORY, `${NAME}_06`)).toBeUndefined();
    expect(cloud.github.secretValue(REPOSITORY, `${NAME}_07`)).toBeUndefined();
    expect(cloud.github.secretValue(REPOSITORY, `${NAME}_05`)).toBeDefined();
    // The record of a deleted instance goes with its secret; a kept instance keeps its own.
    expect(cloud.github.variableValue(REPOSITORY, `${NAME}_07_KEY_ID`)).toBeUndefined();
    expect(cloud.github.variableValue(REPOSITORY, `${NAME}_05_KEY_ID`)).toBeDefined();
    expect(result.stdout).toContain(`Deleted GitHub secret ${NAME}_07, variable ${NAME}_07_KEY_ID`);
    expect(result.stdout).toContain('Deleted application "Commvault Exchange Online 07"');
    expect(JSON.parse(result.outputs.apps)).toHaveLength(5);
    const again = await runAction(cloud, inputs(2500, { prune: 'true' }));
    expect(again.outputs.changed).toBe('false');
  });
});
