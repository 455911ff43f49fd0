// The scheduled-rotation workflow the README offers: it parses, passes only inputs action.yml has,
// and its step, run against the local cloud day after day, rotates when the secret nears expiry.
import { describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';
import type { LocalCloud } from '@register-entra-app/local-cloud';
import {
  REPOSITORY,
  requestTokenWithSecret,
  useLocalCloud,
} from '@register-entra-app/local-cloud/testing';
import { REPO_ROOT, runAction } from '@register-entra-app/local-cloud/runner';

interface Step {
  id?: string;
  uses?: string;
  with?: Record<string, unknown>;
}
interface Workflow {
  on: { schedule?: Array<{ cron: string }> };
  permissions?: Record<string, string>;
  concurrency?: { group?: string; 'cancel-in-progress'?: boolean };
  jobs: Record<string, { permissions?: Record<string, string>; steps: Step[] }>;
}

const handle = useLocalCloud();
const workflow = parse(
  readFileSync(join(REPO_ROOT, 'docs/workflows/scheduled-rotation.yml'), 'utf8'),
) as Workflow;
const action = parse(readFileSync(join(REPO_ROOT, 'action.yml'), 'utf8')) as {
  inputs: Record<string, { required?: boolean }>;
};
const steps = Object.values(workflow.jobs).flatMap((job) =>
  job.steps.filter((step) => (step.uses ?? '').includes('register-entra-app@')),
);
const step = steps[0];

/** The step's inputs as the runner passes them, with the workflow's expressions filled from the local cloud. */
function toInputs(cloud: LocalCloud): Record<string, string> {
  const cloudInputs = cloud.actionInputs();
  const values: Record<string, string> = {};
  for (const [name, value] of Object.entries(step.with ?? {})) {
    const text = String(value);
    if (!text.includes('${{')) values[name] = text;
    else if (name === 'github-token') values[name] = cloud.githubToken;
    else if (cloudInputs[name]) values[name] = cloudInputs[name];
    else throw new Error(`No local value for the expression of input ${name}: ${text}`);
  }
  return {
    ...values,
    'authority-host': cloudInputs['authority-host'],
    'graph-endpoint': cloudInputs['graph-endpoint'],
  };
}

/** A workspace holding the step's profile file (a copy of the built-in profile it is named after), when it names a file. */
function createWorkspace(): string {
  const workspace = mkdtempSync(join(tmpdir(), 'rea-scheduled-'));
  const profile = String(step.with?.profile ?? '');
  if (/\.ya?ml$/.test(profile)) {
    mkdirSync(dirname(join(workspace, profile)), { recursive: true });
    writeFileSync(
      join(workspace, profile),
      readFileSync(join(REPO_ROOT, 'profiles/codetwo-backup-exchange.yaml'), 'utf8'),
    );
  }
  return workspace;
}

describe('docs/workflows/scheduled-rotation.yml', () => {
  it('runs daily on a schedule, one run at a time, with id-token: write', () => {
    expect(workflow.on.schedule?.[0]?.cron).toMatch(/^\S+ \S+ \* \* \*$/);
    expect(workflow.concurrency?.group).toBeTruthy();
    expect(workflow.concurrency?.['cancel-in-progress']).not.toBe(true);
    const job = Object.values(workflow.jobs)[0];
    expect(job.permissions?.['id-token'] ?? workflow.permissions?.['id-token']).toBe('write');
    expect(steps).toHaveLength(1);
  });

  it('passes only inputs that action.yml declares, with every required one and a token that can write secrets', () => {
    const given = Object.keys(step.with ?? {});
    expect(given.filter((name) => !(name in action.inputs))).toEqual([]);
    const required = Object.entries(action.inputs)
      .filter(([, input]) => input.required)
      .map(([name]) => name);
    expect(required.filter((name) => !given.includes(name))).toEqual([]);
    expect(given).toEqual(expect.arrayContaining(['secret-name', 'github-token', 'rotate']));
    expect(String(step.with?.['github-token'])).not.toMatch(/GITHUB_TOKEN|github\.token/);
  });

  it('stores a secret on the first day, does nothing while it is fresh, and rotates it once it nears expiry', async () => {
    const { cloud } = handle;
    const workspace = createWorkspace();
    try {
      const inputs = toInputs(cloud);
      const secretName = inputs['secret-name'];
      const first = await runAction(cloud, inputs, { workspace });
      expect(first.code).toBe(0);
      const app = cloud.tenant.applicationByAppId(first.outputs['client-id'])!;
      expect(app.passwordCredentials).toHaveLength(1);

      cloud.log.clear();
      const fresh = await runAction(cloud, inputs, { workspace });
      expect(fresh.code).toBe(0);
      expect([...cloud.log.writes('graph'), ...cloud.log.writes('github')]).toEqual([]);

      const days = Number(inputs['rotate-days-before-expiry'] ?? 30);
      app.passwordCredentials[0].endDateTime = new Date(
        Date.now() + (days - 1) * 86_400_000,
      ).toISOString();
      const rotated = await runAction(cloud, inputs, { workspace });
      expect(rotated.code).toBe(0);
      expect(app.passwordCredentials).toHaveLength(2);
      const stored = cloud.github.secretValue(REPOSITORY, secretName)!;
      expect(app.passwordCredentials.find((c) => c._secret === stored)?.keyId).toBe(
        rotated.outputs['credential-id'],
      );
      expect((await requestTokenWithSecret(cloud, app.appId, stored)).ok).toBe(true);
    } finally {
      rmSync(workspace, { recursive: true, force: true });
    }
  });
});
