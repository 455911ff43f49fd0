import { describe, it, expect } from '@jest/globals';
import { validateSecretName } from '../../src/github/secret-name.js';

const cases: Array<{ name: string; input: string; problem: RegExp | null }> = [
  { name: 'upper-case letters and underscores', input: 'CODETWO_CLIENT_SECRET', problem: null },
  { name: 'mixed case and digits after the first character', input: 'app2_Secret9', problem: null },
  { name: 'a leading underscore', input: '_SECRET', problem: null },
  { name: 'an empty name', input: '', problem: /is empty/ },
  {
    name: 'a hyphen',
    input: 'MY-SECRET',
    problem: /contains "-"; use only letters, digits and underscores/,
  },
  { name: 'a space and a dot', input: 'MY SECRET.X', problem: /contains " ", "\."/ },
  { name: 'a non-ASCII letter', input: 'SEKRET_Ł', problem: /contains "Ł"/ },
  { name: 'a leading digit', input: '1SECRET', problem: /starts with a digit/ },
  { name: 'the GITHUB_ prefix', input: 'GITHUB_TOKEN2', problem: /GITHUB_/ },
  { name: 'the GITHUB_ prefix in lower case', input: 'github_secret', problem: /GITHUB_/ },
  { name: 'GITHUB without the underscore', input: 'GITHUBSECRET', problem: null },
];

describe('validateSecretName', () => {
  it.each(cases)('judges $name', ({ input, problem }) => {
    const result = validateSecretName(input);
    if (problem === null) expect(result).toBeNull();
    else expect(result).toMatch(problem);
  });
});
