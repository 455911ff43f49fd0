// The built-in profiles say what the vendors' manuals say: the credential each manual offers, the
// lifetime Commvault asks for, the manual each header cites, and Entra's rules for personal accounts.
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadProfile } from '../../src/profile/load-profile.js';
import { createProfileSource, findBuiltinProfilesDir } from '../../src/profile/read-profile.js';

const source = createProfileSource('/nonexistent-workspace');
const load = (name: string, vars: Record<string, string> = {}) =>
  loadProfile({ profile: name, vars, workspace: '/nonexistent-workspace' }, source);
const header = (name: string): string =>
  readFileSync(join(findBuiltinProfilesDir() ?? 'profiles', `${name}.yaml`), 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('#'))
    .join('\n');
const COMMVAULT_VARS = { commandCenterUrl: 'https://commvault.contoso.example/commandcenter' };

describe('the built-in profiles against the vendors manuals', () => {
  it.each([
    ['commvault-exchange', COMMVAULT_VARS],
    ['docbits-email-import', {}],
    ['docbits-email-import-personal', {}],
    ['mail-gateway-smtp-oauth', {}],
    ['mail-gateway-graph-delivery', {}],
  ])(
    '%s allows only a client secret (or none), as its manual offers no certificate',
    (name, vars) => {
      const { credential } = load(name, vars);
      expect(credential.type).toBe('secret');
      expect(credential.allowed).toEqual(['secret', 'none']);
      expect(credential.allowedReason).toMatch(/no certificate/);
    },
  );

  it('commvault-exchange asks for the longest lifetime the tenant allows, as the manual says Never', () => {
    const { credential } = load('commvault-exchange', COMMVAULT_VARS);
    expect(credential.neverExpire).toBe(true);
    expect(credential.lifetimeDays).toBeUndefined();
    expect(header('commvault-exchange')).toContain('"Never"');
    expect(header('commvault-exchange')).toContain(
      'https://host_name.domainname.com/commandcenter',
    );
  });

  it.each([
    ['mail-gateway-smtp-oauth', 'Outbound/SMTP'],
    ['mail-gateway-graph-delivery', 'Outbound/Microsoft365'],
  ])('%s names its manual and the %s server profile', (name, serverProfile) => {
    const text = header(name);
    expect(text).toContain('"Registering Azure applications"');
    expect(text).toContain(`"${serverProfile}"`);
    expect(text).toMatch(/Client ID.*Tenant ID|Client ID and the Tenant ID/s);
    expect(text).not.toMatch(/no vendor manual/i);
  });

  it('docbits-email-import-personal asks for access token version 2, which Graph requires', () => {
    expect(load('docbits-email-import-personal').requestedAccessTokenVersion).toBe(2);
    expect(load('docbits-email-import').requestedAccessTokenVersion).toBeNull();
  });
});
