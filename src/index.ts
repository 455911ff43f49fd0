// Entry point of the bundle (dist/index.js): runs the action once. dist/bootstrap.js loads this
// same bundle, which then runs the bootstrap instead: the two share one copy of the code (the
// bootstrap's own part is a chunk loaded only then), so dist/ stays under 2 MB.
import { basename } from 'node:path';
import { run } from './main.js';

if (basename(process.argv[1] ?? '') === 'bootstrap.js') {
  const { runBootstrapCli } = await import('./bootstrap/cli.js');
  await runBootstrapCli();
} else {
  await run();
}
