import { describe, expect, it } from '@jest/globals';
import { formatPlanText } from '../../src/plan/format-plan.js';
import {
  planSurplusInstances,
  type InstanceApplication,
  type InstanceRequest,
} from '../../src/plan/plan-instances.js';
import { computeInstanceCount } from '../../src/profile/instances.js';

const MANAGED = ['register-entra-app:managed'];
const app = (suffix: string, tags = MANAGED): InstanceApplication => ({
  id: `id-${suffix}`,
  appId: `app-${suffix}`,
  displayName: `Commvault ${suffix}`,
  uniqueName: `commvault-${suffix}`,
  tags,
});
const request = (count: number, prune = true): InstanceRequest => ({
  uniqueName: 'commvault',
  displayName: 'Commvault',
  count,
  prune,
  secretName: 'CV_SECRET',
});

describe('planSurplusInstances', () => {
  const cases: Array<{
    name: string;
    request: InstanceRequest;
    found: InstanceApplication[];
    expected: string[] | null;
  }> = [
    {
      name: 'no surplus when every numbered app is wanted',
      request: request(3),
      found: ['01', '02', '03'].map((s) => app(s)),
      expected: null,
    },
    {
      name: 'deletes the apps numbered above the count',
      request: request(2),
      found: ['01', '02', '03', '04'].map((s) => app(s)),
      expected: ['id-03', 'id-04'],
    },
    {
      name: 'treats every numbered app as surplus when one un-numbered app is wanted',
      request: request(1),
      found: ['01', '02'].map((s) => app(s)),
      expected: ['id-01', 'id-02'],
    },
    {
      name: 'leaves apps without the managed tag alone',
      request: request(1),
      found: [app('01', [])],
      expected: null,
    },
    {
      name: 'leaves names that are not the numbering alone',
      request: request(1),
      found: [
        { ...app('01'), uniqueName: 'commvault-backup' },
        { ...app('02'), uniqueName: 'commvault-123' },
      ],
      expected: null,
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const plan = planSurplusInstances(c.request, c.found);
      expect(
        plan
          ? plan.changes.map((change) =>
              change.kind === 'deleteApplication' ? change.id : change.kind,
            )
          : null,
      ).toEqual(c.expected);
    });
  }

  it('names the GitHub secret of each deleted instance and shows both in the plan text', () => {
    const plan = planSurplusInstances(request(5), [app('06'), app('07')])!;
    expect(formatPlanText(plan)).toBe(
      [
        'Plan for "Commvault (surplus instances)" (existing): 0 to add, 0 to change, 4 to remove',
        '  - application  "Commvault 06" (appId app-06)  (surplus instance)',
        '  - github       secret CV_SECRET_06',
        '  - application  "Commvault 07" (appId app-07)  (surplus instance)',
        '  - github       secret CV_SECRET_07',
      ].join('\n'),
    );
  });

  it('keeps the surplus apps without prune and warns, naming them', () => {
    const plan = planSurplusInstances(request(5, false), [app('06')])!;
    expect(plan.changes).toEqual([]);
    expect(plan.notices).toEqual([
      {
        level: 'warning',
        message: expect.stringContaining(
          '"Commvault 06" (appId app-06). Set prune: true to delete them.',
        ),
      },
    ]);
  });
});

describe('computeInstanceCount', () => {
  const cases = [
    { mailboxes: 0, expected: 5 },
    { mailboxes: 2500, expected: 5 },
    { mailboxes: 2501, expected: 6 },
    { mailboxes: 3500, expected: 6 },
    { mailboxes: 3600, expected: 7 },
    { mailboxes: 22_500, expected: 25 },
  ];
  for (const c of cases) {
    it(`registers ${c.expected} apps for ${c.mailboxes} mailboxes`, () => {
      expect(computeInstanceCount({ mailboxes: c.mailboxes })).toBe(c.expected);
    });
  }
});
