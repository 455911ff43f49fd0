import { describe, expect, it } from '@jest/globals';
import {
  computeGitHubPlan,
  formatGitHubPlan,
  type GitHubDesired,
} from '../../src/bootstrap/github-setup.js';
import { formatReport } from '../../src/bootstrap/report.js';
import { formatStarterWorkflow, toWorkflowPath } from '../../src/bootstrap/starter-workflow.js';
import {
  checkStepInputs,
  findActionSteps,
  grantsIdToken,
  parseYaml,
  readActionMetadata,
} from './docs-checks.js';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const CLIENT = '11111111-2222-3333-4444-555555555555';
const workflowText = formatStarterWorkflow({
  profile: 'codetwo-backup-exchange',
  environment: 'entra-admin',
  branch: 'main',
  secretName: 'CODETWO_BACKUP_EXCHANGE_CLIENT_SECRET',
});

describe('starter workflow', () => {
  it.each([
    ['with an environment and a secret', workflowText],
    [
      'on a branch, without a credential',
      formatStarterWorkflow({ profile: 'x', environment: null, branch: 'main', secretName: null }),
    ],
  ])('%s passes only inputs of action.yml and grants id-token: write', (_name, text) => {
    const workflow = parseYaml(text, 'starter') as Record<string, unknown>;
    const steps = findActionSteps(workflow);
    expect(steps).toHaveLength(1);
    expect(checkStepInputs(steps[0], readActionMetadata().inputs)).toEqual([]);
    expect(grantsIdToken(workflow, steps[0].job)).toBe(true);
  });

  it('runs in the environment whose subject the deployer trusts, else only on the branch', () => {
    expect(workflowText).toContain('    environment: entra-admin\n');
    const branchOnly = formatStarterWorkflow({
      profile: 'x',
      environment: null,
      branch: 'release',
      secretName: null,
    });
    expect(branchOnly).toContain("    if: github.ref == 'refs/heads/release'\n");
  });
});

describe('GitHub setup plan', () => {
  const desired: GitHubDesired = {
    variables: [
      { name: 'ENTRA_TENANT_ID', value: TENANT },
      { name: 'ENTRA_DEPLOYER_CLIENT_ID', value: CLIENT },
    ],
    environments: ['entra-admin'],
    file: { path: toWorkflowPath('codetwo-backup-exchange'), branch: 'main', text: workflowText },
  };

  it('has no changes when the repository holds everything', () => {
    const plan = computeGitHubPlan(desired, {
      variables: new Map([
        ['ENTRA_TENANT_ID', TENANT],
        ['ENTRA_DEPLOYER_CLIENT_ID', CLIENT],
      ]),
      environments: new Map([['entra-admin', true]]),
      file: { text: workflowText, sha: 'abc' },
    });
    expect(plan).toEqual({ changes: [], keptFile: null });
    expect(formatGitHubPlan(plan, 'contoso/apps')).toEqual([
      'Plan for GitHub repository contoso/apps: no changes',
    ]);
  });

  it('updates a variable that differs, creates what is missing and keeps an edited workflow', () => {
    const plan = computeGitHubPlan(
      {
        ...desired,
        variables: [...desired.variables, { name: 'ENTRA_PLANNER_CLIENT_ID', value: null }],
      },
      {
        variables: new Map([
          ['ENTRA_TENANT_ID', TENANT],
          ['ENTRA_DEPLOYER_CLIENT_ID', 'old'],
          ['ENTRA_PLANNER_CLIENT_ID', null],
        ]),
        environments: new Map([['entra-admin', false]]),
        file: { text: `${workflowText}# edited\n`, sha: 'abc' },
      },
    );
    expect(formatGitHubPlan(plan, 'contoso/apps')).toEqual([
      'Plan for GitHub repository contoso/apps: 3 to add or change',
      `  ~ github      variable ENTRA_DEPLOYER_CLIENT_ID = ${CLIENT}`,
      '  + github      variable ENTRA_PLANNER_CLIENT_ID = (known after apply)',
      '  + github      environment entra-admin',
      '  = github      file .github/workflows/entra-codetwo-backup-exchange.yml differs from the starter workflow; kept as it is',
    ]);
  });
});

describe('report', () => {
  it('names the first-party service principals only an administrator creates', () => {
    const lines = formatReport({
      repository: 'contoso/apps',
      tenantId: TENANT,
      deployerClientId: CLIENT,
      plannerClientId: null,
      wroteGitHub: true,
      environments: [],
      workflow: null,
      keptFile: null,
      subjectFormUnknown: false,
      missingResources: [
        { name: 'Office 365 Exchange Online', appId: '00000002-0000-0ff1-ce00-000000000000' },
      ],
    });
    expect(lines).toContain(
      '  - The tenant has no service principal for Office 365 Exchange Online (00000002-0000-0ff1-ce00-000000000000), ' +
        'which the profile needs; an administrator creates it: az ad sp create --id 00000002-0000-0ff1-ce00-000000000000',
    );
  });
});
