// The plan for people and machines: Terraform-like log text, the job summary's Markdown, the
// `plan` output's JSON and the change counts.
import type { Plan } from './changes.js';
import { toPlanRows } from './change-kinds.js';
import type { PlanRow } from './plan-rows.js';
import { listPrivilegedPermissions } from './privilege-increases.js';

/** The sentence a converged plan prints, under its header. */
export const NO_CHANGES = 'No changes. The app registration matches the profile.';

/** How many rows the plan adds, changes and removes (verification counts as none). */
export function countChanges(plan: Plan): { add: number; change: number; remove: number } {
  const counts = { add: 0, change: 0, remove: 0 };
  for (const row of plan.changes.flatMap(toPlanRows)) if (row.count) counts[row.count] += 1;
  return counts;
}

/** The plan for the log: a header naming the app and the counts, then one aligned row per change in run order. */
export function formatPlanText(plan: Plan): string {
  const rows = plan.changes.flatMap(toPlanRows);
  if (rows.length === 0) return `${planHeader(plan)}\n${NO_CHANGES}`;
  return [planHeader(plan), ...renderRows(rows, '  ', (symbol) => symbol)].join('\n');
}

/** The job summary section: per app a heading, privilege increases first, then the changes as a diff block, then notices. */
export function formatPlanMarkdown(plans: Plan[]): string {
  return plans.map(formatOnePlanMarkdown).join('\n');
}

function formatOnePlanMarkdown(plan: Plan): string {
  const { add, change, remove } = countChanges(plan);
  const lines = [
    `### ${escapeMarkdown(plan.displayName)} (${plan.isNew ? 'new' : 'existing'})`,
    '',
  ];
  lines.push(`\`${plan.target}\`: ${add} to add, ${change} to change, ${remove} to remove`, '');
  const increases = privilegeLines(plan);
  if (increases.length > 0) lines.push('**Privilege increases**', '', ...increases, '');
  const rows = plan.changes.flatMap(toPlanRows);
  if (rows.length === 0) lines.push(NO_CHANGES, '');
  else {
    // GitHub highlights `!` lines in a diff block as changed; `~` would show as context.
    const body = renderRows(rows, '', (symbol) => (symbol === '~' ? '!' : symbol));
    const fence = body.some((line) => line.includes('```')) ? '````' : '```';
    lines.push(`${fence}diff`, ...body, fence, '');
  }
  if (plan.notices.length > 0) {
    lines.push(
      '**Notices**',
      '',
      ...plan.notices.map(
        (n) => `- ${n.level === 'warning' ? '⚠️ ' : ''}${escapeMarkdown(n.message)}`,
      ),
      '',
    );
  }
  return lines.join('\n');
}

/** One bullet per elevated or high permission the plan adds. */
function privilegeLines(plan: Plan): string[] {
  return listPrivilegedPermissions(plan).map(
    (p) => `- **${p.level}**: ${escapeMarkdown(p.resourceDisplayName)} \`${p.value}\` (${p.kind})`,
  );
}

/** The plan as stable, JSON-ready data (sorted keys) for the `plan` output; it never holds secret values. */
export function toPlanJson(plan: Plan): unknown {
  return sortKeys({
    target: plan.target,
    displayName: plan.displayName,
    isNew: plan.isNew,
    summary: countChanges(plan),
    changes: plan.changes,
    notices: plan.notices,
  });
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>).filter(
    ([, v]) => v !== undefined,
  );
  return Object.fromEntries(
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => [k, sortKeys(v)]),
  );
}

function planHeader(plan: Plan): string {
  const { add, change, remove } = countChanges(plan);
  return `Plan for ${JSON.stringify(plan.displayName)} (${plan.isNew ? 'new' : 'existing'}): ${add} to add, ${change} to change, ${remove} to remove`;
}

/** Rows with the label column aligned across the plan and further columns aligned among rows of the same label. */
function renderRows(
  rows: PlanRow[],
  indent: string,
  symbolOf: (symbol: PlanRow['symbol']) => string,
): string[] {
  const labelWidth = Math.max(...rows.map((r) => r.label.length));
  const widths = new Map<string, number[]>();
  for (const row of rows) {
    const known = widths.get(row.label) ?? [];
    row.cells.slice(0, -1).forEach((cell, i) => (known[i] = Math.max(known[i] ?? 0, cell.length)));
    widths.set(row.label, known);
  }
  return rows.map((row) => {
    const known = widths.get(row.label) ?? [];
    const cells = row.cells.map((cell, i) =>
      i < row.cells.length - 1 ? cell.padEnd(known[i] ?? 0) : cell,
    );
    return `${indent}${symbolOf(row.symbol)} ${row.label.padEnd(labelWidth)}  ${cells.join('  ')}`.trimEnd();
  });
}

function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>|#]/g, '\\$&');
}
