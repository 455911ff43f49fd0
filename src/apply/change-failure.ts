// A failed Graph write names the plan change it carried out and the app it was for.
import { GraphError } from '../errors.js';
import { describeChange } from '../plan/change-kinds.js';
import type { Change } from '../plan/changes.js';

/** Returns the error; a GraphError now names the change (as its plan row reads) and the app. */
export function nameChange(
  error: unknown,
  change: Change,
  app: { displayName: string; uniqueName: string },
): unknown {
  if (error instanceof GraphError)
    error.nameChange({
      change: describeChange(change),
      app: `"${app.displayName}" (${app.uniqueName})`,
    });
  return error;
}
