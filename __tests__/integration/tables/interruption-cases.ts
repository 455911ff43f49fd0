// The tables of hardening-interrupted.test.ts: where a run is stopped, and the clouds two
// simultaneous runs meet. Kept apart from the test so scripts/reliability-figures.ts can count them.
import type { LocalCloud, Service } from '@register-entra-app/local-cloud';

/** One place to stop a run: every write to `service` after the first `n` answers 500. */
export interface StopCase {
  name: string;
  service: Service;
  n: number;
  /** The app is registered by a clean run first and the stopped run rotates its secret. */
  rotate?: boolean;
}

/** Every write of a first registration with a secret, in the order the action sends them. */
export const FIRST_REGISTRATION_STOPS: StopCase[] = [
  { name: 'before the application upsert', service: 'graph', n: 0 },
  { name: 'after the application, before its service principal', service: 'graph', n: 1 },
  { name: 'after the service principal, before the federated credential', service: 'graph', n: 2 },
  {
    name: 'after the federated credential, before the application permission grant',
    service: 'graph',
    n: 3,
  },
  { name: 'after the application grant, before the delegated grant', service: 'graph', n: 4 },
  { name: 'after the consent, before addPassword', service: 'graph', n: 5 },
  { name: 'after addPassword, before the GitHub secret write', service: 'github', n: 0 },
];

/** Every write of a rotation (addPassword → pending record → GitHub secret → record → remove the old secret). */
export const ROTATION_STOPS: StopCase[] = [
  { name: 'a rotation before addPassword', service: 'graph', n: 0, rotate: true },
  {
    name: 'a rotation after addPassword, before the record is marked pending',
    service: 'github',
    n: 0,
    rotate: true,
  },
  {
    name: 'a rotation after the record is marked pending, before the GitHub secret write',
    service: 'github',
    n: 1,
    rotate: true,
  },
  {
    name: 'a rotation after the GitHub secret write, before removing the old secret',
    service: 'graph',
    n: 1,
    rotate: true,
  },
];

export const STOP_CASES = [...FIRST_REGISTRATION_STOPS, ...ROTATION_STOPS];

/** Two runs started together on one new app; `setUp` shapes the cloud they meet. */
export const CONCURRENT_CASES: Array<{ name: string; setUp: (cloud: LocalCloud) => void }> = [
  { name: 'on an instant directory', setUp: () => undefined },
  {
    name: 'while new applications and service principals take 20 s to replicate',
    setUp: (cloud) => {
      cloud.setClockRate(10);
      cloud.faults.replicationDelayMs = { application: 20_000, servicePrincipal: 20_000 };
    },
  },
];
