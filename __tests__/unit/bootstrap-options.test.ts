import { describe, expect, it } from '@jest/globals';
import { completeOptions, listGivenFlags } from '../../src/bootstrap/complete-options.js';
import { parseBootstrapArgs, toOidcIssuer } from '../../src/bootstrap/options.js';
import type { Terminal } from '../../src/bootstrap/terminal.js';
import { InputError } from '../../src/errors.js';

describe('parseBootstrapArgs', () => {
  it('applies the documented defaults', () => {
    expect(parseBootstrapArgs(['--repo', 'octo-org/octo-repo'], {})).toMatchObject({
      repository: { owner: 'octo-org', repo: 'octo-repo' },
      branch: 'main',
      environments: [],
      pullRequests: false,
      cloud: 'AzurePublicCloud',
      githubApiUrl: 'https://api.github.com',
      githubToken: null,
      authorityHost: null,
      yes: false,
      planOnly: false,
    });
  });

  it("takes azure/login's cloud names in any case, like the action's cloud input", () => {
    const cloud = (name: string) =>
      parseBootstrapArgs(['--repo', 'octo-org/octo-repo', '--cloud', name], {}).cloud;
    expect(cloud('AzureCloud')).toBe('AzurePublicCloud');
    expect(cloud('azureusgovernment')).toBe('AzureUSGovernment');
    expect(cloud('AZURECHINACLOUD')).toBe('AzureChinaCloud');
  });

  it('takes repeated environments once each, the token from GH_TOKEN and the authority host from AZURE_AUTHORITY_HOST', () => {
    const options = parseBootstrapArgs(
      ['--environment', 'prod', '--environment', 'staging', '--environment', 'prod', '-y'],
      {
        GH_TOKEN: 'ghp_x',
        AZURE_AUTHORITY_HOST: 'https://login.microsoftonline.us',
        GITHUB_API_URL: 'https://ghe.example/api/v3/',
      },
    );
    expect(options).toMatchObject({
      environments: ['prod', 'staging'],
      githubToken: 'ghp_x',
      authorityHost: 'https://login.microsoftonline.us',
      githubApiUrl: 'https://ghe.example/api/v3',
      yes: true,
    });
  });

  it('prefers --github-token and --authority-host over the environment', () => {
    const options = parseBootstrapArgs(
      ['--github-token', 'flag', '--authority-host', 'https://login.example'],
      { GH_TOKEN: 'env', AZURE_AUTHORITY_HOST: 'https://env.example' },
    );
    expect(options.githubToken).toBe('flag');
    expect(options.authorityHost).toBe('https://login.example');
  });

  it.each([
    {
      name: 'a repository without owner',
      argv: ['--repo', 'octo-repo'],
      flag: '--repo',
      text: "Invalid --repo 'octo-repo'. Expected format {owner}/{repo}.",
    },
    {
      name: 'an unknown cloud',
      argv: ['--cloud', 'Mars'],
      flag: '--cloud',
      text: "Invalid --cloud 'Mars'. Expected one of: AzurePublicCloud, AzureUSGovernment, AzureChinaCloud (",
    },
    {
      name: 'a profile that is not a built-in name',
      argv: ['--profile', 'entra/app.yaml'],
      flag: '--profile',
      text: "Invalid --profile 'entra/app.yaml'",
    },
    {
      name: 'an unknown flag',
      argv: ['--subject', 'x'],
      flag: 'arguments',
      text: 'Run with --help for the flags.',
    },
  ])('refuses $name, naming the flag', ({ argv, flag, text }) => {
    let error: unknown;
    try {
      parseBootstrapArgs(argv, {});
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).input).toBe(flag);
    expect((error as InputError).message).toContain(text);
  });
});

describe('toOidcIssuer', () => {
  it.each([
    ['https://api.github.com', 'https://token.actions.githubusercontent.com'],
    ['https://api.octocorp.ghe.com', 'https://token.actions.octocorp.ghe.com'],
    ['https://github.example.com/api/v3', 'https://github.example.com/_services/token'],
  ])('derives the issuer of %s', (api, issuer) => {
    expect(toOidcIssuer(api)).toBe(issuer);
  });

  it('asks for --issuer when the API root says nothing about it', () => {
    expect(() => toOidcIssuer('https://127.0.0.1:4443')).toThrow(/Pass --issuer/);
  });
});

describe('completeOptions', () => {
  function terminal(answers: string[], interactive = true): Terminal & { questions: string[] } {
    const questions: string[] = [];
    return {
      interactive,
      questions,
      print: () => undefined,
      ask: async (question, fallback) => {
        questions.push(question);
        return answers.shift() || fallback;
      },
    };
  }

  it('asks on a terminal for what the flags left open, with main as the default branch', async () => {
    const argv = ['--profile', 'codetwo-backup-exchange'];
    const options = await completeOptions(
      parseBootstrapArgs(argv, {}),
      terminal(['contoso/apps', '', 'entra-admin, prod', 'y']),
      listGivenFlags(argv),
    );
    expect(options).toMatchObject({
      repository: { owner: 'contoso', repo: 'apps' },
      branch: 'main',
      environments: ['entra-admin', 'prod'],
      pullRequests: true,
      profile: 'codetwo-backup-exchange',
    });
  });

  it('asks nothing with --yes, and then needs --repo', async () => {
    const term = terminal([]);
    await expect(
      completeOptions(parseBootstrapArgs(['--yes'], {}), term, listGivenFlags(['--yes'])),
    ).rejects.toThrow('No repository given. Pass --repo OWNER/NAME');
    expect(term.questions).toEqual([]);
  });
});
