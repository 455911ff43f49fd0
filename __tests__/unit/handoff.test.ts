// The hand-off text a person acts on: what to update, where to fetch the value, and by when.
import { describe, expect, it } from '@jest/globals';
import {
  formatHandoffMarkdown,
  formatHandoffWarning,
  formatIssueTitle,
  toIssueMarker,
  type Handoff,
} from '../../src/action/handoff.js';

const handoff: Handoff = {
  kind: 'new',
  spec: {
    product: 'DocBits',
    configuredByHand: true,
    form: 'Email import configuration',
    fields: { clientId: 'Application (client) ID', tenantId: null, credential: 'Client secret' },
  },
  appDisplayName: 'DocBits Email Import',
  clientId: '11111111-2222-3333-4444-555555555555',
  tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
  credentialType: 'secret',
  keyId: 'aaaaaaaa-0000-0000-0000-000000000001',
  expires: '2027-06-01T00:00:00.000Z',
  fetchFrom: ['Key Vault secret https://kv.vault.azure.net/secrets/DOCBITS/0123'],
  oldEnds: '2026-12-31T10:00:00.000Z',
};

describe('the hand-off text', () => {
  it('says in one warning what to update, where to fetch it and by when', () => {
    expect(formatHandoffWarning(handoff)).toBe(
      'A new client secret was created for "DocBits Email Import". Update it in DocBits (Email import configuration), field "Client secret", before 2026-12-31, when the old one stops working. Fetch it from Key Vault secret https://kv.vault.azure.net/secrets/DOCBITS/0123.',
    );
  });

  it('lists only the fields the product asks for, with the values to paste', () => {
    const text = formatHandoffMarkdown(handoff);
    expect(text).toContain(
      '- [ ] *Application (client) ID*: `11111111-2222-3333-4444-555555555555`',
    );
    expect(text).not.toContain('72f988bf');
    expect(text).toContain('**by 2026-12-31**');
    expect(text).toContain(
      '- [ ] *Client secret*: fetch it from Key Vault secret https://kv.vault.azure.net/secrets/DOCBITS/0123',
    );
  });

  it('says "now" when there was no earlier credential, and "still pending" on a repeat', () => {
    expect(formatHandoffMarkdown({ ...handoff, oldEnds: null })).toContain(
      'now: the product has no working credential of this app yet',
    );
    expect(formatHandoffWarning({ ...handoff, kind: 'pending' })).toMatch(
      /^The hand-off of the client secret of "DocBits Email Import" is still pending\./,
    );
  });

  it('identifies the app’s issue by its client ID, whatever the title', () => {
    expect(toIssueMarker(handoff)).toBe(
      '<!-- register-entra-app handoff 11111111-2222-3333-4444-555555555555 -->',
    );
    expect(formatIssueTitle(handoff)).toBe(
      'Update the client secret of "DocBits Email Import" in DocBits',
    );
  });
});
