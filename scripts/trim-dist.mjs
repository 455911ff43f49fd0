// Last step of `npm run build`: leaves out of dist/ what the bundle never needs, and completes the
// license notices.
// - ncc copies the `open` package's xdg-open script (for @azure/identity's interactive browser
//   sign-in, which neither the action nor the bootstrap uses; `open` falls back to the system's
//   xdg-open without it).
// - ncc writes dist/licenses.txt with the license of each package in the chunks it splits off, but
//   not of those in dist/index.js itself (undici, yaml, @actions/core, …). Every package ncc's
//   stats (argv[3], written into dist/ by --stats-out and removed here) name as bundled gets its
//   entry: name, license identifier, license file.
// - Most of the texts are the same (the @azure/* packages share Microsoft's MIT text, for example):
//   each distinct text is written once, under the names of all packages that carry it, so every
//   notice stays. An entry starts with a line naming a bundled package and a line with its license
//   identifier.
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dist = process.argv[2] ?? 'dist';
const statsPath = process.argv[3];
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
const found = entries.map((entry) => ({ ...entry, body: entry.text.join('\n').trim() }));
if (statsPath) found.push(...missingEntries(found, bundledPackageDirs(statsPath)));
const groups = new Map();
for (const { name, license, body } of found) {
  const key = `${license}\n${body}`;
  groups.set(key, [...new Set([...(groups.get(key) ?? []), name])]);
}
const out = [...groups].map(([key, names]) => `${names.join(', ')}\n${key}\n`);
writeFileSync(path, out.join('\n'));
console.log(`${path}: ${found.length} packages, ${groups.size} distinct license texts`);

/** The node_modules directories (nested ones included) of every module in a chunk of the bundle. */
function bundledPackageDirs(file) {
  const { modules } = JSON.parse(readFileSync(file, 'utf8'));
  rmSync(file);
  const dirs = new Set();
  const add = (name) => {
    const match = /^(?:\.\/)?((?:node_modules\/(?:@[^/]+\/)?[^/]+\/)+)/.exec(name ?? '');
    if (match) dirs.add(match[1].slice(0, -1));
  };
  for (const module of modules.filter((m) => m.chunks.length > 0)) {
    add(module.name);
    for (const inner of module.modules ?? []) add(inner.name);
  }
  return [...dirs].sort();
}

/** Entries for the bundled packages whose license text ncc's list lacks. */
function missingEntries(known, dirs) {
  const added = [];
  for (const dir of dirs) {
    const { name, license } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    const file = readdirSync(dir).find((f) => /^(licen[cs]e|copying)(\.(md|txt))?$/i.test(f));
    const body = file ? readFileSync(join(dir, file), 'utf8').trim() : '';
    const same = (entry) => entry.name === name && entry.body === body;
    if (known.some(same) || added.some(same)) continue;
    if (!file) throw new Error(`${dir}: bundled, but no license file to copy into licenses.txt.`);
    added.push({ name, license: String(license), body });
  }
  return added;
}
