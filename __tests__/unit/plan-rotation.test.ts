import { describe, it, expect } from '@jest/globals';
import type { DesiredCredential } from '../../src/model/desired.js';
import type { KeyCredential, PasswordCredential } from '../../src/model/graph-types.js';
import type { HeldCredential, ObservedSecret, ObservedState } from '../../src/model/observed.js';
import type { Change, ChangeKind } from '../../src/plan/changes.js';
import { isActionCredential, planCredential } from '../../src/plan/rotation.js';
import {
  NOW,
  SECRET_NAME,
  certificateCredential,
  desiredState,
  observedMatching,
  secretCredential,
} from './fixtures/plan/states.js';

const credential = desiredState().credential;
const storedAfter = (c: PasswordCredential | KeyCredential): ObservedSecret => ({
  name: SECRET_NAME,
  exists: true,
  updatedAt: new Date(Date.parse(c.startDateTime ?? '') + 60_000).toISOString(),
});

/** The secret written right after `c`, with its record naming `c`. */
const heldRecord = (c: PasswordCredential | KeyCredential): HeldCredential => ({
  ...storedAfter(c),
  keyId: c.keyId,
  recordCurrent: true,
});

/** The matching tenant holding exactly these credentials, and the GitHub secret holding the newest of the action's, with its record. */
function tenant(
  passwords: PasswordCredential[],
  keys: KeyCredential[] = [],
  githubSecret?: ObservedSecret | null,
): ObservedState {
  const observed = observedMatching(desiredState());
  const newest = [...passwords, ...keys]
    .filter((c) => isActionCredential(c.displayName, SECRET_NAME))
    .sort((a, b) => Date.parse(b.startDateTime ?? '') - Date.parse(a.startDateTime ?? ''))[0];
  const secret =
    githubSecret !== undefined
      ? githubSecret
      : newest
        ? heldRecord(newest)
        : { name: SECRET_NAME, exists: false, updatedAt: null };
  return {
    ...observed,
    application: { ...observed.application!, passwordCredentials: passwords, keyCredentials: keys },
    githubSecret: secret,
  };
}

interface Case {
  name: string;
  credential: Partial<DesiredCredential>;
  observed: ObservedState;
  prune?: boolean;
  expected: Array<Partial<Change> & { kind: ChangeKind }>;
}

const fresh = secretCredential('key-fresh', 52);
const newSecret = {
  kind: 'addCredential',
  type: 'secret',
  displayName: `register-entra-app ${SECRET_NAME} 2026-11-22`,
  endDateTime: '2027-05-21T09:00:00.000Z',
} as const;
const deliver = [
  { kind: 'storeSecret', secretName: SECRET_NAME },
  { kind: 'verifyCredential' },
] as const;

const cases: Case[] = [
  {
    name: 'uploads a certificate given in the input when the one on the app has another thumbprint',
    credential: { type: 'certificate', providedThumbprint: 'renewed' },
    observed: tenant([], [certificateCredential('cert-current', 10)]),
    expected: [
      { kind: 'addCredential', type: 'certificate', reason: 'certificate-changed' },
      ...deliver,
    ],
  },
  {
    name: 'keeps a fresh certificate whose thumbprint is the one given in the input',
    credential: { type: 'certificate', providedThumbprint: 'thumbprint' },
    observed: tenant([], [certificateCredential('cert-current', 10)]),
    expected: [],
  },
  {
    name: 'adds a first secret named for the GitHub secret and today, valid lifetimeDays',
    credential: {},
    observed: tenant([]),
    expected: [{ ...newSecret, reason: 'none-yet' }, ...deliver],
  },
  {
    name: 'keeps a fresh secret whose GitHub copy is current',
    credential: {},
    observed: tenant([fresh]),
    expected: [],
  },
  {
    name: 'rotates a secret expiring within the window and removes older ones beyond keep',
    credential: { keep: 1 },
    observed: tenant([
      secretCredential('key-older', 170, 200),
      secretCredential('key-newest', 155),
    ]),
    expected: [
      { ...newSecret, reason: 'expiring' },
      ...deliver,
      { kind: 'removeCredential', keyId: 'key-older', reason: 'superseded' },
    ],
  },
  {
    name: 'removes all of the old ones after the rotation when keep is 0',
    credential: { keep: 0 },
    observed: tenant([secretCredential('key-newest', 155)]),
    expected: [
      { ...newSecret, reason: 'expiring' },
      ...deliver,
      { kind: 'removeCredential', keyId: 'key-newest', reason: 'superseded' },
    ],
  },
  {
    name: "removes the action's expired credentials after a rotation, even within keep",
    credential: { keep: 2 },
    observed: tenant([secretCredential('key-expired', 200), secretCredential('key-newest', 160)]),
    expected: [
      { ...newSecret, reason: 'expiring' },
      ...deliver,
      { kind: 'removeCredential', keyId: 'key-expired', reason: 'expired' },
    ],
  },
  {
    name: 'removes an expired overlap credential without rotating',
    credential: {},
    observed: tenant([fresh, secretCredential('key-expired', 200)]),
    expected: [{ kind: 'removeCredential', keyId: 'key-expired', reason: 'expired' }],
  },
  {
    name: 'adds a secret when the GitHub secret is missing',
    credential: {},
    observed: tenant([fresh], [], { name: SECRET_NAME, exists: false, updatedAt: null }),
    // GitHub holds none of the action's credentials, so none counts for keep-credentials.
    expected: [
      { ...newSecret, reason: 'secret-missing' },
      ...deliver,
      { kind: 'removeCredential', keyId: 'key-fresh', reason: 'superseded' },
    ],
  },
  {
    name: 'adds a secret when the GitHub secret was written before the newest credential existed',
    credential: {},
    observed: tenant([fresh], [], {
      name: SECRET_NAME,
      exists: true,
      updatedAt: '2026-09-01T00:00:00.000Z',
    }),
    expected: [
      { ...newSecret, reason: 'secret-stale' },
      ...deliver,
      { kind: 'removeCredential', keyId: 'key-fresh', reason: 'superseded' },
    ],
  },
  {
    name: 'adds a secret on every run with rotate: always',
    credential: { rotate: 'always', keep: 1 },
    observed: tenant([fresh]),
    expected: [{ ...newSecret, reason: 'forced' }, ...deliver],
  },
  {
    name: 'never adds a secret with rotate: never, even when the current one expires soon',
    credential: { rotate: 'never' },
    observed: tenant([secretCredential('key-newest', 170)]),
    expected: [],
  },
  {
    name: 'replaces the secret with a certificate and removes the secret once the certificate is verified',
    credential: { type: 'certificate' },
    observed: tenant([fresh]),
    expected: [
      { kind: 'addCredential', type: 'certificate', reason: 'none-yet' },
      ...deliver,
      { kind: 'removeCredential', type: 'secret', keyId: 'key-fresh', reason: 'superseded' },
    ],
  },
  {
    name: 'never removes credentials the action did not create',
    credential: { keep: 0 },
    observed: tenant([
      secretCredential('portal', 300, 180, 'Created in the portal'),
      secretCredential('other-secret', 100, 180, 'register-entra-app OTHER_SECRET 2026-08-14'),
      secretCredential('prefix-only', 100, 180, `register-entra-app ${SECRET_NAME}_2 2026-08-14`),
      secretCredential('unnamed', 300, 180, null),
    ]),
    expected: [{ ...newSecret, reason: 'none-yet' }, ...deliver],
  },
  {
    name: "keeps the action's credentials with type none when prune is off",
    credential: { type: 'none' },
    observed: tenant([fresh]),
    expected: [],
  },
  {
    name: "removes the action's credentials with type none when prune is on",
    credential: { type: 'none' },
    prune: true,
    observed: tenant(
      [fresh, secretCredential('key-expired', 200)],
      [certificateCredential('cert', 10)],
    ),
    expected: [
      { kind: 'removeCredential', keyId: 'key-fresh', reason: 'pruned' },
      { kind: 'removeCredential', keyId: 'key-expired', reason: 'expired' },
      { kind: 'removeCredential', type: 'certificate', keyId: 'cert', reason: 'pruned' },
    ],
  },
  {
    name: 'asks for a 99-year credential when the profile wants one that never expires (lifetimeDays 0)',
    credential: { lifetimeDays: 0 },
    observed: tenant([]),
    expected: [{ kind: 'addCredential', endDateTime: '2125-10-29T09:00:00.000Z' }, ...deliver],
  },
  {
    name: 'names the credential by date only and stores nothing when no GitHub secret is named',
    credential: { secretName: null },
    observed: tenant([], [], null),
    expected: [
      { kind: 'addCredential', displayName: 'register-entra-app 2026-11-22', reason: 'none-yet' },
      { kind: 'verifyCredential' },
    ],
  },
];

describe('planCredential', () => {
  it.each(cases)('$name', ({ credential: overrides, observed, prune, expected }) => {
    const { changes } = planCredential({ ...credential, ...overrides }, observed, NOW, {
      prune: prune ?? false,
      verify: true,
    });
    expect(changes).toMatchObject(expected);
  });

  it('removes the old secret only after the new one is stored and verified', () => {
    const { changes } = planCredential(
      { ...credential, keep: 0 },
      tenant([secretCredential('old', 170)]),
      NOW,
    );
    const kinds = changes.map((c) => c.kind);
    expect(kinds).toEqual(['addCredential', 'storeSecret', 'verifyCredential', 'removeCredential']);
  });

  it("warns about every credential expiring within the window, the action's or not, and about expired ones", () => {
    const observed = tenant(
      [fresh, secretCredential('portal', 170, 180, 'Created in the portal')],
      [certificateCredential('vendor-cert', 400, 365, 'Vendor certificate')],
    );
    const { notices } = planCredential(credential, observed, NOW);
    expect(notices).toEqual([
      {
        level: 'warning',
        message:
          'Client secret "Created in the portal" (keyId portal) expires on 2026-12-02, in 10 days.',
      },
      {
        level: 'warning',
        message: 'Certificate "Vendor certificate" (keyId vendor-cert) expired on 2026-10-18.',
      },
    ]);
  });

  it('does not warn about credentials the plan removes', () => {
    const { notices } = planCredential(
      credential,
      tenant([fresh, secretCredential('key-expired', 200)]),
      NOW,
    );
    expect(notices).toEqual([]);
  });

  it('warns that no secret is created when rotate is never and none exists', () => {
    const { changes, notices } = planCredential(
      { ...credential, rotate: 'never' },
      tenant([]),
      NOW,
    );
    expect(changes).toEqual([]);
    expect(notices).toEqual([
      {
        level: 'warning',
        message: `The app has no secret created by register-entra-app for ${SECRET_NAME} and rotate is "never", so none is created.`,
      },
    ]);
  });
});

describe('isActionCredential', () => {
  it.each([
    {
      name: 'recognises its own credential for the secret',
      displayName: `register-entra-app ${SECRET_NAME} 2026-01-01`,
      secretName: SECRET_NAME,
      expected: true,
    },
    {
      name: 'ignores a credential for another secret sharing a prefix',
      displayName: `register-entra-app ${SECRET_NAME}_2 2026-01-01`,
      secretName: SECRET_NAME,
      expected: false,
    },
    {
      name: 'ignores a credential without a name',
      displayName: null,
      secretName: SECRET_NAME,
      expected: false,
    },
    {
      name: 'recognises a date-only name when no secret is named',
      displayName: 'register-entra-app 2026-01-01',
      secretName: null,
      expected: true,
    },
    {
      name: 'ignores a secret-named credential when no secret is named',
      displayName: `register-entra-app ${SECRET_NAME} 2026-01-01`,
      secretName: null,
      expected: false,
    },
  ])('$name', ({ displayName, secretName, expected }) => {
    expect(isActionCredential(displayName, secretName)).toBe(expected);
  });
});

describe('planCredential with the record of what GitHub holds', () => {
  const older = secretCredential('key-older', 100);
  const held = secretCredential('key-held', 60);
  const orphan = secretCredential('key-orphan', 1);
  const plan = (
    observed: ObservedState,
    overrides: Partial<DesiredCredential> = {},
    signInAudience?: string,
  ) =>
    planCredential({ ...credential, ...overrides }, observed, NOW, { verify: true, signInAudience })
      .changes;

  it('removes a credential created after the held one (litter) without rotating', () => {
    expect(plan(tenant([older, held, orphan], [], heldRecord(held)))).toMatchObject([
      { kind: 'removeCredential', keyId: 'key-orphan', reason: 'litter' },
    ]);
  });

  it('counts only credentials GitHub held for keep-credentials, never litter', () => {
    expect(
      plan(tenant([older, held, orphan], [], heldRecord(held)), { rotate: 'always', keep: 1 }),
    ).toMatchObject([
      { ...newSecret, reason: 'forced' },
      ...deliver,
      { kind: 'removeCredential', keyId: 'key-older', reason: 'superseded' },
      { kind: 'removeCredential', keyId: 'key-orphan', reason: 'litter' },
    ]);
  });

  it('rotates once more, removing nothing first, when a concurrent run may have written a newer credential than the record names', () => {
    const racedStart = new Date(Date.parse(held.startDateTime!) + 100).toISOString();
    const raced = { ...held, keyId: 'key-raced', startDateTime: racedStart };
    const record = { ...heldRecord(held), updatedAt: held.startDateTime! };
    expect(plan(tenant([older, held, raced], [], record))).toMatchObject([
      { ...newSecret, reason: 'held-ambiguous' },
      ...deliver,
      { kind: 'removeCredential', keyId: 'key-older' },
      { kind: 'removeCredential', keyId: 'key-raced' },
    ]);
  });

  it('removes older credentials beyond keep without rotating, but only ones made well before the last write', () => {
    const oldest = secretCredential('key-oldest', 150);
    expect(plan(tenant([oldest, older, held], [], heldRecord(held)), { keep: 1 })).toMatchObject([
      { kind: 'removeCredential', keyId: 'key-oldest', reason: 'superseded' },
    ]);
    // A credential made minutes before the secret's last write may be what a concurrent run wrote.
    const recent = {
      ...older,
      startDateTime: new Date(Date.parse(held.startDateTime!) - 60_000).toISOString(),
    };
    expect(plan(tenant([oldest, recent, held], [], heldRecord(held)), { keep: 0 })).toMatchObject([
      { kind: 'removeCredential', keyId: 'key-oldest' },
    ]);
  });

  it('repairs a secret whose recorded credential was deleted, and says why', () => {
    const deleted = { ...heldRecord(held), keyId: 'key-deleted-by-hand' };
    const result = planCredential(credential, tenant([older, held], [], deleted), NOW, {
      verify: true,
    });
    expect(result.changes[0]).toMatchObject({ kind: 'addCredential', reason: 'held-deleted' });
    expect(result.notices.map((n) => n.message).join('\n')).toMatch(
      /holds credential key-deleted-by-hand, which the app no longer has/,
    );
  });

  it('infers the held credential from times when the secret was written after its record, and records it', () => {
    const stale = { ...heldRecord(older), recordCurrent: false, updatedAt: held.endDateTime! };
    expect(plan(tenant([older, held], [], stale))).toEqual([
      { kind: 'recordCredential', secretName: SECRET_NAME, keyId: 'key-held' },
    ]);
  });

  it('replaces the value a stopped run left while its record still says pending, keeps the one held before and removes the one it was storing', () => {
    // The record names key-older as held before; the stopped run was storing key-held.
    const interrupted = {
      ...heldRecord(older),
      recordCurrent: false,
      interruptedKeyId: 'key-held',
    };
    const changes = plan(tenant([older, held], [], interrupted));
    expect(changes).toMatchObject([
      { kind: 'addCredential', reason: 'delivery-interrupted' },
      { kind: 'storeSecret', secretName: SECRET_NAME, replacing: { keyId: 'key-older' } },
      { kind: 'verifyCredential' },
      // Made after the secret's last write: GitHub never held it.
      { kind: 'removeCredential', keyId: 'key-held', reason: 'litter' },
    ]);
    expect(changes).toHaveLength(4);
  });

  // The stopped run wrote the value (the secret is newer than the credential it was storing) and
  // stopped before the record, or GitHub refused the record: GitHub holds that credential.
  const storedThenStopped = {
    ...heldRecord(older),
    updatedAt: new Date(Date.parse(held.startDateTime!) + 60_000).toISOString(),
    recordCurrent: false,
    interruptedKeyId: 'key-held',
  };

  it('keeps the secret a stopped run wrote to GitHub as the overlap, and removes the one held before it', () => {
    const changes = plan(tenant([older, held], [], storedThenStopped), { keep: 1 });
    expect(changes).toMatchObject([
      { kind: 'addCredential', reason: 'delivery-interrupted' },
      { kind: 'storeSecret', secretName: SECRET_NAME, replacing: { keyId: 'key-held' } },
      { kind: 'verifyCredential' },
      { kind: 'removeCredential', keyId: 'key-older', reason: 'superseded' },
    ]);
    expect(changes).toHaveLength(4);
  });

  it('warns, with rotate: never, that GitHub holds no live credential and nothing replaces it', () => {
    const interrupted = {
      ...heldRecord(older),
      recordCurrent: false,
      interruptedKeyId: 'key-held',
    };
    const deleted = { ...heldRecord(held), keyId: 'key-deleted-by-hand' };
    for (const [secret, why] of [
      [interrupted, /A run stopped while storing credential key-held/],
      [deleted, /holds credential key-deleted-by-hand, which the app no longer has/],
    ] as const) {
      const result = planCredential(
        { ...credential, rotate: 'never' },
        tenant([older, held], [], secret),
        NOW,
      );
      expect(result.changes.filter((c) => c.kind === 'addCredential')).toEqual([]);
      expect(result.notices).toContainEqual({
        level: 'warning',
        message: expect.stringMatching(why) as unknown as string,
      });
      expect(result.notices.map((n) => n.message).join('\n')).toMatch(
        /rotate is "never", so nothing replaces it/,
      );
    }
  });

  it('marks the record pending when it replaces an existing secret, and not when the secret is new', () => {
    const rotated = plan(tenant([older, held], [], heldRecord(held)), { rotate: 'always' });
    expect(rotated.find((c) => c.kind === 'storeSecret')).toEqual({
      kind: 'storeSecret',
      secretName: SECRET_NAME,
      replacing: { keyId: 'key-held' },
    });
    const missing = {
      name: SECRET_NAME,
      exists: false,
      updatedAt: null,
      keyId: null,
      recordCurrent: false,
    };
    const first = plan(tenant([], [], missing));
    expect(first.find((c) => c.kind === 'storeSecret')).toEqual({
      kind: 'storeSecret',
      secretName: SECRET_NAME,
    });
  });

  describe('on an app that accepts personal Microsoft accounts (two secrets at most)', () => {
    const personal = 'AzureADandPersonalMicrosoftAccount';

    it('removes the older secret before adding the new one, and keeps the held one until the new one is stored', () => {
      expect(
        plan(tenant([older, held], [], heldRecord(held)), { rotate: 'always', keep: 1 }, personal),
      ).toMatchObject([
        { kind: 'removeCredential', keyId: 'key-older', reason: 'superseded' },
        { ...newSecret, reason: 'forced' },
        ...deliver,
      ]);
    });

    it('removes the held secret only after the new one is stored when keep is 0', () => {
      expect(
        plan(tenant([held], [], heldRecord(held)), { rotate: 'always', keep: 0 }, personal),
      ).toMatchObject([
        { ...newSecret, reason: 'forced' },
        ...deliver,
        { kind: 'removeCredential', keyId: 'key-held', reason: 'superseded' },
      ]);
    });

    it('keeps the secret a stopped run wrote to GitHub until the new one is stored', () => {
      expect(
        plan(tenant([older, held], [], storedThenStopped), { keep: 1 }, personal),
      ).toMatchObject([
        { kind: 'removeCredential', keyId: 'key-older', reason: 'superseded' },
        { ...newSecret, reason: 'delivery-interrupted' },
        { kind: 'storeSecret', secretName: SECRET_NAME, replacing: { keyId: 'key-held' } },
        { kind: 'verifyCredential' },
      ]);
    });

    it('keeps the secret GitHub held before a stopped run until the new one is stored', () => {
      const stoppedBeforeValue = { ...storedThenStopped, updatedAt: heldRecord(older).updatedAt };
      expect(
        plan(tenant([older, held], [], stoppedBeforeValue), { keep: 1 }, personal),
      ).toMatchObject([
        { kind: 'removeCredential', keyId: 'key-held', reason: 'litter' },
        { ...newSecret, reason: 'delivery-interrupted' },
        { kind: 'storeSecret', secretName: SECRET_NAME, replacing: { keyId: 'key-older' } },
        { kind: 'verifyCredential' },
      ]);
    });

    it('stops before any write when a secret it did not create takes the second place', () => {
      const portal = secretCredential('portal', 30, 180, 'Created in the portal');
      expect(() =>
        plan(tenant([held, portal], [], heldRecord(held)), { rotate: 'always' }, personal),
      ).toThrow(
        /at most 2 client secrets.*"Created in the portal" \(keyId portal\) was not created by register-entra-app.*remove it in the Entra admin center/,
      );
    });
  });
});
