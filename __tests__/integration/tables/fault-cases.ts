// The fault table of hardening-faults.test.ts: one fault the local cloud injects per row, and what
// the run must do about it. Kept apart from the test so scripts/reliability-figures.ts can count it.
import type { ReplicatedKind, LocalCloud, Service } from '@register-entra-app/local-cloud';

/** One injected fault and what the run must do about it. */
export interface FaultCase {
  name: string;
  inject: (cloud: LocalCloud) => void;
  /** How many times faster than real time the cloud's clock runs during the run. */
  clockRate?: number;
  /** The app is registered by a clean run first; the faulted run rotates its credential (rotate: always). */
  rotate?: boolean;
  /** The profile asks for a certificate instead of a client secret. */
  certificate?: boolean;
  /** Absent: the run converges. Present: the run fails with this message, and a re-run without faults converges. */
  fails?: RegExp;
  /** A throttled top-level request the client must retry no sooner than `seconds` of the cloud's clock later. */
  honours?: { service: Service; method: string; path: RegExp; status: number; seconds: number };
}

const APP_PATH = /^\/v1\.0\/applications\(uniqueName=/;
const TOKEN_PATH = /\/oauth2\/v2\.0\/token/;
const SECRET_PATH = /\/actions\/secrets\/[A-Z0-9_]+$/;
const KINDS: ReplicatedKind[] = [
  'application',
  'servicePrincipal',
  'appRoleAssignment',
  'permissionGrant',
  'passwordCredential',
  'keyCredential',
  'federatedCredential',
];
const notFoundBody = {
  error: {
    code: 'Request_ResourceNotFound',
    message:
      'Resource does not exist or one of its queried reference-property objects are not present.',
  },
};

export const FAULT_CASES: FaultCase[] = [
  // Throttling and transient failures, Graph.
  {
    name: 'a 429 storm with whole-second Retry-After on the application upsert',
    inject: (c) =>
      c.faults.add({
        service: 'graph',
        method: 'PATCH',
        path: APP_PATH,
        status: 429,
        retryAfter: 2,
        times: 4,
      }),
    clockRate: 20,
    honours: { service: 'graph', method: 'PATCH', path: APP_PATH, status: 429, seconds: 2 },
  },
  {
    name: 'a 429 storm with fractional Retry-After on the application upsert',
    inject: (c) =>
      c.faults.add({
        service: 'graph',
        method: 'PATCH',
        path: APP_PATH,
        status: 429,
        retryAfter: '0.25',
        times: 4,
      }),
    honours: { service: 'graph', method: 'PATCH', path: APP_PATH, status: 429, seconds: 0.25 },
  },
  {
    name: 'a 429 storm on every request of the $batch reads and consent writes',
    inject: (c) =>
      c.faults.add({
        service: 'graph',
        path: /^\/v1\.0\/(applications|servicePrincipals|oauth2PermissionGrants)/,
        status: 429,
        retryAfter: '0.1',
        times: 12,
      }),
  },
  {
    name: 'a 429 storm longer than the retry budget',
    inject: (c) =>
      c.faults.add({
        service: 'graph',
        method: 'PATCH',
        path: APP_PATH,
        status: 429,
        retryAfter: '0.05',
        times: Infinity,
      }),
    fails: /PATCH \/applications\(uniqueName='fault-row-\d+'\) failed: 429 TooManyRequests/,
  },
  {
    name: 'Graph 503 with Retry-After on the service principal create',
    inject: (c) =>
      c.faults.add({
        service: 'graph',
        method: 'POST',
        path: /\/servicePrincipals$/,
        status: 503,
        retryAfter: 1,
        times: 2,
      }),
    clockRate: 10,
  },
  {
    name: 'Graph 503 without Retry-After on addPassword',
    inject: (c) =>
      c.faults.add({
        service: 'graph',
        method: 'POST',
        path: /addPassword$/,
        status: 503,
        times: 2,
      }),
  },
  {
    name: 'Graph 504 gateway timeouts on the consent grants',
    inject: (c) =>
      c.faults.add({
        service: 'graph',
        method: 'POST',
        path: /appRoleAssignedTo|oauth2PermissionGrants/,
        status: 504,
        times: 2,
      }),
  },
  {
    name: 'Graph dropping the connection of the first $batch',
    inject: (c) =>
      c.faults.add({ service: 'graph', path: /\$batch/, resetConnection: true, times: 2 }),
  },
  {
    name: 'Graph dropping the connection after applying the application upsert',
    inject: (c) =>
      c.faults.add({
        service: 'graph',
        method: 'PATCH',
        path: APP_PATH,
        resetConnection: true,
        afterApply: true,
      }),
  },
  {
    name: 'Graph dropping the connection after creating the service principal',
    inject: (c) =>
      c.faults.add({
        service: 'graph',
        method: 'POST',
        path: /\/servicePrincipals$/,
        resetConnection: true,
        afterApply: true,
      }),
  },
  {
    name: 'Graph dropping the connection after addPassword created the secret',
    inject: (c) =>
      c.faults.add({
        service: 'graph',
        method: 'POST',
        path: /addPassword$/,
        resetConnection: true,
        afterApply: true,
      }),
  },
  {
    name: 'Graph dropping the connection after granting consent in a $batch',
    inject: (c) =>
      c.faults.add({
        service: 'graph',
        method: 'POST',
        path: /appRoleAssignedTo$/,
        resetConnection: true,
        afterApply: true,
      }),
  },
  {
    name: 'Graph answering 500 to the service principal create',
    inject: (c) =>
      c.faults.add({
        service: 'graph',
        method: 'POST',
        path: /\/servicePrincipals$/,
        status: 500,
        times: Infinity,
      }),
    fails: /POST \/servicePrincipals.*500/,
  },
  // Entra's token endpoint and GitHub's OIDC issuer (sign-in).
  {
    name: 'Entra token endpoint throttling the sign-in with Retry-After',
    inject: (c) =>
      c.faults.add({
        service: 'entra',
        method: 'POST',
        path: TOKEN_PATH,
        status: 429,
        retryAfter: 1,
        times: 2,
      }),
    honours: { service: 'entra', method: 'POST', path: TOKEN_PATH, status: 429, seconds: 1 },
  },
  {
    name: 'Entra token endpoint answering 503',
    inject: (c) =>
      c.faults.add({ service: 'entra', method: 'POST', path: TOKEN_PATH, status: 503, times: 2 }),
  },
  {
    name: 'Entra token endpoint answering 504',
    inject: (c) =>
      c.faults.add({ service: 'entra', method: 'POST', path: TOKEN_PATH, status: 504, times: 1 }),
  },
  {
    name: 'Entra token endpoint dropping the connection',
    inject: (c) =>
      c.faults.add({
        service: 'entra',
        method: 'POST',
        path: TOKEN_PATH,
        resetConnection: true,
        times: 1,
      }),
  },
  {
    name: 'GitHub OIDC issuer throttling the ID token request',
    inject: (c) => c.faults.add({ service: 'oidc', status: 429, retryAfter: '0.5', times: 2 }),
  },
  {
    name: 'GitHub OIDC issuer answering 503',
    inject: (c) => c.faults.add({ service: 'oidc', status: 503, times: 2 }),
  },
  {
    name: 'GitHub OIDC issuer answering 504',
    inject: (c) => c.faults.add({ service: 'oidc', status: 504, times: 1 }),
  },
  {
    name: 'GitHub OIDC issuer dropping the connection',
    inject: (c) => c.faults.add({ service: 'oidc', resetConnection: true, times: 1 }),
  },
  {
    name: 'GitHub OIDC issuer failing for the whole run',
    inject: (c) => c.faults.add({ service: 'oidc', status: 500, times: Infinity }),
    fails: /Could not get a GitHub OIDC token .*answered 500/,
  },
  // GitHub's secrets API.
  {
    name: 'GitHub throttling the secret write with Retry-After',
    inject: (c) =>
      c.faults.add({
        service: 'github',
        method: 'PUT',
        path: SECRET_PATH,
        status: 429,
        retryAfter: 1,
        times: 2,
      }),
    honours: { service: 'github', method: 'PUT', path: SECRET_PATH, status: 429, seconds: 1 },
  },
  {
    name: 'GitHub answering 503 to the public key read',
    inject: (c) =>
      c.faults.add({
        service: 'github',
        method: 'GET',
        path: /public-key$/,
        status: 503,
        times: 2,
      }),
  },
  {
    name: 'GitHub answering 504 to the secret write',
    inject: (c) =>
      c.faults.add({ service: 'github', method: 'PUT', path: SECRET_PATH, status: 504, times: 1 }),
  },
  {
    name: 'GitHub dropping the connection of the secret write',
    inject: (c) =>
      c.faults.add({
        service: 'github',
        method: 'PUT',
        path: SECRET_PATH,
        resetConnection: true,
        times: 1,
      }),
  },
  {
    name: 'GitHub dropping the connection after storing the secret',
    inject: (c) =>
      c.faults.add({
        service: 'github',
        method: 'PUT',
        path: SECRET_PATH,
        resetConnection: true,
        afterApply: true,
      }),
  },
  {
    name: 'GitHub refusing every secret write with 500',
    inject: (c) =>
      c.faults.add({
        service: 'github',
        method: 'PUT',
        path: SECRET_PATH,
        status: 500,
        retryAfter: 1,
        times: Infinity,
      }),
    fails: /secret FAULT_\d+_SECRET.*500/,
  },
  {
    name: 'GitHub storing the secret but answering 500 to every attempt',
    inject: (c) => {
      c.faults.add({
        service: 'github',
        method: 'PUT',
        path: SECRET_PATH,
        status: 500,
        afterApply: true,
      });
      c.faults.add({
        service: 'github',
        method: 'PUT',
        path: SECRET_PATH,
        status: 500,
        retryAfter: 1,
        times: Infinity,
      });
    },
    fails: /secret FAULT_\d+_SECRET.*500/,
  },
  {
    name: 'GitHub storing the rotated secret but answering 500 to every attempt',
    rotate: true,
    inject: (c) => {
      c.faults.add({
        service: 'github',
        method: 'PUT',
        path: SECRET_PATH,
        status: 500,
        afterApply: true,
      });
      c.faults.add({
        service: 'github',
        method: 'PUT',
        path: SECRET_PATH,
        status: 500,
        retryAfter: 1,
        times: Infinity,
      });
    },
    fails: /secret FAULT_\d+_SECRET.*500/,
  },
  // Replication delay: new objects invisible to other requests for up to 60 s.
  ...KINDS.map((kind): FaultCase => ({
    name: `60 s of replication delay for each new ${kind}`,
    inject: (c) => void (c.faults.replicationDelayMs = { [kind]: 60_000 }),
    // A client assertion carries the runner's real time and lives 10 minutes: the faster the cloud's
    // clock, the sooner it looks expired, so the certificate row runs the clock slower.
    clockRate: kind === 'keyCredential' ? 12 : 30,
    certificate: kind === 'keyCredential',
  })),
  {
    name: '30 s of replication delay for every kind at once',
    inject: (c) =>
      void (c.faults.replicationDelayMs = Object.fromEntries(KINDS.map((k) => [k, 30_000]))),
    clockRate: 30,
  },
  ...[
    ['application upsert', 'PATCH', APP_PATH],
    ['service principal create', 'POST', /\/servicePrincipals$/],
    ['federated credential upsert', 'PATCH', /federatedIdentityCredentials/],
    ['app role grant', 'POST', /appRoleAssignedTo$/],
    ['delegated grant', 'POST', /\/oauth2PermissionGrants$/],
    ['addPassword', 'POST', /addPassword$/],
  ].map(([label, method, path]): FaultCase => ({
    name: `a ${label} that answered 404 although it was applied`,
    inject: (c) =>
      c.faults.add({
        service: 'graph',
        method: method as string,
        path: path as RegExp,
        status: 404,
        body: notFoundBody,
        afterApply: true,
      }),
  })),
];
