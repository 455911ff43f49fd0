// Deletes numbered instances the profile no longer asks for (deleteApplication changes): the app
// registrations in $batch calls, then their GitHub secrets. Deleted apps stay restorable from
// Entra's deleted items for 30 days.
import type { GraphClient } from '../graph/graph-client.js';
import { sendWrites } from '../graph/graph-writes.js';
import { deleteApplicationWrite } from '../graph/write-consent.js';
import type { ChangeOf } from '../plan/change-kinds.js';
import type { ApplyLogger } from './apply-context.js';
import { nameChange, throwFirst } from './change-failure.js';

type DeleteApplication = ChangeOf<'deleteApplication'>;

/** What deleting instances needs: Graph, and (when a github-token was given) a way to delete what GitHub holds for a secret name. */
export interface InstanceRemovalContext {
  graph: GraphClient;
  logger: ApplyLogger;
  /** Deletes the secret and what was delivered with it; returns what existed ("secret X"). */
  deleteDelivery?: (secretName: string) => Promise<string[]>;
}

/** Deletes the apps (a 404 counts as done), then their GitHub secrets; throws the first failure after every item was tried. */
export async function applyDeleteApplications(
  ctx: InstanceRemovalContext,
  changes: readonly DeleteApplication[],
): Promise<void> {
  if (changes.length === 0) return;
  const failed = await sendWrites(
    ctx.graph,
    changes.map((c) => deleteApplicationWrite(c.id)),
  );
  const failures: Error[] = [];
  const deleted: DeleteApplication[] = [];
  changes.forEach((change, i) => {
    const failure = failed.find((f) => f.index === i);
    if (failure) {
      failures.push(nameChange(failure.error, change, change));
      return;
    }
    deleted.push(change);
    ctx.logger.info(
      `Deleted application "${change.displayName}" (appId ${change.appId}), a surplus instance`,
    );
  });
  // A secret is removed only with its app: a kept app keeps a working credential in GitHub.
  const { deleteDelivery } = ctx;
  if (deleteDelivery) {
    const stored = deleted.filter(
      (c): c is DeleteApplication & { secretName: string } => c.secretName !== null,
    );
    const outcomes = await Promise.allSettled(
      stored.map(async ({ secretName: name }) => ({ name, gone: await deleteDelivery(name) })),
    );
    for (const outcome of outcomes) {
      if (outcome.status === 'rejected')
        failures.push(
          outcome.reason instanceof Error ? outcome.reason : new Error(String(outcome.reason)),
        );
      else
        ctx.logger.info(
          outcome.value.gone.length > 0
            ? `Deleted GitHub ${outcome.value.gone.join(', ')}`
            : `GitHub secret ${outcome.value.name} was already gone`,
        );
    }
  }
  throwFirst(failures, ctx.logger);
}
