// A failed Graph write names the plan change it carried out and the app it was for.
import { appendContext, ConsistencyTimeoutError, GraphError } from '../errors.js';
import { describeChange } from '../plan/change-kinds.js';
import type { Change } from '../plan/changes.js';

/**
 * Returns the error; a GraphError (or a replication wait that ended in one) now names the change,
 * as its plan row reads, and the app.
 */
export function nameChange(
  error: unknown,
  change: Change,
  app: { displayName: string; uniqueName: string },
): unknown {
  const context = {
    change: describeChange(change),
    app: `"${app.displayName}" (${app.uniqueName})`,
  };
  if (error instanceof GraphError) error.nameChange(context);
  else if (error instanceof ConsistencyTimeoutError && error.cause instanceof GraphError)
    appendContext(error, context);
  return error;
}
