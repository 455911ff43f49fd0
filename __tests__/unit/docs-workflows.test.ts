import { describe, it, expect } from '@jest/globals';
import {
  checkStepInputs,
  findActionSteps,
  grantsIdToken,
  parseYaml,
  readActionMetadata,
  readDocWorkflows,
} from './docs-checks.js';

const { inputs } = readActionMetadata();
const workflows = readDocWorkflows().map(({ file, text }) => ({
  file,
  text,
  workflow: parseYaml(text, `docs/workflows/${file}`) as Record<string, unknown>,
}));

describe('docs/workflows', () => {
  it('holds the copy-paste workflows the README promises', () => {
    expect(workflows.map((w) => w.file)).toEqual(
      expect.arrayContaining([
        'register-on-push.yml',
        'plan-on-pull-request.yml',
        'scheduled-rotation.yml',
        'drift-check.yml',
        'matrix-tenants.yml',
        'gated-apply.yml',
        'commvault-instances.yml',
      ]),
    );
  });

  it.each(workflows.map((w) => [w.file, w] as const))(
    '%s parses as a workflow with jobs and uses the action',
    (_file, { workflow }) => {
      expect(typeof workflow.name).toBe('string');
      expect(workflow.on).toBeDefined();
      expect(typeof workflow.jobs).toBe('object');
      expect(findActionSteps(workflow).length).toBeGreaterThan(0);
    },
  );

  it.each(workflows.map((w) => [w.file, w] as const))(
    '%s passes only inputs of action.yml, with the required ones and values the action accepts',
    (_file, { workflow }) => {
      const problems = findActionSteps(workflow).flatMap((step) => checkStepInputs(step, inputs));
      expect(problems).toEqual([]);
    },
  );

  it.each(workflows.map((w) => [w.file, w] as const))(
    '%s grants id-token: write to every job that signs in',
    (_file, { workflow }) => {
      const jobs = findActionSteps(workflow).filter((step) => !grantsIdToken(workflow, step.job));
      expect(jobs).toEqual([]);
    },
  );

  it.each(workflows.map((w) => [w.file, w] as const))(
    '%s never passes GITHUB_TOKEN as github-token',
    (_file, { workflow }) => {
      const tokens = findActionSteps(workflow).map((step) =>
        String(step.with['github-token'] ?? ''),
      );
      expect(tokens.filter((t) => /GITHUB_TOKEN|github\.token/.test(t))).toEqual([]);
    },
  );

  it('runs the scheduled rotation daily, in a concurrency group, with rotate auto', () => {
    const { workflow } = workflows.find((w) => w.file === 'scheduled-rotation.yml')!;
    const on = workflow.on as { schedule: Array<{ cron: string }> };
    expect(on.schedule[0].cron).toMatch(/^\d+ \d+ \* \* \*$/);
    expect(workflow.concurrency).toMatchObject({
      group: expect.any(String),
      'cancel-in-progress': false,
    });
    expect(findActionSteps(workflow)[0].with.rotate).toBe('auto');
  });

  it('fails the drift check on drift without applying anything', () => {
    const { workflow } = workflows.find((w) => w.file === 'drift-check.yml')!;
    expect(findActionSteps(workflow)[0].with).toMatchObject({
      mode: 'plan',
      'fail-on-drift': true,
    });
  });

  it('plans on pull requests and only plans', () => {
    const { workflow } = workflows.find((w) => w.file === 'plan-on-pull-request.yml')!;
    expect(Object.keys(workflow.on as object)).toEqual(['pull_request']);
    expect(findActionSteps(workflow).every((step) => step.with.mode === 'plan')).toBe(true);
  });

  it('gates the apply job on a protected environment chosen by the privilege-increase output', () => {
    const { workflow } = workflows.find((w) => w.file === 'gated-apply.yml')!;
    const jobs = workflow.jobs as Record<string, { environment?: string; needs?: string }>;
    expect(jobs.apply.needs).toBe('plan');
    expect(jobs.apply.environment).toContain('needs.plan.outputs.privilege-increase');
  });

  it('feeds a job matrix from the apps output of the Commvault instances', () => {
    const { workflow } = workflows.find((w) => w.file === 'commvault-instances.yml')!;
    const jobs = workflow.jobs as Record<
      string,
      { outputs?: Record<string, string>; strategy?: { matrix?: Record<string, unknown> } }
    >;
    expect(jobs.register.outputs?.apps).toContain('outputs.apps');
    expect(String(jobs.configure.strategy?.matrix?.app)).toContain(
      'fromJSON(needs.register.outputs.apps)',
    );
  });
});

describe('the with: check itself', () => {
  const base = {
    'tenant-id': '${{ vars.ENTRA_TENANT_ID }}',
    'client-id': '${{ vars.ENTRA_DEPLOYER_CLIENT_ID }}',
    profile: 'codetwo-backup-exchange',
  };
  const cases: Array<{ name: string; with: Record<string, unknown>; expected: RegExp | null }> = [
    { name: 'accepts a minimal step', with: base, expected: null },
    {
      name: 'refuses a key that is not an input',
      with: { ...base, 'secret-names': 'X' },
      expected: /'secret-names' is not an input/,
    },
    {
      name: 'refuses a step without a required input',
      with: { profile: 'codetwo-backup-exchange', 'client-id': 'x' },
      expected: /required input 'tenant-id'/,
    },
    {
      name: 'refuses a mode the action does not know',
      with: { ...base, mode: 'dry-run' },
      expected: /Invalid mode 'dry-run'/,
    },
    {
      name: 'refuses a boolean the action does not read',
      with: { ...base, 'fail-on-drift': 'yes' },
      expected: /Invalid fail-on-drift 'yes'/,
    },
    {
      name: 'lets an expression stand for a value',
      with: { ...base, mode: '${{ inputs.mode }}' },
      expected: null,
    },
  ];
  it.each(cases)('$name', ({ with: values, expected }) => {
    const problems = checkStepInputs(
      { uses: 'org/register-entra-app@v1', with: values, job: null },
      inputs,
    );
    if (expected) expect(problems.join('\n')).toMatch(expected);
    else expect(problems).toEqual([]);
  });
});
