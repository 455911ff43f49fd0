// Last step of `npm run build`: leaves out of dist/ what the bundle never needs.
// - ncc copies the `open` package's xdg-open script (for @azure/identity's interactive browser
//   sign-in, which neither the action nor the bootstrap uses; `open` falls back to the system's
//   xdg-open without it).
// - ncc writes dist/licenses.txt with every bundled package's license text in full, although most
//   are the same text (the @azure/* packages share Microsoft's MIT text, for example). Each distinct
//   text is written once, under the names of all packages that carry it: every notice stays.
//   An entry starts with a line naming a bundled package and a line with its license identifier.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dist = process.argv[2] ?? 'dist';
rmSync(join(dist, 'xdg-open'), { force: true });
const path = join(dist, 'licenses.txt');
const lines = readFileSync(path, 'utf8').split('\n');
const isPackage = (name) =>
  /^(@[a-z0-9._-]+\/)?[a-z0-9._-]+$/i.test(name) &&
  existsSync(join('node_modules', name, 'package.json'));
const entries = [];
for (let i = 0; i < lines.length; i++) {
  if ((i === 0 || lines[i - 1] === '') && lines[i + 1] && isPackage(lines[i])) {
    entries.push({ name: lines[i], license: lines[i + 1], text: [] });
    i++;
  } else if (entries.length > 0) entries.at(-1).text.push(lines[i]);
}
const groups = new Map();
for (const { name, license, text } of entries) {
  const body = text.join('\n').trim();
  const key = `${license}\n${body}`;
  groups.set(key, [...(groups.get(key) ?? []), name]);
}
const out = [...groups].map(([key, names]) => `${names.join(', ')}\n${key}\n`);
writeFileSync(path, out.join('\n'));
console.log(`${path}: ${entries.length} packages, ${groups.size} distinct license texts`);
