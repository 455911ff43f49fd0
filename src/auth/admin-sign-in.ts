// Sign-in of the administrator who runs the bootstrap: environment credentials (a secret or a
// certificate), else the Azure CLI's login, else the device code flow.
import { execFile } from 'node:child_process';
import {
  AzureCliCredential,
  ClientCertificateCredential,
  ClientSecretCredential,
  DeviceCodeCredential,
  type DeviceCodeInfo,
  type TokenCredential,
} from '@azure/identity';
import { InputError } from '../errors.js';
import type { FetchLike } from '../net/outbound-fetch.js';
import { isKnownAuthorityHost } from './clouds.js';
import { toIdentityHttpClient } from './identity-http-client.js';

/** How the administrator signed in, for the log. */
export type AdminSignInMethod =
  'environment (client secret)' | 'environment (certificate)' | 'Azure CLI' | 'device code';

/** What createAdminCredential needs. */
export interface AdminSignInOptions {
  /** --tenant; else AZURE_TENANT_ID; else the Azure CLI's or the account's home tenant. */
  tenant: string | null;
  authorityHost: string;
  env: Record<string, string | undefined>;
  /** Whether `az` is installed and signed in; default asks `az account show`. */
  isAzureCliSignedIn?: () => Promise<boolean>;
  /** Shows the device code prompt; default writes it to stderr. */
  prompt?: (text: string) => void;
  /** The outbound fetch (proxy rules) MSAL's requests go through; default @azure/identity's own. */
  fetch?: FetchLike;
}

/** Returns the administrator's credential and how it signs in; nothing is sent until getToken. */
export async function createAdminCredential(
  options: AdminSignInOptions,
): Promise<{ credential: TokenCredential; method: AdminSignInMethod }> {
  const { env, authorityHost } = options;
  const tenant = options.tenant ?? (env.AZURE_TENANT_ID?.trim() || null);
  // MSAL's instance discovery asks login.microsoftonline.com about any other host and then refuses it.
  const common = {
    authorityHost,
    disableInstanceDiscovery: !isKnownAuthorityHost(authorityHost),
    ...(options.fetch ? { httpClient: toIdentityHttpClient(options.fetch) } : {}),
  };
  const clientId = env.AZURE_CLIENT_ID?.trim();
  if (clientId && (env.AZURE_CLIENT_SECRET || env.AZURE_CLIENT_CERTIFICATE_PATH)) {
    if (!tenant)
      throw new InputError(
        '--tenant',
        'AZURE_CLIENT_ID is set but no tenant is: set AZURE_TENANT_ID or pass --tenant.',
      );
    if (env.AZURE_CLIENT_SECRET)
      return {
        credential: new ClientSecretCredential(tenant, clientId, env.AZURE_CLIENT_SECRET, common),
        method: 'environment (client secret)',
      };
    return {
      credential: new ClientCertificateCredential(
        tenant,
        clientId,
        {
          certificatePath: env.AZURE_CLIENT_CERTIFICATE_PATH ?? '',
          certificatePassword: env.AZURE_CLIENT_CERTIFICATE_PASSWORD,
        },
        common,
      ),
      method: 'environment (certificate)',
    };
  }
  if (await (options.isAzureCliSignedIn ?? readAzureCliSignedIn)())
    return {
      credential: new AzureCliCredential(tenant ? { tenantId: tenant } : {}),
      method: 'Azure CLI',
    };
  const prompt = options.prompt ?? ((text: string) => process.stderr.write(`${text}\n`));
  return {
    credential: new DeviceCodeCredential({
      ...common,
      tenantId: tenant ?? 'organizations',
      userPromptCallback: (info) => prompt(formatDeviceCodePrompt(info)),
    }),
    method: 'device code',
  };
}

/** Returns the text that asks the administrator to finish the device code sign-in. */
export function formatDeviceCodePrompt(
  info: Pick<DeviceCodeInfo, 'userCode' | 'verificationUri'>,
): string {
  return [
    `To sign in, open ${info.verificationUri} in a browser and enter the code ${info.userCode}.`,
    'Sign in as a Privileged Role Administrator or Global Administrator of the tenant: granting',
    'Microsoft Graph application permissions needs one of those roles.',
  ].join('\n');
}

/** Returns true when the Azure CLI is installed and has an account (az account show succeeds). */
export function readAzureCliSignedIn(): Promise<boolean> {
  return new Promise((resolve) => {
    // On Windows az is a .cmd script, which only a shell runs.
    const shell = process.platform === 'win32';
    execFile('az', ['account', 'show', '--output', 'none'], { timeout: 20_000, shell }, (error) =>
      resolve(!error),
    );
  });
}
