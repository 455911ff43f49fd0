import { describe, it, expect } from '@jest/globals';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadProfile } from '../../src/profile/load-profile.js';
import { createProfileSource } from '../../src/profile/read-profile.js';
import {
  checkStepInputs,
  findActionSteps,
  grantsIdToken,
  listBuiltinProfiles,
  listFencedBlocks,
  normalizeSpace,
  parseYaml,
  readActionMetadata,
  readDocWorkflows,
  readTableUnderHeading,
  ROOT,
  unquoteCode,
} from './docs-checks.js';

const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const { inputs, outputs } = readActionMetadata();
const yamlBlocks = listFencedBlocks(readme).filter((b) => b.lang === 'yaml' || b.lang === 'yml');
const parsedBlocks = yamlBlocks.map((block) => ({
  ...block,
  value: parseYaml(block.text, `README.md line ${block.line}`),
}));

describe('README.md', () => {
  it('gives the two commands that work on a fresh clone', () => {
    expect(readme).toContain('npm ci && npm run demo');
    expect(readme).toContain('npm ci && npm test');
    const scripts = (
      JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
        scripts: Record<string, string>;
      }
    ).scripts;
    for (const name of ['demo', 'test', 'cloud', 'build', 'check-dist', 'typecheck'])
      expect(scripts[name]).toBeDefined();
  });

  it('lists exactly the inputs of action.yml, with their required flag, default and description', () => {
    const rows = readTableUnderHeading(readme, 'Inputs').map(
      ([name, required, fallback, description]) => ({
        name: unquoteCode(name),
        required: required === 'yes',
        default: unquoteCode(fallback ?? ''),
        description: normalizeSpace(description ?? ''),
      }),
    );
    expect(rows).toEqual(inputs);
  });

  it('lists exactly the outputs of action.yml, with their descriptions', () => {
    const rows = readTableUnderHeading(readme, 'Outputs').map(([name, description]) => ({
      name: unquoteCode(name),
      description: normalizeSpace(description ?? ''),
    }));
    expect(rows).toEqual(outputs.map(({ name, description }) => ({ name, description })));
  });

  it('documents every built-in profile', () => {
    const table = readTableUnderHeading(readme, 'Built-in profiles').map(([name]) =>
      unquoteCode(name),
    );
    expect(table.sort()).toEqual(listBuiltinProfiles());
  });

  it('links every copy-paste workflow', () => {
    for (const { file } of readDocWorkflows()) expect(readme).toContain(`(docs/workflows/${file})`);
  });

  it('links the generated profile reference', () => {
    expect(readme).toContain('(docs/profile-reference.md)');
  });

  it('has yaml examples that all parse', () => {
    expect(parsedBlocks.length).toBeGreaterThan(0);
  });

  it.each(
    parsedBlocks
      .filter((b) => findActionSteps(b.value).length > 0)
      .map((b) => [b.line, b] as const),
  )(
    'the workflow or step at line %i passes only inputs of action.yml, with the required ones and values the action accepts',
    (_line, block) => {
      const problems = findActionSteps(block.value).flatMap((step) =>
        checkStepInputs(step, inputs),
      );
      expect(problems).toEqual([]);
    },
  );

  it.each(
    parsedBlocks
      .filter((b) => isWorkflow(b.value) && findActionSteps(b.value).length > 0)
      .map((b) => [b.line, b] as const),
  )('the workflow at line %i grants id-token: write to the jobs that sign in', (_line, block) => {
    const workflow = block.value as Record<string, unknown>;
    expect(findActionSteps(workflow).filter((step) => !grantsIdToken(workflow, step.job))).toEqual(
      [],
    );
  });

  it.each(parsedBlocks.filter((b) => isProfile(b.value)).map((b) => [b.line, b] as const))(
    'the profile at line %i is a valid profile',
    (_line, block) => {
      const workspace = mkdtempSync(join(tmpdir(), 'rea-readme-'));
      const spec = loadProfile(
        { app: block.text, vars: {}, workspace },
        createProfileSource(workspace),
      );
      expect(spec.displayName.length).toBeGreaterThan(0);
    },
  );
});

function isWorkflow(value: unknown): boolean {
  return typeof value === 'object' && value !== null && 'jobs' in value;
}

function isProfile(value: unknown): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    ('displayName' in value || 'extends' in value)
  );
}
