// The job summary: what was (or would be) changed, privilege increases first, then the apps.
import * as core from '@actions/core';
import { formatPlanMarkdown } from '../plan/format-plan.js';
import type { AppResult } from './app-result.js';
import { formatHandoffMarkdown } from './handoff.js';
import type { Settings } from './settings.js';

/** Writes the job summary (Markdown) for all reconciled apps. */
export async function writeSummary(settings: Settings, results: AppResult[]): Promise<void> {
  const title =
    settings.mode === 'plan' ? 'Entra app registration: plan' : 'Entra app registration';
  const lines = [`## ${title}`, '', formatOutcome(settings, results), ''];
  lines.push(formatPlanMarkdown(results.map((r) => r.plan)), '');
  lines.push(formatAppsTable(settings, results));
  for (const result of results)
    if (result.handoff) lines.push('', formatHandoffMarkdown(result.handoff));
  await core.summary.addRaw(lines.join('\n'), true).write();
}

function formatOutcome(settings: Settings, results: AppResult[]): string {
  const changed = results.filter((r) => r.changed).length;
  if (changed === 0) return 'No changes. The app registration matches the profile.';
  const apps = `${changed} of ${results.length} app${results.length === 1 ? '' : 's'}`;
  return settings.mode === 'plan'
    ? `Changes pending for ${apps} (mode plan: nothing was applied).`
    : `Changes applied to ${apps}.`;
}

function formatAppsTable(settings: Settings, results: AppResult[]): string {
  const rows = [
    '| App | Client ID | Object ID | GitHub secret | Credential expires | Verified |',
    '| --- | --- | --- | --- | --- | --- |',
  ];
  for (const r of results.filter((result) => !result.removal)) {
    const verified = r.verified
      ? r.verified.ok
        ? 'yes'
        : `no: ${r.verified.reason ?? 'roles missing'}`
      : '';
    rows.push(
      `| ${escapeCell(r.application?.displayName ?? r.plan.displayName)} | ${r.application?.appId ?? '(not created)'} | ${r.application?.id ?? ''} | ${r.secretName ?? ''} | ${r.credential?.endDateTime ?? ''} | ${verified} |`,
    );
  }
  rows.push('', `Tenant: \`${settings.tenantId}\``);
  return rows.join('\n');
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|');
}
