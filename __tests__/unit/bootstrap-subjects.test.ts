import { describe, expect, it } from '@jest/globals';
import {
  listDeployerCredentials,
  listPlannerCredentials,
  toSubjectPrefix,
  type SubjectSource,
} from '../../src/bootstrap/subjects.js';
import { InputError } from '../../src/errors.js';

const defaults = {
  useDefault: true,
  includeClaimKeys: [],
  useImmutableSubject: false,
  subClaimPrefix: null,
};
const request = {
  issuer: 'https://token.actions.githubusercontent.com',
  audience: 'api://AzureADTokenExchange',
  branch: 'main',
  environments: ['entra-admin'],
  pullRequests: true,
};

describe('toSubjectPrefix', () => {
  it.each<{ name: string; source: SubjectSource; expected: string }>([
    {
      name: 'the name-only form when GitHub was not asked',
      source: { owner: 'Contoso', repo: 'm365-apps', ids: null, oidc: null },
      expected: 'repo:Contoso/m365-apps',
    },
    {
      name: 'the name-only form for a repository with the default template',
      source: { owner: 'contoso', repo: 'apps', ids: { ownerId: 1, repoId: 2 }, oidc: defaults },
      expected: 'repo:contoso/apps',
    },
    {
      name: "GitHub's own prefix for a repository with immutable subjects",
      source: {
        owner: 'contoso',
        repo: 'apps',
        ids: { ownerId: 1, repoId: 2 },
        oidc: {
          ...defaults,
          useImmutableSubject: true,
          subClaimPrefix: 'repo:contoso@1234567/apps@890123456',
        },
      },
      expected: 'repo:contoso@1234567/apps@890123456',
    },
    {
      name: 'the ids with @ when GitHub reports immutable subjects without a prefix',
      source: {
        owner: 'contoso',
        repo: 'apps',
        ids: { ownerId: 1234567, repoId: 890123456 },
        oidc: { ...defaults, useImmutableSubject: true },
      },
      expected: 'repo:contoso@1234567/apps@890123456',
    },
  ])('returns $name', ({ source, expected }) => {
    expect(toSubjectPrefix(source)).toBe(expected);
  });

  it('refuses a custom subject template, naming its claim keys', () => {
    const source = {
      owner: 'contoso',
      repo: 'apps',
      ids: null,
      oidc: {
        ...defaults,
        useDefault: false,
        includeClaimKeys: ['repo', 'context', 'job_workflow_ref'],
      },
    };
    expect(() => toSubjectPrefix(source)).toThrow(InputError);
    expect(() => toSubjectPrefix(source)).toThrow('claim keys: repo, context, job_workflow_ref');
  });
});

describe('federated credentials', () => {
  it('gives the deployer one subject per environment and one for the branch, exactly as GitHub issues them', () => {
    expect(listDeployerCredentials('repo:contoso/apps', request)).toEqual([
      {
        name: 'contoso-apps-environment-entra-admin',
        issuer: 'https://token.actions.githubusercontent.com',
        subject: 'repo:contoso/apps:environment:entra-admin',
        audiences: ['api://AzureADTokenExchange'],
        description: 'GitHub Actions: jobs in the environment entra-admin of contoso/apps',
      },
      expect.objectContaining({
        name: 'contoso-apps-branch-main',
        subject: 'repo:contoso/apps:ref:refs/heads/main',
      }),
    ]);
  });

  it('gives the planner the pull request subject and the branch', () => {
    const subjects = listPlannerCredentials('repo:contoso@1/apps@2', request).map((c) => c.subject);
    expect(subjects).toEqual([
      'repo:contoso@1/apps@2:pull_request',
      'repo:contoso@1/apps@2:ref:refs/heads/main',
    ]);
  });

  it('writes names Entra accepts for any branch or environment name, at most 120 characters', () => {
    const long = { ...request, branch: `release/${'x'.repeat(200)}`, environments: ['Prod (EU)'] };
    const names = listDeployerCredentials('repo:contoso@1/apps@2', long).map((c) => c.name);
    expect(names[0]).toBe('contoso-apps-environment-Prod-EU-');
    for (const name of names) expect(name).toMatch(/^[A-Za-z0-9][A-Za-z0-9_-]{0,119}$/);
  });
});
