// "Done means usable": the action signs in with the new credential and reports it as an output.
import { describe, expect, it } from '@jest/globals';
import {
  REPOSITORY,
  requestTokenWithSecret,
  useLocalCloud,
} from '@register-entra-app/local-cloud/testing';
import { runAction } from '@register-entra-app/local-cloud/runner';

const handle = useLocalCloud();

describe('verifying the new credential', () => {
  it.each([
    {
      name: 'verifies a secret of a profile whose only permission is on Exchange with a token for Exchange Online',
      profile: 'codetwo-exchange-rules-siu',
      type: 'secret',
      graphRoles: [],
      verifiedRoles: ['full_access_as_app'],
    },
    {
      name: 'verifies a certificate of the same profile',
      profile: 'codetwo-exchange-rules-siu',
      type: 'certificate',
      graphRoles: [],
      verifiedRoles: ['full_access_as_app'],
    },
    {
      name: 'verifies a secret whose token must carry four Graph roles',
      profile: 'codetwo-backup-exchange',
      type: 'secret',
      graphRoles: [
        'Directory.Read.All',
        'Group.Read.All',
        'MailboxSettings.ReadWrite',
        'User.Read.All',
      ],
      verifiedRoles: [
        'Directory.Read.All',
        'Group.Read.All',
        'MailboxSettings.ReadWrite',
        'User.Read.All',
        'full_access_as_app',
      ],
    },
  ])('$name', async ({ profile, type, graphRoles, verifiedRoles }) => {
    const { cloud } = handle;
    const secretName = `VERIFY_${profile.replace(/-/g, '_').toUpperCase()}_${type.toUpperCase()}`;
    const result = await runAction(cloud, {
      profile,
      'secret-name': secretName,
      'credential-type': type,
      verify: 'true',
    });
    expect(result.code).toBe(0);
    expect(result.outputs.verified).toBe('true');
    // One token per resource: Exchange's full_access_as_app is proven by a token for Exchange Online.
    const verifiedLine = result.stdout
      .split('\n')
      .find((line) => line.includes(`Verified the new ${type}: a token was issued`));
    expect(verifiedLine).toBeDefined();
    expect(
      verifiedLine!
        .replace(/.*with roles /, '')
        .split(', ')
        .sort(),
    ).toEqual([...verifiedRoles].sort());
    if (type === 'secret') {
      const app = cloud.tenant.applicationByUniqueName(profile)!;
      const token = await requestTokenWithSecret(
        cloud,
        app.appId,
        cloud.github.secretValue(REPOSITORY, secretName)!,
      );
      expect(token).toMatchObject({ ok: true, roles: graphRoles });
    }
  });

  it('leaves the verified output empty with verify false, and requests no token with the new credential', async () => {
    const { cloud } = handle;
    const result = await runAction(cloud, {
      profile: 'codetwo-exchange-rules-siu',
      'secret-name': 'UNVERIFIED_SECRET',
      'credential-type': 'secret',
      verify: 'false',
      rotate: 'always',
    });
    expect(result.code).toBe(0);
    expect(result.outputs.verified).toBe('');
    expect(result.stdout).not.toContain('Verified the new');
    // Only the action's own sign-in reaches the token endpoint; with verify true a second request would follow.
    const tokenRequests = cloud.log.entries.filter(
      (e) => e.service === 'entra' && e.method === 'POST' && e.path.includes('/oauth2/v2.0/token'),
    );
    expect(tokenRequests).toHaveLength(1);
  });
});
