// The deployer needs only Application.ReadWrite.OwnedBy, Application.Read.All and
// AppRoleAssignment.ReadWrite.All (plus DelegatedPermissionGrant.ReadWrite.All for profiles with
// delegated permissions). The local cloud enforces OwnedBy; each missing role fails with a 403
// that names it.
import { describe, expect, it } from '@jest/globals';
import { runAction } from '@register-entra-app/local-cloud/runner';
import { expectSingleApp, expectWorkingSecret } from './checks/tenant-checks.js';
import { withLocalCloud } from '@register-entra-app/local-cloud/testing';
import { PRIVILEGE_CASES } from './tables/privilege-cases.js';

describe('least privilege', () => {
  it.concurrent.each(PRIVILEGE_CASES)('$name', ({ roles, inputs, missing, setUp }) =>
    withLocalCloud({ deployerRoles: roles }, async (cloud) => {
      setUp?.(cloud);
      const result = await runAction(cloud, inputs);
      if (missing) {
        expect(result.code).toBe(1);
        const failure = result.stdout
          .split('\n')
          .filter((line) => line.startsWith('::error'))
          .join('\n');
        expect(failure).toMatch(/403 Authorization_RequestDenied/);
        expect(failure).toContain(missing);
        return;
      }
      expect({
        code: result.code,
        log: result.code === 0 ? '' : result.stdout.slice(-2000),
      }).toEqual({ code: 0, log: '' });
      const uniqueName = inputs.app ? 'least-privilege-backup' : 'docbits-email-import';
      const stored = expectSingleApp(
        cloud,
        uniqueName,
        inputs.app ? 'Least Privilege Backup' : 'DocBits Email Import',
      );
      expect(stored.owners).toEqual([cloud.deployer.servicePrincipalId]);
      await expectWorkingSecret(
        cloud,
        stored,
        inputs['secret-name'],
        inputs.app ? ['Group.Read.All', 'User.Read.All'] : [],
      );
      cloud.log.clear();
      const again = await runAction(cloud, inputs);
      expect(again.code).toBe(0);
      expect([...cloud.log.writes('graph'), ...cloud.log.writes('github')]).toEqual([]);
    }),
  );
});
