// Post-build step of `npm run build`: ncc minifies dist/index.js but leaves the chunks it splits
// off for dynamic imports (node-forge's, ~870 KB) as they are. This minifies every other .js file
// in dist/ with esbuild (installed with tsx), whose output depends only on its input, so
// `npm run check-dist` stays deterministic.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { transformSync } from 'esbuild';

const dist = process.argv[2] ?? 'dist';
for (const file of readdirSync(dist).sort()) {
  if (!file.endsWith('.js') || file === 'index.js') continue;
  const path = join(dist, file);
  const source = readFileSync(path, 'utf8');
  // Chunks are ES modules (`export const id = …`); es2022 matches ncc's --target.
  const { code } = transformSync(source, {
    format: 'esm',
    target: 'es2022',
    minify: true,
    legalComments: 'none',
    charset: 'utf8',
  });
  writeFileSync(path, code);
  console.log(`${path}: ${source.length} -> ${code.length} bytes`);
}
