// Deletes numbered instances the profile no longer asks for (deleteApplication changes): the app
// registrations in $batch calls, then their GitHub secrets. Deleted apps stay restorable from
// Entra's deleted items for 30 days. https://learn.microsoft.com/graph/api/application-delete
import { GraphError } from '../errors.js';
import type { GraphClient } from '../graph/graph-client.js';
import type { Change } from '../plan/changes.js';
import type { ApplyLogger } from './apply-context.js';

type DeleteApplication = Extract<Change, { kind: 'deleteApplication' }>;

/** What deleting instances needs: Graph, and (when a github-token was given) a way to delete a GitHub secret. */
export interface InstanceRemovalContext {
  graph: GraphClient;
  logger: ApplyLogger;
  /** Returns false when the secret did not exist. */
  deleteSecret?: (name: string) => Promise<boolean>;
}

/** Deletes the apps (a 404 counts as done), then their GitHub secrets; throws the first failure after every item was tried. */
export async function applyDeleteApplications(
  ctx: InstanceRemovalContext,
  changes: readonly DeleteApplication[],
): Promise<void> {
  if (changes.length === 0) return;
  const results = await ctx.graph.batch(
    changes.map((c, i) => ({
      id: `d${i}`,
      method: 'DELETE' as const,
      url: `/applications/${c.id}`,
    })),
  );
  const failures: Error[] = [];
  const deleted: DeleteApplication[] = [];
  for (const [i, result] of results.entries()) {
    const change = changes[i];
    if (result.error && !isGone(result.error)) {
      failures.push(result.error);
      continue;
    }
    deleted.push(change);
    ctx.logger.info(
      `Deleted application "${change.displayName}" (appId ${change.appId}), a surplus instance`,
    );
  }
  // A secret is removed only with its app: a kept app keeps a working credential in GitHub.
  const { deleteSecret } = ctx;
  if (deleteSecret) {
    const stored = deleted.filter(
      (c): c is DeleteApplication & { secretName: string } => c.secretName !== null,
    );
    const outcomes = await Promise.allSettled(stored.map((c) => deleteSecret(c.secretName)));
    outcomes.forEach((outcome, i) => {
      const name = stored[i].secretName;
      if (outcome.status === 'rejected')
        failures.push(
          outcome.reason instanceof Error ? outcome.reason : new Error(String(outcome.reason)),
        );
      else
        ctx.logger.info(
          outcome.value
            ? `Deleted GitHub secret ${name}`
            : `GitHub secret ${name} was already gone`,
        );
    });
  }
  if (failures.length > 1)
    for (const f of failures.slice(1)) ctx.logger.warning(f.message.split('\n')[0]);
  if (failures[0]) throw failures[0];
}

function isGone(error: Error): boolean {
  return error instanceof GraphError && error.details.status === 404;
}
