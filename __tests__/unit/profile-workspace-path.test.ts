import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveInWorkspace } from '../../src/profile/read-profile.js';

const root = mkdtempSync(join(tmpdir(), 'rea-ws-'));
const workspace = join(root, 'workspace');
mkdirSync(join(workspace, '.github', 'entra'), { recursive: true });
writeFileSync(join(workspace, '.github', 'entra', 'app.yaml'), 'displayName: A\n');
writeFileSync(join(root, 'outside.yaml'), 'displayName: B\n');
symlinkSync(join(root, 'outside.yaml'), join(workspace, 'escape.yaml'));
symlinkSync(join(workspace, '.github', 'entra', 'app.yaml'), join(workspace, 'inside.yaml'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('resolveInWorkspace', () => {
  it('returns the real path of a file in the workspace, also through a symlink that stays inside', () => {
    expect(resolveInWorkspace(workspace, '.github/entra/app.yaml')).toMatch(/app\.yaml$/);
    expect(resolveInWorkspace(workspace, 'inside.yaml')).toMatch(/app\.yaml$/);
  });

  it('returns undefined for a missing file, so the caller can say it was not found', () => {
    expect(resolveInWorkspace(workspace, 'missing.yaml')).toBeUndefined();
  });

  it.each([
    ['a symbolic link out of the workspace', 'escape.yaml'],
    ['an absolute path elsewhere', join(root, 'outside.yaml')],
    ['a relative path climbing out', '../outside.yaml'],
  ])('refuses %s, naming the profile input', (_name, path) => {
    expect(() => resolveInWorkspace(workspace, path)).toThrow(
      /Invalid profile .*outside the workspace/,
    );
  });
});
