import { describe, it, expect } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  readProfileSchema,
  renderProfileReference,
  REFERENCE_PATH,
} from '../../scripts/generate-profile-reference.js';
import { ROOT } from './docs-checks.js';

describe('docs/profile-reference.md', () => {
  it('is what scripts/generate-profile-reference.ts generates from profiles/schema.json', () => {
    const committed = readFileSync(join(ROOT, REFERENCE_PATH), 'utf8');
    // On failure: run `npx tsx scripts/generate-profile-reference.ts` and commit the result.
    expect(committed).toBe(renderProfileReference(readProfileSchema(ROOT)));
  });

  it('documents every top-level key of the schema', () => {
    const schema = readProfileSchema(ROOT);
    const text = renderProfileReference(schema);
    for (const key of Object.keys(schema.properties ?? {}))
      expect(text).toContain(`| \`${key}\` |`);
  });

  it('renders the same text twice', () => {
    const schema = readProfileSchema(ROOT);
    expect(renderProfileReference(schema)).toBe(renderProfileReference(schema));
  });
});
