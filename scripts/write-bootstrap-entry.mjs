// Post-build step of `npm run build`: writes dist/bootstrap.js, which loads the action's bundle;
// src/index.ts sees the script name and runs the bootstrap instead of the action.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dist = process.argv[2] ?? 'dist';
writeFileSync(
  join(dist, 'bootstrap.js'),
  "// Registers the deployer app and sets up the repository: node dist/bootstrap.js --help\nimport './index.js';\n",
);
