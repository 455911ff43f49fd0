// The tables of hardening-killed.test.ts: which runs are SIGKILLed before each of their writes.

/** A run to kill: a first registration, or a rotation of an app a clean run registered first. */
export interface KillCase {
  name: string;
  key: string;
  type: 'secret' | 'certificate';
  rotate: boolean;
}

export const KILL_CASES: KillCase[] = [
  {
    name: 'a first registration with a client secret',
    key: 'first',
    type: 'secret',
    rotate: false,
  },
  { name: 'a client secret rotation', key: 'rotate-secret', type: 'secret', rotate: true },
  { name: 'a certificate rotation', key: 'rotate-cert', type: 'certificate', rotate: true },
];
