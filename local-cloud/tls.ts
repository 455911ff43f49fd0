// TLS material for the local cloud: a throw-away CA and a server certificate for 127.0.0.1,
// localhost and the real host names the cloud answers for in real-hosts mode. The bundled action trusts the CA through NODE_EXTRA_CA_CERTS, as a runner behind a TLS
// proxy would; nothing here is ever written into the repository.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import forge from 'node-forge';
import { REAL_HOSTS } from './real-hosts.js';

/** PEM material for the local cloud's HTTPS servers, and where the CA certificate was written. */
export interface TlsMaterial {
  caCertPem: string;
  certPem: string;
  keyPem: string;
  /** File holding the CA certificate, for NODE_EXTRA_CA_CERTS. */
  caCertPath: string;
}

let cached: TlsMaterial | undefined;

/** Returns this process's TLS material, generating it (and writing the CA file to a temp dir) on first use. */
export function readTlsMaterial(): TlsMaterial {
  cached ??= createTlsMaterial();
  return cached;
}

/** Generates a CA and a server certificate signed by it for 127.0.0.1, localhost and the real hosts. */
export function createTlsMaterial(): TlsMaterial {
  const ca = createRsaKeyPair();
  const caCert = createCertificate({
    subject: [{ name: 'commonName', value: 'register-entra-app local cloud CA' }],
    issuer: undefined,
    publicKey: ca.publicKey,
    signingKey: ca.privateKey,
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
      { name: 'subjectKeyIdentifier' },
    ],
  });
  const server = createRsaKeyPair();
  const serverCert = createCertificate({
    subject: [{ name: 'commonName', value: 'localhost' }],
    issuer: caCert,
    publicKey: server.publicKey,
    signingKey: ca.privateKey,
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      // type 7 = IP address, type 2 = DNS name (RFC 5280 GeneralName)
      {
        name: 'subjectAltName',
        altNames: [
          { type: 7, ip: '127.0.0.1' },
          { type: 2, value: 'localhost' },
          ...Object.values(REAL_HOSTS).map((value) => ({ type: 2, value })),
          // Key Vault's vault hosts of each cloud, reached through the cloud's CONNECT proxy.
          { type: 2, value: '*.vault.azure.net' },
          { type: 2, value: '*.vault.usgovcloudapi.net' },
          { type: 2, value: '*.vault.azure.cn' },
        ],
      },
    ],
  });
  const caCertPem = forge.pki.certificateToPem(caCert);
  const dir = mkdtempSync(join(tmpdir(), 'rea-local-cloud-'));
  const caCertPath = join(dir, 'ca.pem');
  writeFileSync(caCertPath, caCertPem);
  return {
    caCertPem,
    certPem: forge.pki.certificateToPem(serverCert),
    keyPem: forge.pki.privateKeyToPem(server.privateKey),
    caCertPath,
  };
}

interface ForgeKeyPair {
  publicKey: forge.pki.rsa.PublicKey;
  privateKey: forge.pki.rsa.PrivateKey;
}

// node:crypto generates RSA keys natively in milliseconds; forge's pure-JS generator takes seconds.
function createRsaKeyPair(): ForgeKeyPair {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return {
    publicKey: forge.pki.publicKeyFromPem(publicKey),
    privateKey: forge.pki.privateKeyFromPem(privateKey),
  };
}

interface CertificateSpec {
  subject: forge.pki.CertificateField[];
  /** The issuing certificate; undefined for a self-signed one. */
  issuer: forge.pki.Certificate | undefined;
  publicKey: forge.pki.PublicKey;
  signingKey: forge.pki.rsa.PrivateKey;
  extensions: object[];
}

function createCertificate(spec: CertificateSpec): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = spec.publicKey;
  // A positive serial: the high bit of the first byte must be clear.
  cert.serialNumber = '01' + randomBytes(15).toString('hex');
  cert.validity.notBefore = new Date(Date.now() - 60 * 60 * 1000);
  cert.validity.notAfter = new Date(Date.now() + 7 * 24 * 60 * 60 * 1000);
  cert.setSubject(spec.subject);
  cert.setIssuer(spec.issuer ? spec.issuer.subject.attributes : spec.subject);
  cert.setExtensions(spec.extensions);
  cert.sign(spec.signingKey, forge.md.sha256.create());
  return cert;
}
