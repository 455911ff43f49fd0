import { describe, expect, it } from '@jest/globals';
import { parseSettings, parseVars } from '../../src/action/settings.js';
import { InputError } from '../../src/errors.js';

const base: Record<string, string> = {
  'tenant-id': '72f988bf-86f1-41af-91ab-2d7cd011db47',
  'client-id': '11111111-2222-3333-4444-555555555555',
  profile: 'codetwo-backup-exchange',
};

function parse(
  inputs: Record<string, string>,
  env: Record<string, string> = { GITHUB_REPOSITORY: 'octo-org/octo-repo' },
) {
  const all = { ...base, ...inputs };
  return parseSettings((name) => all[name] ?? '', env);
}

describe('parseSettings', () => {
  it.each([
    ['AzurePublicCloud', 'api://AzureADTokenExchange'],
    ['AzureUSGovernment', 'api://AzureADTokenExchangeUSGov'],
    ['AzureChinaCloud', 'api://AzureADTokenExchangeChina'],
  ])('defaults the OIDC audience to the one of %s', (cloud, audience) => {
    expect(parse({ cloud }).audience).toBe(audience);
    expect(parse({ cloud, audience: 'api://custom' }).audience).toBe('api://custom');
  });

  it('applies the documented defaults', () => {
    const settings = parse({});
    expect(settings).toMatchObject({
      mode: 'apply',
      prune: true,
      adopt: false,
      cloud: 'AzurePublicCloud',
      audience: 'api://AzureADTokenExchange',
      rotate: 'auto',
      rotateDaysBeforeExpiry: 30,
      keepCredentials: 1,
      verify: true,
      storeIds: 'none',
      certificateFormat: 'pfx',
      certificatePassword: null,
    });
    expect(settings.secret).toMatchObject({
      scope: 'repository',
      repository: { owner: 'octo-org', repo: 'octo-repo' },
      organization: 'octo-org',
    });
  });

  it('keeps a certificate-password as given, without the line break a pasted secret ends with', () => {
    expect(
      parse({ 'certificate-password': ' spaced stable password \n' }).certificatePassword,
    ).toBe(' spaced stable password ');
  });

  it('accepts a verified domain as tenant-id', () => {
    expect(parse({ 'tenant-id': 'contoso.onmicrosoft.com' }).tenantId).toBe(
      'contoso.onmicrosoft.com',
    );
  });

  it('keeps only the origin of authority-host and graph-endpoint', () => {
    const settings = parse({
      'authority-host': 'https://127.0.0.1:8443/',
      'graph-endpoint': 'https://graph.microsoft.us',
    });
    expect(settings.authorityHost).toBe('https://127.0.0.1:8443');
    expect(settings.graphEndpoint).toBe('https://graph.microsoft.us');
  });

  const bad: Array<{
    name: string;
    inputs: Record<string, string>;
    input: string;
    message: RegExp;
  }> = [
    {
      name: 'tenant-id that is neither GUID nor domain',
      inputs: { 'tenant-id': 'not a tenant' },
      input: 'tenant-id',
      message:
        /Invalid tenant-id 'not a tenant'\. Expected a directory ID \(GUID\) or a verified domain/,
    },
    {
      name: 'missing tenant-id',
      inputs: { 'tenant-id': '' },
      input: 'tenant-id',
      message: /Input required and not supplied: tenant-id/,
    },
    {
      name: 'client-id that is not a GUID',
      inputs: { 'client-id': 'my-app' },
      input: 'client-id',
      message: /Invalid client-id 'my-app'/,
    },
    {
      name: 'app and profile both missing',
      inputs: { profile: '' },
      input: 'profile',
      message: /No profile given/,
    },
    {
      name: 'unknown mode',
      inputs: { mode: 'destroy' },
      input: 'mode',
      message: /Invalid mode 'destroy'\. Expected one of: apply, plan\./,
    },
    {
      name: 'unknown cloud',
      inputs: { cloud: 'AzureGermanCloud' },
      input: 'cloud',
      message: /Expected one of: AzurePublicCloud, AzureUSGovernment, AzureChinaCloud\./,
    },
    {
      name: 'non-boolean prune',
      inputs: { prune: 'yes' },
      input: 'prune',
      message: /Invalid prune 'yes'\. Expected true or false\./,
    },
    {
      name: 'http authority host',
      inputs: { 'authority-host': 'http://login.example' },
      input: 'authority-host',
      message: /Expected an https URL of the host root/,
    },
    {
      name: 'graph endpoint with a version path',
      inputs: { 'graph-endpoint': 'https://graph.microsoft.com/v1.0' },
      input: 'graph-endpoint',
      message: /without a path/,
    },
    {
      name: 'negative rotation window',
      inputs: { 'rotate-days-before-expiry': '-3' },
      input: 'rotate-days-before-expiry',
      message: /Expected a whole number from 0 to 3650/,
    },
    {
      name: 'lifetime of zero days',
      inputs: { 'credential-lifetime-days': '0' },
      input: 'credential-lifetime-days',
      message: /Expected a whole number from 1 to 3650/,
    },
    {
      name: 'unknown credential type',
      inputs: { 'credential-type': 'password' },
      input: 'credential-type',
      message: /Expected one of: secret, certificate, none/,
    },
    {
      name: 'environment scope without environment',
      inputs: { 'secret-scope': 'environment' },
      input: 'secret-environment',
      message: /secret-environment is empty/,
    },
    {
      name: 'malformed secret-repository',
      inputs: { 'secret-repository': 'just-a-name' },
      input: 'secret-repository',
      message: /Expected format \{owner\}\/\{repo\}/,
    },
    {
      name: 'certificate without its key',
      inputs: { certificate: '-----BEGIN CERTIFICATE-----\nAA\n-----END CERTIFICATE-----' },
      input: 'certificate-key',
      message: /certificate-key is required/,
    },
    {
      name: 'vars line without =',
      inputs: { vars: 'host' },
      input: 'vars',
      message: /Expected name=value/,
    },
    {
      name: 'certificate that does not parse',
      inputs: {
        certificate: '-----BEGIN CERTIFICATE-----\nAA\n-----END CERTIFICATE-----',
        'certificate-key': '-----BEGIN PRIVATE KEY-----\nAA\n-----END PRIVATE KEY-----',
      },
      input: 'certificate',
      message: /not a readable X\.509 certificate in PEM form/,
    },
    {
      name: 'certificate-password with certificate-format pem',
      inputs: { 'certificate-password': 'a-long-stable-password', 'certificate-format': 'pem' },
      input: 'certificate-password',
      message: /use it with certificate-format pfx/,
    },
    {
      name: 'a short certificate-password',
      inputs: { 'certificate-password': 'hunter2' },
      input: 'certificate-password',
      message: /has 7 characters; use at least 12/,
    },
    {
      name: 'a certificate-password of two lines',
      inputs: { 'certificate-password': 'first-line-of-it\nsecond-line' },
      input: 'certificate-password',
      message: /must be one line/,
    },
  ];

  it.each(bad)('refuses $name', ({ inputs, input, message }) => {
    let caught: unknown;
    try {
      parse(inputs);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InputError);
    expect((caught as InputError).input).toBe(input);
    expect((caught as InputError).message).toMatch(message);
  });
});

describe('parseVars', () => {
  it('reads name=value lines and skips comments and blank lines', () => {
    expect(
      parseVars('host=cv.contoso.example\n\n# comment\nmailboxes = 3200\nurl=https://a/b?c=d'),
    ).toEqual({
      host: 'cv.contoso.example',
      mailboxes: '3200',
      url: 'https://a/b?c=d',
    });
  });
});
