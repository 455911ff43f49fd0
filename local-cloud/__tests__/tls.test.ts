import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { get } from 'node:https';
import { X509Certificate } from 'node:crypto';
import { createTlsMaterial } from '../tls.js';
import { requestCloud } from '../testing/cloud-client.js';
import { useLocalCloud } from '../testing/use-local-cloud.js';

const handle = useLocalCloud();

function fetchWithoutCa(url: string): Promise<string> {
  return new Promise((resolve) => {
    get(url, (res) => resolve(`status ${res.statusCode}`)).on(
      'error',
      (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message),
    );
  });
}

describe('local cloud TLS', () => {
  it('writes only the CA certificate to the file handed to NODE_EXTRA_CA_CERTS', () => {
    const text = readFileSync(handle.cloud.caCertPath, 'utf8');
    expect(text).toContain('BEGIN CERTIFICATE');
    expect(text).not.toContain('PRIVATE KEY');
    expect(new X509Certificate(text).ca).toBe(true);
  });

  it('issues a server certificate for 127.0.0.1 and localhost signed by the CA', () => {
    const material = createTlsMaterial();
    const server = new X509Certificate(material.certPem);
    expect(server.subjectAltName).toContain('IP Address:127.0.0.1');
    expect(server.subjectAltName).toContain('DNS:localhost');
    expect(server.verify(new X509Certificate(material.caCertPem).publicKey)).toBe(true);
  });

  it('is trusted by a client given the CA, by IP and by name', async () => {
    const { cloud } = handle;
    const byIp = await requestCloud(
      cloud,
      `${cloud.urls.oidcIssuer}/.well-known/openid-configuration`,
    );
    const byName = await requestCloud(
      cloud,
      `${cloud.urls.oidcIssuer.replace('127.0.0.1', 'localhost')}/.well-known/openid-configuration`,
    );
    expect([byIp.status, byName.status]).toEqual([200, 200]);
  });

  it('is refused by a client that does not trust the CA', async () => {
    expect(await fetchWithoutCa(`${handle.cloud.urls.oidcIssuer}/.well-known/jwks`)).toMatch(
      /CERT|SELF_SIGNED|UNABLE_TO_VERIFY/,
    );
  });
});
