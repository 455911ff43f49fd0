// The runner emulation: runs the action's bundle (or its bootstrap) as a GitHub runner does, with
// INPUT_* for every input, the runner's files and the local cloud's runner environment, and checks
// that no secret reaches the log, the outputs or the job summary.
export {
  REPO_ROOT,
  parseOutputFile,
  readActionDefaults,
  runBundledAction,
  type BundledRun,
} from './action-runner.js';
export { collectKnownSecrets } from './known-secrets.js';
export {
  LEAK_CHECK_LOG_ENV,
  leakChecks,
  runAction,
  spawnAction,
  type ActionResult,
  type RunActionOptions,
} from './run-action.js';
export { runBootstrap, watchDeviceCodeSignIn, type BootstrapResult } from './run-bootstrap.js';
export { expectNoSecretLeak } from './secret-leaks.js';
