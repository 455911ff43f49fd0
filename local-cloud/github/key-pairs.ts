// The Curve25519 key pairs GitHub hands out per repository, environment and organization for
// sealing secrets (libsodium crypto_box_seal), and opening what clients sealed with them.
import { randomInt } from 'node:crypto';
import sodium from 'libsodium-wrappers';

/** A secrets key pair and the key_id GitHub names it by. */
export interface SecretsKeyPair {
  keyId: string;
  publicKey: Uint8Array;
  privateKey: Uint8Array;
}

/** Resolves once libsodium is initialised; await before any other call here. */
export async function readySodium(): Promise<void> {
  await sodium.ready;
}

/** Returns a new key pair with an 18-digit key_id like GitHub's. */
export function createSecretsKeyPair(): SecretsKeyPair {
  const { publicKey, privateKey } = sodium.crypto_box_keypair();
  const keyId = `${randomInt(100_000_000, 999_999_999)}${randomInt(100_000_000, 999_999_999)}`;
  return { keyId, publicKey, privateKey };
}

/** The public key as the API returns it (standard base64). */
export function toPublicKeyBase64(pair: SecretsKeyPair): string {
  return Buffer.from(pair.publicKey).toString('base64');
}

/** Opens a base64 sealed box as UTF-8 text; undefined when it was not sealed for `pair`. */
export function openSealedValue(pair: SecretsKeyPair, encryptedBase64: string): string | undefined {
  try {
    const opened = sodium.crypto_box_seal_open(
      Buffer.from(encryptedBase64, 'base64'),
      pair.publicKey,
      pair.privateKey,
    );
    return Buffer.from(opened).toString('utf8');
  } catch {
    return undefined;
  }
}
