// Delivers each app's hand-off: a warning annotation always, and with notify: issue one GitHub issue
// per app, opened or updated (never a second one). A pending hand-off whose issue was closed is done.
import type { IssuesClient } from '../github/issues-client.js';
import type { AppResult } from './app-result.js';
import type { Logger } from './logger.js';
import {
  formatHandoffMarkdown,
  formatHandoffWarning,
  formatIssueTitle,
  toIssueMarker,
} from './handoff.js';

/** Announces the hand-offs of `results` (I/O); clears a pending one that a closed issue marks done. */
export async function deliverHandoffs(
  results: AppResult[],
  issues: IssuesClient | null,
  logger: Logger,
): Promise<void> {
  for (const result of results) {
    const handoff = result.handoff;
    if (!handoff) continue;
    if (issues) {
      try {
        const marker = toIssueMarker(handoff);
        const open = await issues.findOpenIssue(marker);
        if (handoff.kind === 'pending' && !open) {
          // The person closed the issue: the product has the current credential.
          result.handoff = null;
          continue;
        }
        const body = `${marker}\n${formatHandoffMarkdown(handoff)}`;
        if (open) {
          await issues.updateIssue(open.number, formatIssueTitle(handoff), body);
          logger.info(`Updated the hand-off issue #${open.number}: ${open.htmlUrl}`);
        } else {
          const created = await issues.createIssue(formatIssueTitle(handoff), body);
          logger.info(`Opened the hand-off issue #${created.number}: ${created.htmlUrl}`);
        }
      } catch (error) {
        logger.warning(
          `Could not open or update the hand-off issue of "${handoff.appDisplayName}": ${(error as Error).message.split('\n')[0]}`,
        );
      }
    }
    logger.warning(formatHandoffWarning(handoff), { title: `Hand-off: ${handoff.spec.product}` });
  }
}
