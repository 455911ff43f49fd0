// Several profiles in one run (APIs before their clients) and the resolution of the principals
// owners and assignments name.
import { describe, expect, it } from '@jest/globals';
import { InputError } from '../../src/errors.js';
import { loadProfile } from '../../src/profile/load-profile.js';
import { orderByDependency, splitProfileInput } from '../../src/profile/run-order.js';
import { resolveDirectory, toDirectoryQuery } from '../../src/profile/resolve-directory.js';
import type { ProfileSpec } from '../../src/profile/types.js';

const TENANT = '11111111-2222-3333-4444-555555555555';
const NO_FILES = {
  readBuiltin: () => undefined,
  listBuiltins: () => [],
  readWorkspaceFile: () => undefined,
};
const load = (app: string): ProfileSpec =>
  loadProfile({ app, vars: {}, workspace: '/w', tenantId: TENANT }, NO_FILES);

const api = load(`displayName: Orders API\nidentifierUris: [api://${TENANT}/orders]\n`);
const byUri = load(
  `displayName: By URI\npermissions:\n  - resource: api://${TENANT}/orders\n    delegated: [x]\n`,
);
const byName = load(
  'displayName: By Name\npermissions:\n  - resource: orders api\n    delegated: [x]\n',
);

describe('orderByDependency', () => {
  it('puts an API before the clients that name it by identifier URI or display name', () => {
    const ordered = orderByDependency([byUri, byName, api].map((spec) => ({ spec })));
    expect(ordered.map((t) => [t.spec.uniqueName, t.dependsOn])).toEqual([
      ['orders-api', []],
      ['by-uri', ['orders-api']],
      ['by-name', ['orders-api']],
    ]);
  });

  it('refuses two profiles that ask for each other’s permissions', () => {
    const a = load('displayName: A\npermissions:\n  - resource: B\n    delegated: [x]\n');
    const b = load('displayName: B\npermissions:\n  - resource: A\n    delegated: [x]\n');
    expect(() => orderByDependency([{ spec: a }, { spec: b }])).toThrow(InputError);
  });

  it('reads one profile per non-empty line of the profile input', () => {
    expect(splitProfileInput(' api.yaml\n\nclient.yaml \n')).toEqual(['api.yaml', 'client.yaml']);
  });
});

describe('assignments in the schema', () => {
  it.each([
    ['names no principal', '  - role: Portal.Admin\n'],
    ['names two principals', '  - user: alice@contoso.example\n    group: Admins\n'],
  ])('reports one problem when an assignment %s', (_name, entry) => {
    expect(() => load(`displayName: Portal\nassignments:\n${entry}`)).toThrow(
      /^Invalid profile input app \(1 problem\):\n.*assignments\[0\]: a mapping is not valid; expected exactly one of user, group or servicePrincipal/,
    );
  });
});

describe('resolveDirectory', () => {
  const spec = load(
    'displayName: Portal\nowners: [alice@contoso.example]\nassignments:\n  - group: Admins\n  - servicePrincipal: Worker\n',
  );

  it('reads the principals once each and the deployer only when owners are managed', () => {
    expect(toDirectoryQuery(spec, 'deployer-app')).toEqual({
      principals: [
        { type: 'user', name: 'alice@contoso.example' },
        { type: 'group', name: 'Admins' },
        { type: 'servicePrincipal', name: 'Worker' },
      ],
      deployerAppId: 'deployer-app',
      owners: true,
      assignments: true,
    });
  });

  it('reports a name that matches nothing and one that matches several, at their keys', () => {
    const problems: string[] = [];
    resolveDirectory(
      spec,
      {
        principals: [
          {
            ref: { type: 'user', name: 'alice@contoso.example' },
            matches: [{ id: 'u1', type: 'user', displayName: 'Alice' }],
          },
          { ref: { type: 'group', name: 'Admins' }, matches: [] },
          {
            ref: { type: 'servicePrincipal', name: 'Worker' },
            matches: [
              { id: 's1', type: 'servicePrincipal', displayName: 'Worker' },
              { id: 's2', type: 'servicePrincipal', displayName: 'Worker' },
            ],
          },
        ],
        deployerId: null,
        appRoles: [],
        plannedRoles: [],
      },
      (path, message) => problems.push(`${path.join('.')}: ${message}`),
    );
    expect(problems).toEqual([
      'assignments.0.group: group "Admins" is not in the tenant; expected the display name or object ID of a group in the tenant.',
      "assignments.1.servicePrincipal: 'Worker' names 2 service principals (object IDs s1, s2); expected the object ID of the one meant.",
    ]);
  });
});
