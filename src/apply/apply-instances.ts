// Deletes numbered instances the profile no longer asks for (deleteApplication changes): the app
// registrations in $batch calls, then their GitHub secrets. Deleted apps stay restorable from
// Entra's deleted items for 30 days.
import type { GraphClient } from '../graph/graph-client.js';
import { sendWrites } from '../graph/graph-writes.js';
import { deleteApplicationWrite } from '../graph/write-consent.js';
import type { ChangeOf } from '../plan/change-kinds.js';
import type { ApplyLogger } from './apply-context.js';
import { nameChange } from './change-failure.js';

type DeleteApplication = ChangeOf<'deleteApplication'>;

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
  const failed = await sendWrites(
    ctx.graph,
    changes.map((c) => deleteApplicationWrite(c.id)),
  );
  const failures: Error[] = failed.map(({ index, error }) => {
    const change = changes[index]!;
    return nameChange(error, change, change) as Error;
  });
  const deleted = changes.filter((_, i) => !failed.some((f) => f.index === i));
  for (const change of deleted)
    ctx.logger.info(
      `Deleted application "${change.displayName}" (appId ${change.appId}), a surplus instance`,
    );
  // A secret is removed only with its app: a kept app keeps a working credential in GitHub.
  const { deleteSecret } = ctx;
  if (deleteSecret) {
    const stored = deleted.filter(
      (c): c is DeleteApplication & { secretName: string } => c.secretName !== null,
    );
    const outcomes = await Promise.allSettled(stored.map((c) => deleteSecret(c.secretName)));
    outcomes.forEach((outcome, i) => {
      const name = stored[i]!.secretName;
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
    for (const f of failures.slice(1)) ctx.logger.warning(f.message.split('\n')[0]!);
  if (failures[0]) throw failures[0];
}
