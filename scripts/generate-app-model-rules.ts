// `tsx scripts/generate-app-model-rules.ts`: writes docs/app-model-rules.md from the table in
// src/model/app-model-rules.ts, so the documented rows and links are the ones the code applies.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { APP_MODEL_RULES, type AppModelRule } from '../src/model/app-model-rules.js';

const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url));
/** Where the page is written, relative to the repository root. */
export const RULES_DOC_PATH = 'docs/app-model-rules.md';

const AUDIENCE_WORDS: Record<string, string> = {
  AzureADMyOrg: 'single tenant',
  AzureADMultipleOrgs: 'multitenant',
  AzureADandPersonalMicrosoftAccount: 'multitenant + personal',
  PersonalMicrosoftAccount: 'personal only',
};

const cell = (text: string): string => text.replace(/\|/g, '\\|');

function row(rule: AppModelRule): string {
  const audiences =
    rule.audiences.length === 4 ? 'all' : rule.audiences.map((a) => AUDIENCE_WORDS[a]).join(', ');
  const graph = `${rule.graphCode}${rule.graphMessage ? `: "${rule.graphMessage}"` : ''}`;
  return `| \`${rule.id}\` | \`${rule.property}\` | ${cell(rule.limit)} | ${audiences} | ${cell(graph)} | [${new URL(rule.source).pathname.split('/').pop()}](${rule.source}) |`;
}

/** Returns the Markdown page for a rules table; the same table always gives the same text. */
export function renderAppModelRules(rules: readonly AppModelRule[] = APP_MODEL_RULES): string {
  const notes = rules.filter((r) => r.note).map((r) => `- \`${r.id}\`: ${r.note}`);
  return [
    '<!-- Generated from src/model/app-model-rules.ts by scripts/generate-app-model-rules.ts. Do not edit by hand. -->',
    "# Entra's app-model rules",
    '',
    'The limits Microsoft documents for the application object, as one table in',
    '`src/model/app-model-rules.ts`. The action checks a profile against every row after reading it',
    'and before any request that writes: a profile that breaks one fails with the key, the limit and',
    "the value, annotated on the profile line. The local cloud refuses the same writes with Graph's",
    '400, code and message, so a test that forgets a rule fails as a real tenant would.',
    '',
    '| rule | Graph property | limit | audiences | Graph answers 400 | source |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rules.map(row),
    '',
    "Where sources disagree, the stricter limit is the row's:",
    '',
    ...notes,
    '',
    "The generic Graph message is \"Invalid value specified for property '<property>' of resource",
    "'Application'.\" A personal-account app also holds at most two client secrets: the action",
    'refuses `keep-credentials` above 1 for such apps before any write.',
    '',
  ].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  writeFileSync(resolve(REPO_ROOT, RULES_DOC_PATH), renderAppModelRules());
  console.log(`Wrote ${RULES_DOC_PATH}.`);
}
