import { describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import {
  DEFAULT_CATALOG_PATH,
  generatePermissionTable,
  TABLE_PATH,
} from '../../scripts/generate-permission-table.js';
import { findBuiltInResource } from '../../src/model/built-in-permissions.js';
import { BUILT_IN_TABLE_SOURCE } from '../../src/model/first-party-permissions.generated.js';
import { FIRST_PARTY_RESOURCES } from '../../src/model/well-known.js';
import { classifyPermission } from '../../src/plan/privilege.js';

const GRAPH = '00000003-0000-0000-c000-000000000000';
const EXCHANGE = '00000002-0000-0ff1-ce00-000000000000';
const SHAREPOINT = '00000003-0000-0ff1-ce00-000000000000';
const catalogPath = process.env.PERMISSION_CATALOG ?? DEFAULT_CATALOG_PATH;

const find = (appId: string, kind: 'application' | 'delegated', value: string) =>
  findBuiltInResource(appId)?.permissions.filter((p) => p.kind === kind && p.value === value);

describe('the built-in first-party permission table', () => {
  it('is what scripts/generate-permission-table.ts generates from the permission catalog', () => {
    // The catalog lives beside the repository (../shared/reference); without it, the recorded
    // digest still ties the committed table to one catalog.
    const catalog = existsSync(catalogPath) ? readFileSync(catalogPath, 'utf8') : null;
    const committed = readFileSync(TABLE_PATH, 'utf8');
    if (catalog) expect(committed).toBe(generatePermissionTable(catalog));
    expect(committed).toContain(`SHA-256 ${BUILT_IN_TABLE_SOURCE.catalogSha256.slice(0, 16)}`);
    expect(BUILT_IN_TABLE_SOURCE.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('covers exactly the first-party resources the action knows by name', () => {
    for (const appId of Object.values(FIRST_PARTY_RESOURCES))
      expect(findBuiltInResource(appId)?.permissions.length).toBeGreaterThan(40);
    expect(findBuiltInResource('11111111-2222-3333-4444-555555555555')).toBeUndefined();
  });

  it.each([
    {
      name: 'Graph User.Read.All role',
      appId: GRAPH,
      kind: 'application',
      value: 'User.Read.All',
      id: 'df021288-bdef-4463-88db-98f22de89214',
    },
    {
      name: 'Graph User.Read.All scope',
      appId: GRAPH,
      kind: 'delegated',
      value: 'User.Read.All',
      id: 'a154be20-db9c-4678-8ab7-66f6cc099a59',
    },
    {
      name: 'Graph Group.Read.All scope',
      appId: GRAPH,
      kind: 'delegated',
      value: 'Group.Read.All',
      id: '5f8c59db-677d-491f-a6b8-5f174b11ec1d',
    },
    {
      name: 'SharePoint reuses Graph’s User.Read.All id',
      appId: SHAREPOINT,
      kind: 'application',
      value: 'User.Read.All',
      id: 'df021288-bdef-4463-88db-98f22de89214',
    },
    {
      name: 'Exchange full_access_as_app',
      appId: EXCHANGE,
      kind: 'application',
      value: 'full_access_as_app',
      id: 'dc890d15-9560-4a4c-9b7f-a736ec74ec40',
    },
  ] as const)('holds Microsoft’s id: $name', ({ appId, kind, value, id }) => {
    expect(find(appId, kind, value)?.map((p) => p.id)).toEqual([id]);
  });

  it('records whether admin consent is required, unknown where no source says', () => {
    expect(find(GRAPH, 'application', 'Mail.ReadWrite')?.[0]?.adminConsentRequired).toBe(true);
    expect(find(GRAPH, 'delegated', 'User.Read')?.[0]?.adminConsentRequired).toBe(false);
    expect(find(GRAPH, 'delegated', 'Directory.Read.All')?.[0]?.adminConsentRequired).toBe(true);
    expect(
      find(EXCHANGE, 'delegated', 'EWS.AccessAsUser.All')?.[0]?.adminConsentRequired,
    ).toBeNull();
  });

  it('keeps both ids of a value Exchange publishes twice', () => {
    expect(find(EXCHANGE, 'delegated', 'User.ReadBasic.All')).toHaveLength(2);
  });

  it('gives every permission the privilege level the planner assigns', () => {
    for (const appId of Object.values(FIRST_PARTY_RESOURCES))
      for (const p of findBuiltInResource(appId)!.permissions)
        expect([p.value, p.level]).toEqual([p.value, classifyPermission(p.kind, p.value)]);
    expect(find(EXCHANGE, 'application', 'full_access_as_app')?.[0]?.level).toBe('high');
    expect(find(GRAPH, 'delegated', 'User.Read')?.[0]?.level).toBe('normal');
  });
});
