import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RULES_DOC_PATH, renderAppModelRules } from '../../scripts/generate-app-model-rules.js';
import { APP_MODEL_RULES } from '../../src/model/app-model-rules.js';
import { ROOT } from './docs-checks.js';

describe('docs/app-model-rules.md', () => {
  it('is what scripts/generate-app-model-rules.ts generates from the rules table', () => {
    // On failure: run `npx tsx scripts/generate-app-model-rules.ts` and commit the result.
    expect(readFileSync(join(ROOT, RULES_DOC_PATH), 'utf8')).toBe(renderAppModelRules());
  });

  it('lists every row with its learn.microsoft.com source', () => {
    const text = renderAppModelRules();
    for (const rule of APP_MODEL_RULES) {
      expect(rule.source).toMatch(/^https:\/\/learn\.microsoft\.com\//);
      expect(text).toContain(`| \`${rule.id}\` |`);
      expect(text).toContain(`](${rule.source}) |`);
    }
  });
});
