// Post-build step of `npm run build`: minifies every .js file ncc wrote to dist/ (the entry and the
// chunks it splits off for dynamic imports) with SWC's minifier (@swc/core, which Jest already
// uses). ncc's own --minify runs terser without compression, so code a bundle never calls (the
// @azure/identity credentials and MSAL clients the action does not use, for example) would stay;
// SWC's compressor drops it. Class names are kept, as ncc kept them. The output depends only on
// the input and SWC's version in the lock, so `npm run check-dist` stays deterministic.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { minifySync } from '@swc/core';

const dist = process.argv[2] ?? 'dist';
for (const file of readdirSync(dist).sort()) {
  if (!file.endsWith('.js')) continue;
  const path = join(dist, file);
  const source = readFileSync(path, 'utf8');
  // index.js and the chunks are ES modules (`export const id = …`); es2022 matches ncc's --target.
  const { code } = minifySync(source, {
    module: true,
    ecma: 2022,
    compress: { passes: 2, keep_classnames: true },
    mangle: { keep_classnames: true },
    // Keeps /*! … */ and @license comments; every bundled package's license is in licenses.txt.
    format: { comments: 'some' },
  });
  writeFileSync(path, code);
  console.log(`${path}: ${source.length} -> ${code.length} bytes`);
}
