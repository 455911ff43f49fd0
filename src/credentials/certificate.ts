// Certificates for Entra certificate credentials: a self-signed RSA 2048 / SHA-256 one, or the
// user's own, packaged as PEM, PKCS#12 and DER with the SHA-1 thumbprint the portal shows.
// https://learn.microsoft.com/entra/identity-platform/howto-create-self-signed-certificate
import {
  X509Certificate,
  createHash,
  createPrivateKey,
  generateKeyPair,
  randomBytes,
  type KeyObject,
} from 'node:crypto';
import { promisify } from 'node:util';
import type * as Forge from 'node-forge';
import { InputError } from '../errors.js';
import type { CertificateMaterial } from './types.js';

type ForgeModule = typeof Forge;

const generateRsaKeyPair = promisify(generateKeyPair);
const KEY_BITS = 2048;
// X.520 caps commonName at 64 characters; an app's displayName may be longer (up to 120).
const MAX_COMMON_NAME = 64;
// Five minutes back, so a runner clock slightly ahead of Entra's does not make the certificate "not yet valid".
const CLOCK_SKEW_MS = 5 * 60_000;

export interface CertificateOptions {
  /** Masks a sensitive value in the log; called for the key, PFX and password as soon as each exists. */
  mask?: (value: string) => void;
  /** The PFX password to use (the certificate-password input); default a new random one. */
  pfxPassword?: string | null;
}

/** Generates an RSA 2048 key and a self-signed SHA-256 client-authentication certificate for it. */
export async function generateSelfSignedCertificate(
  options: { subject: string; notAfter: Date; now: Date } & CertificateOptions,
): Promise<CertificateMaterial> {
  const mask = options.mask ?? (() => undefined);
  const notBefore = new Date(Math.floor((options.now.getTime() - CLOCK_SKEW_MS) / 1000) * 1000);
  const notAfter = new Date(Math.floor(options.notAfter.getTime() / 1000) * 1000);
  if (notAfter <= options.now)
    throw new RangeError(
      `Cannot create a certificate that expires (${notAfter.toISOString()}) before now.`,
    );
  // node:crypto generates the key natively, far faster than forge's JavaScript RSA.
  const { publicKey, privateKey } = await generateRsaKeyPair('rsa', {
    modulusLength: KEY_BITS,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  mask(privateKey);
  const forge = await loadForge();
  const key = forge.pki.privateKeyFromPem(privateKey);
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey);
  cert.serialNumber = toPositiveSerial(randomBytes(16));
  cert.validity.notBefore = notBefore;
  cert.validity.notAfter = notAfter;
  // UTF8String, not forge's PrintableString default, so display names with any letters encode correctly.
  const utf8 = forge.asn1.Type.UTF8 as unknown as Forge.asn1.Class;
  const name = [{ name: 'commonName', value: toCommonName(options.subject), valueTagClass: utf8 }];
  cert.setSubject(name);
  cert.setIssuer(name);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', clientAuth: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(key, forge.md.sha256.create());
  return toMaterial(forge, key, [cert], privateKey, mask, options.pfxPassword);
}

/** Checks a user-supplied certificate and key (pair, RSA ≥ 2048, not expired) and packages them with a new PFX password. */
export async function parseProvidedCertificate(
  certificatePem: string,
  privateKeyPem: string,
  options: { now: Date } & CertificateOptions,
): Promise<CertificateMaterial> {
  const mask = options.mask ?? (() => undefined);
  mask(privateKeyPem);
  const key = parsePrivateKey(privateKeyPem);
  const blocks =
    certificatePem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  const [leafPem] = blocks;
  if (!leafPem)
    throw new InputError(
      'certificate',
      'The certificate input holds no PEM certificate (-----BEGIN CERTIFICATE-----).',
    );
  let leaf: X509Certificate;
  try {
    leaf = new X509Certificate(leafPem);
  } catch (cause) {
    throw new InputError('certificate', 'The certificate input is not a valid PEM certificate.', {
      cause,
    });
  }
  if (!leaf.checkPrivateKey(key)) {
    throw new InputError(
      'certificate-key',
      `certificate-key is not the private key of the certificate ${leaf.subject.replace(/\n/g, ', ')}.`,
    );
  }
  const validTo = new Date(leaf.validTo);
  if (validTo <= options.now) {
    throw new InputError(
      'certificate',
      `The certificate ${leaf.subject.replace(/\n/g, ', ')} expired on ${validTo.toISOString()}.`,
    );
  }
  const pkcs8 = key.export({ type: 'pkcs8', format: 'pem' }).toString();
  mask(pkcs8);
  const forge = await loadForge();
  let certs: Forge.pki.Certificate[];
  try {
    certs = blocks.map((block) => forge.pki.certificateFromPem(block));
  } catch (cause) {
    throw new InputError(
      'certificate',
      'The certificate chain holds a certificate that is not RSA; supply RSA certificates only.',
      { cause },
    );
  }
  return toMaterial(
    forge,
    forge.pki.privateKeyFromPem(pkcs8),
    certs,
    pkcs8,
    mask,
    options.pfxPassword,
  );
}

function parsePrivateKey(privateKeyPem: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: privateKeyPem, format: 'pem' });
  } catch (cause) {
    // The cause is node's parser error; it never quotes the key.
    throw new InputError(
      'certificate-key',
      'certificate-key is not an unencrypted PEM private key (PKCS#1 or PKCS#8).',
      { cause },
    );
  }
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  if (key.asymmetricKeyType !== 'rsa') {
    throw new InputError(
      'certificate-key',
      `certificate-key is a ${key.asymmetricKeyType ?? 'non-RSA'} key; Entra client assertions need an RSA key.`,
    );
  }
  if (bits < KEY_BITS)
    throw new InputError(
      'certificate-key',
      `certificate-key is RSA ${bits}; use at least RSA ${KEY_BITS}.`,
    );
  return key;
}

function toMaterial(
  forge: ForgeModule,
  key: Forge.pki.rsa.PrivateKey,
  certs: Forge.pki.Certificate[],
  privateKeyPem: string,
  mask: (value: string) => void,
  givenPassword?: string | null,
): CertificateMaterial {
  const pfxPassword = givenPassword ?? randomBytes(24).toString('base64url');
  mask(pfxPassword);
  // 3DES (pbeWithSHAAnd3-KeyTripleDES-CBC), not forge's AES default: Windows Server 2016, .NET Framework
  // and older Exchange/Java tooling cannot open PBES2/AES PFX files. The PFX's encryption is not the
  // security boundary here (its random password is stored next to it), so compatibility wins.
  const pfxAsn1 = forge.pkcs12.toPkcs12Asn1(key, certs, pfxPassword, {
    algorithm: '3des',
    generateLocalKeyId: true,
  });
  const pfxBase64 = Buffer.from(forge.asn1.toDer(pfxAsn1).getBytes(), 'binary').toString('base64');
  mask(pfxBase64);
  const der = Buffer.from(
    forge.asn1.toDer(forge.pki.certificateToAsn1(certs[0])).getBytes(),
    'binary',
  );
  return {
    certificatePem: certs.map((cert) => forge.pki.certificateToPem(cert)).join(''),
    privateKeyPem,
    pfxBase64,
    pfxPassword,
    derBase64: der.toString('base64'),
    thumbprintHex: createHash('sha1').update(der).digest('hex').toUpperCase(),
    notBefore: certs[0].validity.notBefore.toISOString(),
    notAfter: certs[0].validity.notAfter.toISOString(),
  };
}

// Loaded on demand so runs without a certificate never parse forge at start-up. Only the parts a
// certificate and its PFX need (pki registers x509, pkcs12, rsa and asn1 on the shared forge
// object; sha256 signs): forge's index would also bundle TLS, SSH and Ed25519, about a third more.
async function loadForge(): Promise<ForgeModule> {
  await Promise.all([import('node-forge/lib/pki.js'), import('node-forge/lib/sha256.js')]);
  const module = (await import('node-forge/lib/forge.js')) as {
    default?: ForgeModule;
  } & ForgeModule;
  return module.default ?? module;
}

// Accepts a display name or "CN=<display name>" (what the executor passes); keeps just the name.
function toCommonName(subject: string): string {
  const name = subject.trim().replace(/^CN=/i, '').trim();
  return Array.from(name).slice(0, MAX_COMMON_NAME).join('') || 'register-entra-app';
}

// A serial number is a positive INTEGER (RFC 5280 §4.1.2.2): clear the top bit, avoid a leading zero.
function toPositiveSerial(bytes: Buffer): string {
  bytes[0] = (bytes[0] & 0x7f) | 0x40;
  return bytes.toString('hex');
}

/**
 * Returns the certificate and key as a base64 PKCS#12 without a password: the form Key Vault itself
 * stores for a certificate (content type application/x-pkcs12), which the portal's download opens.
 */
export async function exportPfxWithoutPassword(
  certificatePem: string,
  privateKeyPem: string,
): Promise<string> {
  const forge = await loadForge();
  const key = forge.pki.privateKeyFromPem(privateKeyPem);
  const certs = certificatePem
    .split(/(?=-----BEGIN CERTIFICATE-----)/)
    .filter((pem) => pem.includes('BEGIN CERTIFICATE'))
    .map((pem) => forge.pki.certificateFromPem(pem));
  const asn1 = forge.pkcs12.toPkcs12Asn1(key, certs, null, {
    generateLocalKeyId: true,
    useMac: false,
  });
  return Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary').toString('base64');
}
