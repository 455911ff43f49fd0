// A failed Graph write names the plan change it carried out and the app it was for; a run of
// writes reports every failure.
import { appendContext, ConsistencyTimeoutError, GraphError } from '../errors.js';
import { describeChange } from '../plan/change-kinds.js';
import type { Change } from '../plan/changes.js';
import type { ApplyLogger } from './apply-context.js';

/**
 * Returns the error; a GraphError (or a replication wait that ended in one) now names the change,
 * as its plan row reads, and the app.
 */
export function nameChange<E>(
  error: E,
  change: Change,
  app: { displayName: string; uniqueName: string },
): E {
  const context = {
    change: describeChange(change),
    app: `"${app.displayName}" (${app.uniqueName})`,
  };
  if (error instanceof GraphError) error.nameChange(context);
  else if (error instanceof ConsistencyTimeoutError && error.cause instanceof GraphError)
    appendContext(error, context);
  return error;
}

/** Logs the first line of every failure but the first as a warning, then throws the first (if any). */
export function throwFirst(failures: readonly Error[], logger: ApplyLogger): void {
  if (failures.length === 0) return;
  const [first, ...more] = failures;
  for (const f of more) logger.warning(f.message.split('\n', 1)[0] ?? '');
  throw first;
}
