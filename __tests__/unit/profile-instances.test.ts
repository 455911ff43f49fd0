import { describe, it, expect } from '@jest/globals';
import { loadProfile } from '../../src/profile/load-profile.js';
import { computeInstanceCount, expandInstances } from '../../src/profile/instances.js';
import { findClosestNames } from '../../src/profile/closest-names.js';

const noBuiltins = {
  readBuiltin: () => undefined,
  listBuiltins: () => [],
  readWorkspaceFile: () => undefined,
};

describe('computeInstanceCount', () => {
  const cases = [
    { name: 'no instances', instances: null, expected: 1 },
    { name: 'a count', instances: { count: 3 }, expected: 3 },
    { name: 'few mailboxes', instances: { mailboxes: 100 }, expected: 5 },
    { name: '2,500 mailboxes', instances: { mailboxes: 2500 }, expected: 5 },
    { name: '2,501 mailboxes', instances: { mailboxes: 2501 }, expected: 6 },
    { name: '3,500 mailboxes', instances: { mailboxes: 3500 }, expected: 6 },
    { name: '3,501 mailboxes', instances: { mailboxes: 3501 }, expected: 7 },
    { name: '10,000 mailboxes', instances: { mailboxes: 10000 }, expected: 13 },
  ];
  it.each(cases)('gives $expected apps for $name', ({ instances, expected }) => {
    expect(computeInstanceCount(instances)).toBe(expected);
  });
});

describe('expandInstances', () => {
  it('leaves a single app unnumbered', () => {
    const spec = loadProfile(
      { app: 'displayName: Contoso Backup\n', vars: {}, workspace: '/w' },
      noBuiltins,
    );
    expect(expandInstances(spec)).toEqual([{ spec, suffix: null }]);
  });

  it('numbers several apps with two digits in displayName and uniqueName', () => {
    const spec = loadProfile(
      {
        app: 'displayName: Contoso Backup\ninstances: { mailboxes: 2501 }\n',
        vars: {},
        workspace: '/w',
      },
      noBuiltins,
    );
    const apps = expandInstances(spec);
    expect(apps.map((app) => [app.suffix, app.spec.displayName, app.spec.uniqueName])).toEqual([
      ['01', 'Contoso Backup 01', 'contoso-backup-01'],
      ['02', 'Contoso Backup 02', 'contoso-backup-02'],
      ['03', 'Contoso Backup 03', 'contoso-backup-03'],
      ['04', 'Contoso Backup 04', 'contoso-backup-04'],
      ['05', 'Contoso Backup 05', 'contoso-backup-05'],
      ['06', 'Contoso Backup 06', 'contoso-backup-06'],
    ]);
    expect(apps.every((app) => app.spec.instances === null)).toBe(true);
  });

  it('takes the mailbox count from a variable', () => {
    const app =
      'displayName: Contoso Backup\nvars:\n  mailboxes: { default: 2500 }\ninstances:\n  mailboxes: ${{ vars.mailboxes }}\n';
    expect(
      expandInstances(
        loadProfile({ app, vars: { mailboxes: '4000' }, workspace: '/w' }, noBuiltins),
      ),
    ).toHaveLength(7);
    expect(
      expandInstances(loadProfile({ app, vars: {}, workspace: '/w' }, noBuiltins)),
    ).toHaveLength(5);
  });
});

describe('findClosestNames', () => {
  const cases = [
    {
      name: 'case only',
      target: 'user.read.all',
      candidates: ['User.Read.All', 'User.Read'],
      expected: ['User.Read.All'],
    },
    {
      name: 'a prefix',
      target: 'User.ReadWrite',
      candidates: ['User.ReadWrite.All', 'Group.ReadWrite.All'],
      expected: ['User.ReadWrite.All'],
    },
    {
      name: 'a typo',
      target: 'permisions',
      candidates: ['permissions', 'description', 'tags'],
      expected: ['permissions'],
    },
    { name: 'nothing close', target: 'zzz', candidates: ['permissions', 'tags'], expected: [] },
    {
      name: 'several, closest first',
      target: 'Mail.Read',
      candidates: ['Mail.ReadWrite', 'Mail.Send', 'Mail.ReadBasic'],
      expected: ['Mail.ReadBasic', 'Mail.ReadWrite', 'Mail.Send'],
    },
  ];
  it.each(cases)('suggests for $name', ({ target, candidates, expected }) => {
    expect(findClosestNames(target, candidates)).toEqual(expected);
  });
});
