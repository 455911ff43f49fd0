// Key Vault's error replies: `{ error: { code, message, innererror? } }` with its status codes and
// the WWW-Authenticate challenge its clients need to learn the tenant and the token's resource.
import type { SecretPermission } from './state.js';
import { SECRET_ACTIONS } from './state.js';

/** A reply of the Key Vault fake. */
export interface VaultReply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** Where the vault lives, for the texts Key Vault puts into its 403 messages. */
export interface VaultIdentity {
  name: string;
  location: string;
  resourceId: string;
}

/** The caller as Key Vault describes it in a 403. */
export interface Caller {
  appid: string;
  oid: string;
  tid: string;
}

function error(status: number, code: string, message: string, inner?: string): VaultReply {
  return {
    status,
    body: { error: { code, message, ...(inner ? { innererror: { code: inner } } : {}) } },
  };
}

/** 401 with the bearer challenge; `reason` is the AKV message, e.g. the missing token. */
export function unauthorized(tenantId: string, resource: string, reason: string): VaultReply {
  return {
    ...error(401, 'Unauthorized', reason),
    headers: {
      'www-authenticate': `Bearer authorization="https://login.microsoftonline.com/${tenantId}", resource="${resource}"`,
    },
  };
}

/** 403 as an RBAC vault answers a caller without a role that grants the data action. */
export function forbiddenByRbac(
  vault: VaultIdentity,
  caller: Caller,
  permission: SecretPermission,
  secretName: string,
): VaultReply {
  const message = [
    'Caller is not authorized to perform action on resource.',
    'If role assignments, deny assignments or role definitions were changed recently, please observe propagation time.',
    `Caller: appid=${caller.appid};oid=${caller.oid};iss=https://sts.windows.net/${caller.tid}/`,
    `Action: '${SECRET_ACTIONS[permission]}'`,
    `Resource: '${vault.resourceId.toLowerCase()}/secrets/${secretName.toLowerCase()}'`,
    'Assignment: (not found)',
    'DenyAssignmentId: null',
    'DecisionReason: null ',
    `Vault: ${vault.name};location=${vault.location}`,
    '',
  ].join('\r\n');
  return error(403, 'Forbidden', message, 'ForbiddenByRbac');
}

/** 403 as an access-policy vault answers a caller whose policy lacks the permission. */
export function forbiddenByPolicy(
  vault: VaultIdentity,
  caller: Caller,
  permission: SecretPermission,
): VaultReply {
  return error(
    403,
    'Forbidden',
    `The user, group or application 'appid=${caller.appid};oid=${caller.oid};iss=https://sts.windows.net/${caller.tid}/' does not have secrets ${permission} permission on key vault '${vault.name};location=${vault.location}'. For help resolving this issue, please see https://go.microsoft.com/fwlink/?linkid=2125287`,
    'AccessDenied',
  );
}

export function secretNotFound(name: string): VaultReply {
  return error(
    404,
    'SecretNotFound',
    `A secret with (name/id) ${name} was not found in this key vault. If you recently deleted this secret you may be able to recover it using the correct recovery command. For help resolving this issue, please see https://go.microsoft.com/fwlink/?linkid=2125182`,
  );
}

export function secretDisabled(operation: string): VaultReply {
  return error(
    403,
    'Forbidden',
    `Operation ${operation} is not allowed on a disabled secret.`,
    'SecretDisabled',
  );
}

export function badParameter(message: string): VaultReply {
  return error(400, 'BadParameter', message);
}

export function vaultNotFound(host: string): VaultReply {
  // A vault name nobody created has no DNS record; the proxy refuses the tunnel first. This answers
  // requests that reach the server directly with an unknown Host.
  return error(404, 'VaultNotFound', `No vault is served for host ${host}.`);
}
