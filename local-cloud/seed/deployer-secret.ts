// A client secret on the deployer app, as an admin adds one in the portal, for clients that sign in
// with a secret (the CLI for Microsoft 365, the Azure CLI) rather than with GitHub's OIDC token.
import { randomUUID } from 'node:crypto';
import { generateSecret } from '../graph/credentials.js';
import type { Tenant } from '../tenant.js';

const LIFETIME_MS = 180 * 24 * 60 * 60 * 1000;

/** Adds a password credential to the application `appId` and returns the secret's value. */
export function addDeployerSecret(tenant: Tenant, appId: string, now: number): string {
  const app = tenant.applicationByAppId(appId);
  if (!app) throw new Error(`No application with appId ${appId} to add a secret to.`);
  const secret = generateSecret();
  app.passwordCredentials.push({
    keyId: randomUUID(),
    displayName: 'local cloud clients',
    startDateTime: new Date(now).toISOString(),
    endDateTime: new Date(now + LIFETIME_MS).toISOString(),
    hint: secret.slice(0, 3),
    customKeyIdentifier: null,
    secretText: null,
    _secret: secret,
    // Dated at the epoch, like every seeded object, so no replication delay hides it.
    _createdAt: 0,
  });
  return secret;
}
