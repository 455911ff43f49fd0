// Self-signed client certificates for tests, and the keyCredential Graph would store for them.
import { createHash, generateKeyPairSync, randomUUID, X509Certificate } from 'node:crypto';
import forge from 'node-forge';
import type { StoredKeyCredential } from '../tenant.js';

/** A certificate with its private key, both PEM. */
export interface TestCertificate {
  certificatePem: string;
  privateKeyPem: string;
  /** SHA-1 thumbprint, upper-case hex. */
  thumbprint: string;
}

/** Returns a self-signed RSA 2048 / SHA-256 certificate valid from `notBefore` for `days` days. */
export function createTestCertificate(
  options: { notBefore?: Date; days?: number } = {},
): TestCertificate {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey);
  cert.serialNumber = '01' + randomUUID().replace(/-/g, '');
  const notBefore = options.notBefore ?? new Date(Date.now() - 60_000);
  cert.validity.notBefore = notBefore;
  cert.validity.notAfter = new Date(notBefore.getTime() + (options.days ?? 30) * 86_400_000);
  const subject = [{ name: 'commonName', value: 'register-entra-app test' }];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.sign(forge.pki.privateKeyFromPem(privateKey), forge.md.sha256.create());
  const certificatePem = forge.pki.certificateToPem(cert);
  const der = new X509Certificate(certificatePem).raw;
  return {
    certificatePem,
    privateKeyPem: privateKey,
    thumbprint: createHash('sha1').update(der).digest('hex').toUpperCase(),
  };
}

/** The keyCredential Graph stores when `certificate` is uploaded, created at `createdAt`. */
export function toKeyCredential(
  certificate: TestCertificate,
  createdAt: number,
): StoredKeyCredential {
  const x509 = new X509Certificate(certificate.certificatePem);
  return {
    keyId: randomUUID(),
    displayName: 'CN=register-entra-app test',
    type: 'AsymmetricX509Cert',
    usage: 'Verify',
    startDateTime: new Date(x509.validFrom).toISOString(),
    endDateTime: new Date(x509.validTo).toISOString(),
    customKeyIdentifier: Buffer.from(certificate.thumbprint, 'hex').toString('base64'),
    key: null,
    _certificatePem: certificate.certificatePem,
    _createdAt: createdAt,
  };
}
