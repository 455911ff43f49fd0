// `npm run demo`: the action's main job against the local cloud, as a GitHub runner runs it.
// A first run registers the CodeTwo Backup app, grants consent and stores its client secret in
// the (local) repository secret; a second run shows that nothing changes.
import { runAction, type ActionResult } from '@register-entra-app/local-cloud/runner';
import { startLocalCloud } from '@register-entra-app/local-cloud';

const inputs = {
  profile: process.argv[2] ?? 'codetwo-backup-exchange',
  'secret-name': 'CODETWO_CLIENT_SECRET',
};

function show(title: string, result: ActionResult): void {
  console.log(`\n━━━ ${title} (exit code ${result.code}) ━━━`);
  console.log(
    result.stdout
      .split('\n')
      .filter((line) => !line.startsWith('::add-mask::') && !line.startsWith('::debug::'))
      .join('\n')
      .trim(),
  );
  if (result.stderr.trim()) console.log(result.stderr.trim());
  console.log('\nOutputs:');
  for (const [name, value] of Object.entries(result.outputs)) {
    if (name !== 'plan') console.log(`  ${name} = ${value}`);
  }
  console.log('\nJob summary:\n' + result.summary.trim());
}

const cloud = await startLocalCloud();
try {
  console.log(
    `Local cloud: Entra ${cloud.urls.authorityHost}, Graph ${cloud.urls.graphEndpoint}, GitHub ${cloud.urls.githubApi}`,
  );
  const first = await runAction(cloud, inputs);
  show('First run: registers the app', first);
  const writesBefore = cloud.log.writes('graph').length;
  const second = await runAction(cloud, inputs);
  show('Second run: converged', second);
  const secondWrites = cloud.log.writes('graph').length - writesBefore;
  const stored = cloud.github.secretValue(
    { scope: 'repository', owner: 'octo-org', repo: 'octo-repo' },
    inputs['secret-name'],
  );
  console.log(`\nGraph writes in the second run: ${secondWrites}`);
  console.log(
    `GitHub secret ${inputs['secret-name']}: ${stored ? `stored (${stored.length} characters, value not shown)` : 'missing'}`,
  );
  process.exitCode = first.code === 0 && second.code === 0 && secondWrites === 0 && stored ? 0 : 1;
} finally {
  await cloud.stop();
}
