import { describe, expect, it } from '@jest/globals';
import { toResourceServicePrincipal } from '../../src/graph/graph-shapes.js';
import type { Application, ResourceServicePrincipal } from '../../src/model/graph-types.js';
import { findBuiltInMisses, type BuiltInMissInput } from '../../src/profile/built-in-misses.js';
import type { ProfileSpec } from '../../src/profile/types.js';

const GRAPH = '00000003-0000-0000-c000-000000000000';
const USER_READ_ALL = 'df021288-bdef-4463-88db-98f22de89214';
const UNKNOWN_ROLE = '0f0f0f0f-0000-4000-8000-000000000001';

// Read with $select=id,appId,displayName: the lists come from the built-in table.
const graph = toResourceServicePrincipal({
  id: 'sp-graph',
  appId: GRAPH,
  displayName: 'Microsoft Graph',
});
const customApi: ResourceServicePrincipal = {
  id: 'sp-orders',
  appId: '6f1c2d3e-4a5b-4c6d-8e9f-a0b1c2d3e4f5',
  displayName: 'Contoso Orders API',
  appRoles: [],
  oauth2PermissionScopes: [],
};

function spec(application: string[], delegated: string[] = []): ProfileSpec {
  return {
    permissions: [{ resource: 'Microsoft Graph', application, delegated }],
  } as unknown as ProfileSpec;
}

function input(
  overrides: Partial<BuiltInMissInput['observed']> = {},
  refused?: Map<string, string>,
): BuiltInMissInput {
  return {
    resourcesByKey: new Map([['Microsoft Graph', graph]]),
    observed: { application: null, appRoleAssignments: [], resources: [graph], ...overrides },
    refused,
  };
}

const appWithAccess = (id: string) =>
  ({
    requiredResourceAccess: [{ resourceAppId: GRAPH, resourceAccess: [{ id, type: 'Role' }] }],
  }) as Application;

describe('findBuiltInMisses', () => {
  it('marks a first-party resource read without its lists as table-backed', () => {
    expect(graph.permissionsFrom).toBe('built-in table');
    expect(graph.appRoles.find((r) => r.value === 'User.Read.All')?.id).toBe(USER_READ_ALL);
  });

  it.each([
    {
      name: 'names the table holds',
      spec: spec(['User.Read.All'], ['User.Read']),
      input: input(),
      reasons: [],
    },
    {
      name: 'a name the table lacks',
      spec: spec(['Contoso.New.All']),
      input: input(),
      reasons: ['Contoso.New.All (application) is not in it'],
    },
    {
      name: 'a delegated name asked as application',
      spec: spec(['User.Read']),
      input: input(),
      reasons: ['User.Read (application) is not in it'],
    },
    {
      name: 'consent for a role the table lacks',
      spec: spec(['User.Read.All']),
      input: input({
        appRoleAssignments: [
          { id: 'a1', appRoleId: UNKNOWN_ROLE, principalId: 'p', resourceId: 'sp-graph' },
        ],
      }),
      reasons: [`the app holds consent for app role ${UNKNOWN_ROLE}, which it lacks`],
    },
    {
      name: 'a requested id the table lacks',
      spec: spec(['User.Read.All']),
      input: input({ application: appWithAccess(UNKNOWN_ROLE) }),
      reasons: [`the app requests app role ${UNKNOWN_ROLE}, which it lacks`],
    },
    {
      name: 'a requested id the table holds',
      spec: spec(['User.Read.All']),
      input: input({ application: appWithAccess(USER_READ_ALL) }),
      reasons: [],
    },
    {
      name: 'a role Graph refused',
      spec: spec(['User.Read.All']),
      input: input(
        {},
        new Map([[GRAPH, 'Graph answered "Permission being assigned was not found"']]),
      ),
      reasons: ['Graph answered "Permission being assigned was not found"'],
    },
  ])('$name', ({ spec, input, reasons }) => {
    const misses = findBuiltInMisses(spec, input);
    expect(misses.flatMap((m) => m.reasons)).toEqual(reasons);
    for (const miss of misses) expect(miss.resource.id).toBe('sp-graph');
  });

  it('leaves a resource whose lists came from the tenant alone', () => {
    const misses = findBuiltInMisses(
      {
        permissions: [
          { resource: 'Contoso Orders API', application: ['Orders.Read.All'], delegated: [] },
        ],
      } as unknown as ProfileSpec,
      {
        resourcesByKey: new Map([['Contoso Orders API', customApi]]),
        observed: { application: null, appRoleAssignments: [], resources: [customApi] },
      },
    );
    expect(misses).toEqual([]);
  });
});
