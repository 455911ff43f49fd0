import { describe, it, expect } from '@jest/globals';
import sodium from 'libsodium-wrappers';
import { sealForGitHub } from '../../src/github/sealed-box.js';

const cases = [
  { name: 'an empty value', value: '' },
  { name: 'an ASCII value', value: 'Zx8Q~abc.DEF_ghi-123' },
  { name: 'a UTF-8 value', value: 'zażółć gęślą jaźń – 秘密 🔑' },
  { name: 'a 4 KB value', value: 'k'.repeat(4096) },
];

describe('sealForGitHub', () => {
  it.each(cases)('produces a sealed box libsodium opens, for $name', async ({ value }) => {
    await sodium.ready;
    const keys = sodium.crypto_box_keypair();
    const sealed = sealForGitHub(
      value,
      sodium.to_base64(keys.publicKey, sodium.base64_variants.ORIGINAL),
    );
    const bytes = Buffer.from(sealed, 'base64');
    expect(bytes).toHaveLength(sodium.crypto_box_SEALBYTES + Buffer.byteLength(value));
    const opened = sodium.crypto_box_seal_open(bytes, keys.publicKey, keys.privateKey);
    expect(Buffer.from(opened).toString('utf8')).toBe(value);
  });

  it('uses a fresh ephemeral key for every value', async () => {
    await sodium.ready;
    const { publicKey } = sodium.crypto_box_keypair();
    const pk = Buffer.from(publicKey).toString('base64');
    expect(sealForGitHub('same', pk)).not.toBe(sealForGitHub('same', pk));
  });

  it('refuses a public key that is not 32 bytes', () => {
    expect(() => sealForGitHub('x', Buffer.alloc(31).toString('base64'))).toThrow(
      /31 bytes, expected 32/,
    );
  });
});
