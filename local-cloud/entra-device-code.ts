// The device authorization grant as Entra ID answers it
// (https://learn.microsoft.com/entra/identity-platform/v2-oauth2-device-code): a code for the
// user, and "authorization pending" while the client polls. The local cloud has no users, so no
// one ever completes the sign-in: a device code only shows the client's prompt.
import { randomBytes } from 'node:crypto';
import type { EntraError } from './entra-errors.js';

/** The grant_type a client polls the token endpoint with. */
export const DEVICE_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

const LIFETIME_S = 900;
const INTERVAL_S = 5;
const VERIFICATION_URI = 'https://microsoft.com/devicelogin';

/** Device codes issued and not yet expired. */
export class DeviceCodes {
  private readonly issued = new Map<string, number>();

  /** Answers POST /{tenant}/oauth2/v2.0/devicecode, or the missing parameter's error. */
  issue(form: URLSearchParams, now: number): { body: Record<string, unknown> } | EntraError {
    for (const name of ['client_id', 'scope']) if (!form.get(name)) return missing(name);
    const userCode = randomBytes(9)
      .toString('base64url')
      .replace(/[-_]/g, 'X')
      .toUpperCase()
      .slice(0, 9);
    const deviceCode = randomBytes(48).toString('base64url');
    this.issued.set(deviceCode, now + LIFETIME_S * 1000);
    return {
      body: {
        user_code: userCode,
        device_code: deviceCode,
        verification_uri: VERIFICATION_URI,
        expires_in: LIFETIME_S,
        interval: INTERVAL_S,
        message: `To sign in, use a web browser to open the page ${VERIFICATION_URI} and enter the code ${userCode} to authenticate.`,
      },
    };
  }

  /** Answers a token request with the device code grant: pending, expired or unknown. */
  poll(deviceCode: string | null, now: number): EntraError {
    if (!deviceCode) return missing('device_code');
    const expiresAt = this.issued.get(deviceCode);
    if (expiresAt === undefined)
      return {
        status: 400,
        error: 'invalid_grant',
        code: 70000,
        message: "The provided value for the input parameter 'device_code' is not valid.",
      };
    if (expiresAt <= now)
      return {
        status: 400,
        error: 'expired_token',
        code: 70020,
        message:
          "The provided value for the input parameter 'device_code' is not valid. This device code has expired.",
      };
    return {
      status: 400,
      error: 'authorization_pending',
      code: 70016,
      message: 'OAuth 2.0 device flow error. Authorization is pending. Continue polling.',
    };
  }
}

function missing(name: string): EntraError {
  return {
    status: 400,
    error: 'invalid_request',
    code: 900144,
    message: `The request body must contain the following parameter: '${name}'.`,
  };
}
