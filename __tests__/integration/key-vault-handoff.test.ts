// The hand-off to the person who pastes the new value into a product configured by hand: the job
// summary and a warning say what to update, where to fetch it and by when; with notify: issue one
// issue per app carries the same checklist, opened once and then updated.
import { beforeAll, describe, expect, it } from '@jest/globals';
import type { LocalCloud, StoredApplication } from '@register-entra-app/local-cloud';
import { runAction } from '@register-entra-app/local-cloud/runner';
import { useLocalCloud, proxyEnv } from '@register-entra-app/local-cloud/testing';

const handle = useLocalCloud();
const VAULT = 'contoso-handoff';
const PROFILE = 'codetwo-backup-exchange';
const REPO = 'octo-org/octo-repo';
const DAY_MS = 86_400_000;

beforeAll(() => {
  const { cloud } = handle;
  cloud.keyVault
    .addVault(VAULT)
    .assignRole(cloud.deployer.servicePrincipalId, 'Key Vault Secrets Officer');
});

function application(cloud: LocalCloud): StoredApplication {
  const stored = cloud.tenant.applicationByUniqueName(PROFILE);
  if (!stored) throw new Error('The app was not registered.');
  return stored;
}

function run(cloud: LocalCloud, extra: Record<string, string> = {}) {
  return runAction(
    cloud,
    {
      profile: PROFILE,
      'secret-name': 'CODETWO_BACKUP',
      'secret-store': 'key-vault',
      'key-vault': VAULT,
      notify: 'issue',
      ...extra,
    },
    { env: proxyEnv(cloud) },
  );
}

function warnings(stdout: string): string[] {
  return stdout
    .split('\n')
    .filter((line) => line.startsWith('::warning') && line.includes('Hand-off'));
}

describe('the hand-off of a new credential to a product configured by hand', () => {
  it('opens one issue with the checklist when the app and its first secret are created', async () => {
    const { cloud } = handle;
    const result = await run(cloud);
    expect(result.code).toBe(0);
    const issues = cloud.github.issues(REPO);
    expect(issues).toHaveLength(1);
    const [version] = cloud.keyVault.vaults.get(VAULT)!.versions('CODETWO-BACKUP');
    const body = issues[0].body ?? '';
    expect(issues[0].labels).toEqual(['register-entra-app']);
    expect(body).toContain('CodeTwo Backup for Office 365');
    expect(body).toContain('Exchange Online connection wizard');
    expect(body).toContain(`*Application (client) ID*: \`${application(cloud).appId}\``);
    expect(body).toContain(
      `https://${VAULT}.vault.azure.net/secrets/CODETWO-BACKUP/${version.version}`,
    );
    expect(result.summary).toContain('### Hand-off: CodeTwo Backup for Office 365');
    expect(warnings(result.stdout)).toHaveLength(1);
  });

  it('updates the same issue on a rotation, naming the old secret’s end as the deadline', async () => {
    const { cloud } = handle;
    const [old] = application(cloud).passwordCredentials;
    const result = await run(cloud, { rotate: 'always' });
    expect(result.code).toBe(0);
    const issues = cloud.github.issues(REPO);
    expect(issues).toHaveLength(1);
    const versions = cloud.keyVault.vaults.get(VAULT)!.versions('CODETWO-BACKUP');
    const body = issues[0].body ?? '';
    expect(body).toContain(versions[1].version);
    expect(body).not.toContain(versions[0].version);
    const deadline = new Date(old.endDateTime).toISOString().slice(0, 10);
    expect(body).toContain(`**by ${deadline}**`);
    const [warning] = warnings(result.stdout);
    expect(warning).toContain(`before ${deadline}`);
    expect(warning).toContain('field "Client secret value');
    expect(warning).toContain(`https://${VAULT}.vault.azure.net/secrets/CODETWO-BACKUP/`);
  });

  it('repeats the warning on a scheduled run while the old secret nears its end and the issue is open', async () => {
    const { cloud } = handle;
    const app = application(cloud);
    const [newest, older] = [...app.passwordCredentials].sort(
      (a, b) =>
        Date.parse(b.startDateTime) - Date.parse(a.startDateTime) ||
        (b._createdAt ?? 0) - (a._createdAt ?? 0),
    );
    older.endDateTime = new Date(Date.now() + 10 * DAY_MS).toISOString();
    const result = await run(cloud);
    expect(result.code).toBe(0);
    expect(
      application(cloud)
        .passwordCredentials.map((c) => c.keyId)
        .sort(),
    ).toEqual([newest.keyId, older.keyId].sort());
    const [warning] = warnings(result.stdout);
    expect(warning).toContain('still pending');
    expect(cloud.github.issues(REPO)).toHaveLength(1);
    expect(cloud.github.issues(REPO)[0].body).toContain('Still pending');
  });

  it('stops repeating once a person closed the issue', async () => {
    const { cloud } = handle;
    cloud.github.issues(REPO)[0].state = 'closed';
    const result = await run(cloud);
    expect(result.code).toBe(0);
    expect(warnings(result.stdout)).toEqual([]);
    expect(cloud.github.issues(REPO)).toHaveLength(1);
  });

  it('says the deadline is now when the old secret was removed at once (keep-credentials 0), in a new issue', async () => {
    const { cloud } = handle;
    const result = await run(cloud, { rotate: 'always', 'keep-credentials': '0' });
    expect(result.code).toBe(0);
    expect(application(cloud).passwordCredentials).toHaveLength(1);
    const today = new Date().toISOString().slice(0, 10);
    expect(warnings(result.stdout)[0]).toContain(`before ${today}`);
    const issues = cloud.github.issues(REPO);
    expect(issues.map((i) => i.state)).toEqual(['closed', 'open']);
  });
});
