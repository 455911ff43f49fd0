import { describe, expect, it } from '@jest/globals';
import { readChangelogSection } from '../../scripts/changelog-section.js';

const changelog = `# Changelog

## [Unreleased]

- Something new.

## [1.2.3] - 2026-12-01

### Fixed

- A fix.

## [1.2.2] - 2026-11-01

- An older fix.

[Unreleased]: https://github.com/org/register-entra-app/compare/v1.2.3...HEAD
[1.2.3]: https://github.com/org/register-entra-app/compare/v1.2.2...v1.2.3
`;

describe('readChangelogSection', () => {
  it('returns the section of one version up to the next heading', () => {
    expect(readChangelogSection(changelog, '1.2.3')).toBe('### Fixed\n\n- A fix.');
  });

  it('stops at the comparison links after the last section', () => {
    expect(readChangelogSection(changelog, '1.2.2')).toBe('- An older fix.');
  });

  it('returns null for a version the changelog does not list, and never matches a longer version', () => {
    expect(readChangelogSection(changelog, '1.2.4')).toBeNull();
    expect(readChangelogSection(changelog.replace('[1.2.3]', '[1.2.30]'), '1.2.3')).toBeNull();
  });
});
