import { describe, it, expect } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  readBuiltinHandoffs,
  readProfileSchema,
  renderProfileReference,
  REFERENCE_PATH,
} from '../../scripts/generate-profile-reference.js';
import { ROOT } from './docs-checks.js';

describe('docs/profile-reference.md', () => {
  it('is what scripts/generate-profile-reference.ts generates from profiles/schema.json', () => {
    const committed = readFileSync(join(ROOT, REFERENCE_PATH), 'utf8');
    // On failure: run `npx tsx scripts/generate-profile-reference.ts` and commit the result.
    expect(committed).toBe(
      renderProfileReference(readProfileSchema(ROOT), readBuiltinHandoffs(ROOT)),
    );
  });

  it('shows the hand-off of every built-in profile whose product is configured by hand', () => {
    const handoffs = readBuiltinHandoffs(ROOT);
    const text = renderProfileReference(readProfileSchema(ROOT), handoffs);
    expect(handoffs.length).toBeGreaterThan(0);
    for (const { profile, handoff } of handoffs) {
      expect(handoff?.configuredByHand).toBe(true);
      expect(text).toContain(`| \`${profile}\` | ${handoff!.product} | yes |`);
    }
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
