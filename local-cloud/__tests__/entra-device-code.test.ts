import { describe, expect, it } from '@jest/globals';
import { requestCloud } from '../testing/cloud-client.js';
import { useLocalCloud } from '../testing/use-local-cloud.js';

const handle = useLocalCloud();
const CLI_CLIENT_ID = '04b07795-8ddb-461a-bbee-02f9e1bf7b46';

function post(path: string, form: Record<string, string>) {
  const { cloud } = handle;
  return requestCloud(cloud, `${cloud.urls.authorityHost}/organizations/oauth2/v2.0/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
}

describe('Entra device code flow', () => {
  it('issues a user code and answers authorization_pending while the client polls', async () => {
    const issued = await post('devicecode', {
      client_id: CLI_CLIENT_ID,
      scope: 'https://graph.microsoft.com/.default offline_access',
    });
    expect(issued.status).toBe(200);
    const body = issued.json<Record<string, unknown>>();
    expect(body).toMatchObject({
      verification_uri: 'https://microsoft.com/devicelogin',
      expires_in: 900,
      interval: 5,
    });
    expect(body.user_code).toMatch(/^[A-Z0-9]{9}$/);
    expect(body.message).toContain(`enter the code ${String(body.user_code)} to authenticate`);
    const polled = await post('token', {
      grant_type: 'urn:ietf:params:oauth:grant-type:device_code',
      client_id: CLI_CLIENT_ID,
      device_code: String(body.device_code),
    });
    expect(polled.status).toBe(400);
    expect(polled.json()).toMatchObject({ error: 'authorization_pending', error_codes: [70016] });
  });

  it('refuses a device code it never issued, and a request without scope', async () => {
    const polled = await post('token', {
      grant_type: 'urn:ietf:params:oauth:grant-type:device_code',
      client_id: CLI_CLIENT_ID,
      device_code: 'nope',
    });
    expect(polled.json()).toMatchObject({ error: 'invalid_grant' });
    const issued = await post('devicecode', { client_id: CLI_CLIENT_ID });
    expect([issued.status, issued.json<{ error: string }>().error]).toEqual([
      400,
      'invalid_request',
    ]);
  });
});
