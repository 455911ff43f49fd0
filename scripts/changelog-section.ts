// Prints one version's section of CHANGELOG.md, for the release notes:
//   npx tsx scripts/changelog-section.ts 1.2.3      (or v1.2.3)
// Fails when the changelog has no `## [1.2.3]` section, so a release never goes out without notes.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Returns the body of `## [version]` (without its heading), or null when there is none. */
export function readChangelogSection(changelog: string, version: string): string | null {
  const lines = changelog.split(/\r?\n/);
  const heading = new RegExp(`^## \\[${version.replace(/\./g, '\\.')}\\](\\s|$)`);
  const start = lines.findIndex((line) => heading.test(line));
  if (start < 0) return null;
  // The section ends at the next version heading or at the comparison links at the bottom.
  const rest = lines.slice(start + 1);
  const end = rest.findIndex((line) => line.startsWith('## ') || /^\[[^\]]+\]:\s/.test(line));
  const body = (end < 0 ? rest : rest.slice(0, end)).join('\n').trim();
  return body || null;
}

function main(): void {
  const version = (process.argv[2] ?? '').replace(/^v/, '');
  if (!/^\d+\.\d+\.\d+$/.test(version)) {
    console.error(`Usage: changelog-section.ts 1.2.3 (got '${process.argv[2] ?? ''}').`);
    process.exit(2);
  }
  const section = readChangelogSection(readFileSync('CHANGELOG.md', 'utf8'), version);
  if (!section) {
    console.error(
      `CHANGELOG.md has no '## [${version}]' section with entries; add it before tagging.`,
    );
    process.exit(1);
  }
  process.stdout.write(`${section}\n`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
