import { describe, it, expect, beforeAll } from '@jest/globals';
import { X509Certificate, createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { createSecureContext } from 'node:tls';
import forge from 'node-forge';
import {
  generateSelfSignedCertificate,
  parseProvidedCertificate,
} from '../../src/credentials/certificate.js';
import type { CertificateMaterial } from '../../src/credentials/types.js';
import { InputError } from '../../src/errors.js';

const now = new Date('2026-11-22T10:00:00.000Z');
const notAfter = new Date('2027-05-21T10:00:00.000Z');

describe('generateSelfSignedCertificate', () => {
  let material: CertificateMaterial;
  const masked: string[] = [];
  beforeAll(async () => {
    material = await generateSelfSignedCertificate({
      subject: 'CodeTwo Backup – Zażółć',
      notAfter,
      now,
      mask: (v) => masked.push(v),
    });
  });

  it('produces a certificate node:crypto parses, with an RSA 2048 key', () => {
    const cert = new X509Certificate(material.certificatePem);
    expect(cert.subject).toBe('CN=CodeTwo Backup – Zażółć');
    expect(cert.issuer).toBe(cert.subject);
    expect(cert.publicKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect(cert.checkPrivateKey(createPrivateKey(material.privateKeyPem))).toBe(true);
    expect(cert.verify(cert.publicKey)).toBe(true);
  });

  it('signs with SHA-256 and marks the certificate for client authentication', () => {
    const cert = forge.pki.certificateFromPem(material.certificatePem);
    expect(forge.pki.oids[cert.siginfo.algorithmOid]).toBe('sha256WithRSAEncryption');
    expect(cert.getExtension('extKeyUsage')).toMatchObject({ clientAuth: true });
    expect(cert.getExtension('keyUsage')).toMatchObject({
      digitalSignature: true,
      keyEncipherment: true,
    });
    expect(new X509Certificate(material.certificatePem).ca).toBe(false);
  });

  it('reports the thumbprint, DER and validity of the certificate', () => {
    const cert = new X509Certificate(material.certificatePem);
    expect(material.thumbprintHex).toBe(cert.fingerprint.replace(/:/g, ''));
    expect(material.thumbprintHex).toMatch(/^[0-9A-F]{40}$/);
    expect(Buffer.from(material.derBase64, 'base64').equals(cert.raw)).toBe(true);
    expect(material.notAfter).toBe('2027-05-21T10:00:00.000Z');
    expect(material.notBefore).toBe('2026-11-22T09:55:00.000Z');
    expect(new Date(cert.validTo).toISOString()).toBe(material.notAfter);
  });

  it('packs a PFX that opens with its password, in forge and in OpenSSL', () => {
    const der = forge.util.decode64(material.pfxBase64);
    const p12 = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(der), material.pfxPassword);
    const keyBags =
      p12.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag })[
        forge.pki.oids.pkcs8ShroudedKeyBag
      ] ?? [];
    const certBags = p12.getBags({ bagType: forge.pki.oids.certBag })[forge.pki.oids.certBag] ?? [];
    expect(keyBags).toHaveLength(1);
    expect(forge.pki.certificateToPem(certBags[0].cert!)).toBe(material.certificatePem);
    expect(() =>
      createSecureContext({
        pfx: Buffer.from(material.pfxBase64, 'base64'),
        passphrase: material.pfxPassword,
      }),
    ).not.toThrow();
    expect(() => forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(der), 'wrong')).toThrow();
  });

  it('masks the private key, the PFX password and the PFX as they are made', () => {
    expect(masked).toEqual(
      expect.arrayContaining([material.privateKeyPem, material.pfxPassword, material.pfxBase64]),
    );
    expect(material.pfxPassword.length).toBeGreaterThanOrEqual(32);
  });

  it('takes the common name from a display name given as CN=…, capped at 64 characters', async () => {
    const long = await generateSelfSignedCertificate({
      subject: `CN=${'A'.repeat(80)}`,
      notAfter,
      now,
    });
    expect(new X509Certificate(long.certificatePem).subject).toBe(`CN=${'A'.repeat(64)}`);
  });

  it('uses a new random serial number and key every time', async () => {
    const other = await generateSelfSignedCertificate({ subject: 'x', notAfter, now });
    expect(other.thumbprintHex).not.toBe(material.thumbprintHex);
    expect(new X509Certificate(other.certificatePem).serialNumber).not.toBe(
      new X509Certificate(material.certificatePem).serialNumber,
    );
  });
});

describe('parseProvidedCertificate', () => {
  let own: CertificateMaterial;
  beforeAll(async () => {
    own = await generateSelfSignedCertificate({ subject: 'Provided', notAfter, now });
  });

  it('packages a matching pair with a new PFX password', async () => {
    const masked: string[] = [];
    const read = await parseProvidedCertificate(own.certificatePem, own.privateKeyPem, {
      now,
      mask: (v) => masked.push(v),
    });
    expect(read.thumbprintHex).toBe(own.thumbprintHex);
    expect(read.pfxPassword).not.toBe(own.pfxPassword);
    expect(masked).toContain(own.privateKeyPem);
    expect(() =>
      createSecureContext({
        pfx: Buffer.from(read.pfxBase64, 'base64'),
        passphrase: read.pfxPassword,
      }),
    ).not.toThrow();
  });

  const rsa1024 = generateKeyPairSync('rsa', { modulusLength: 1024 })
    .privateKey.export({ type: 'pkcs1', format: 'pem' })
    .toString();
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' })
    .privateKey.export({ type: 'pkcs8', format: 'pem' })
    .toString();
  const cases = [
    {
      name: 'a key of another certificate',
      cert: () => own.certificatePem,
      key: () => createOtherKey(),
      input: 'certificate-key',
      message: /is not the private key of the certificate CN=Provided/,
    },
    {
      name: 'an RSA 1024 key',
      cert: () => own.certificatePem,
      key: () => rsa1024,
      input: 'certificate-key',
      message: /RSA 1024; use at least RSA 2048/,
    },
    {
      name: 'an EC key',
      cert: () => own.certificatePem,
      key: () => ec,
      input: 'certificate-key',
      message: /is a ec key/,
    },
    {
      name: 'a key that is not PEM',
      cert: () => own.certificatePem,
      key: () => 'not a key',
      input: 'certificate-key',
      message: /not an unencrypted PEM private key/,
    },
    {
      name: 'no certificate',
      cert: () => 'nothing',
      key: () => own.privateKeyPem,
      input: 'certificate',
      message: /holds no PEM certificate/,
    },
  ];
  it.each(cases)('refuses $name', async ({ cert, key, input, message }) => {
    const error = await parseProvidedCertificate(cert(), key(), { now }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).input).toBe(input);
    expect((error as Error).message).toMatch(message);
  });

  it('refuses an expired certificate', async () => {
    await expect(
      parseProvidedCertificate(own.certificatePem, own.privateKeyPem, {
        now: new Date('2028-01-01T00:00:00Z'),
      }),
    ).rejects.toThrow(/expired on 2027-05-21T10:00:00.000Z/);
  });
});

let otherKey: string | undefined;
function createOtherKey(): string {
  otherKey ??= generateKeyPairSync('rsa', { modulusLength: 2048 })
    .privateKey.export({ type: 'pkcs8', format: 'pem' })
    .toString();
  return otherKey;
}
