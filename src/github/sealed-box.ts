// libsodium's crypto_box_seal, which GitHub requires for secret values, built from tweetnacl's
// crypto_box and BLAKE2b so the bundle carries no WebAssembly.
// https://docs.github.com/rest/guides/encrypting-secrets-for-the-rest-api
// https://doc.libsodium.org/public-key_cryptography/sealed_boxes#algorithm-details
import { blake2b } from '@noble/hashes/blake2.js';
import nacl from 'tweetnacl';

const PUBLIC_KEY_BYTES = 32;

/** Returns base64(ephemeralPk ‖ crypto_box(value)), which crypto_box_seal_open with GitHub's key pair opens. */
export function sealForGitHub(value: string, publicKeyBase64: string): string {
  const recipientPk = Buffer.from(publicKeyBase64, 'base64');
  if (recipientPk.length !== PUBLIC_KEY_BYTES) {
    throw new RangeError(
      `Cannot encrypt for GitHub: the public key is ${recipientPk.length} bytes, expected ${PUBLIC_KEY_BYTES} (an X25519 key in base64).`,
    );
  }
  const ephemeral = nacl.box.keyPair();
  const message = new TextEncoder().encode(value);
  try {
    // libsodium derives the nonce instead of sending it: BLAKE2b-192(epk ‖ pk).
    const nonce = blake2b(concatBytes(ephemeral.publicKey, recipientPk), {
      dkLen: nacl.box.nonceLength,
    });
    const boxed = nacl.box(message, nonce, recipientPk, ephemeral.secretKey);
    return Buffer.from(concatBytes(ephemeral.publicKey, boxed)).toString('base64');
  } finally {
    ephemeral.secretKey.fill(0);
    message.fill(0);
  }
}

function concatBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}
