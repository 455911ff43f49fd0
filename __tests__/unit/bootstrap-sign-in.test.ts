import { describe, expect, it } from '@jest/globals';
import { createAdminCredential, formatDeviceCodePrompt } from '../../src/auth/admin-sign-in.js';

const authorityHost = 'https://login.microsoftonline.com';

describe('administrator sign-in', () => {
  it('asks for the code at the verification page and names the roles the sign-in needs', () => {
    expect(
      formatDeviceCodePrompt({
        userCode: 'F7KQ2ZP9A',
        verificationUri: 'https://microsoft.com/devicelogin',
      }),
    ).toBe(
      'To sign in, open https://microsoft.com/devicelogin in a browser and enter the code F7KQ2ZP9A.\n' +
        'Sign in as a Privileged Role Administrator or Global Administrator of the tenant: granting\n' +
        'Microsoft Graph application permissions needs one of those roles.',
    );
  });

  it.each([
    {
      name: 'environment credentials with a secret',
      env: { AZURE_CLIENT_ID: 'a', AZURE_TENANT_ID: 't', AZURE_CLIENT_SECRET: 's' },
      cli: true,
      method: 'environment (client secret)',
    },
    {
      name: 'environment credentials with a certificate',
      env: {
        AZURE_CLIENT_ID: 'a',
        AZURE_TENANT_ID: 't',
        AZURE_CLIENT_CERTIFICATE_PATH: '/tmp/c.pem',
      },
      cli: true,
      method: 'environment (certificate)',
    },
    { name: 'the Azure CLI when az is signed in', env: {}, cli: true, method: 'Azure CLI' },
    {
      name: 'the device code otherwise',
      env: { AZURE_CLIENT_ID: 'a' },
      cli: false,
      method: 'device code',
    },
  ])('chooses $name', async ({ env, cli, method }) => {
    const chosen = await createAdminCredential({
      tenant: null,
      authorityHost,
      env,
      isAzureCliSignedIn: async () => cli,
    });
    expect(chosen.method).toBe(method);
  });

  it('asks for a tenant when environment credentials name none', async () => {
    await expect(
      createAdminCredential({
        tenant: null,
        authorityHost,
        env: { AZURE_CLIENT_ID: 'a', AZURE_CLIENT_SECRET: 's' },
        isAzureCliSignedIn: async () => false,
      }),
    ).rejects.toThrow('set AZURE_TENANT_ID or pass --tenant');
  });
});
