import { describe, expect, it } from '@jest/globals';
import type { Logger } from '../../src/action/logger.js';
import { printPlan } from '../../src/action/reconcile-app.js';
import { formatPlanText } from '../../src/plan/format-plan.js';
import { planSurplusInstances } from '../../src/plan/plan-instances.js';

// A logger that records what orchestration writes, so no runner is needed.
function recordingLogger(): Logger & { entries: string[] } {
  const entries: string[] = [];
  return {
    entries,
    info: (line) => entries.push(`info ${line}`),
    warning: (message) => entries.push(`warning ${message}`),
    notice: (message) => entries.push(`notice ${message}`),
    error: (message) => entries.push(`error ${message}`),
    group: (header, lines) => entries.push(`group ${header}`, ...lines.map((l) => `  ${l}`)),
  };
}

describe('printPlan', () => {
  it('writes the plan text as one group through the logger port', () => {
    const plan = planSurplusInstances(
      { uniqueName: 'cv', displayName: 'CV', count: 1, prune: true, secretName: 'CV_SECRET' },
      [
        {
          id: 'id-02',
          appId: 'app-02',
          displayName: 'CV 02',
          uniqueName: 'cv-02',
          tags: ['register-entra-app:managed'],
        },
      ],
    );
    expect(plan).not.toBeNull();
    const logger = recordingLogger();
    printPlan(plan!, logger);
    const [header, ...rows] = formatPlanText(plan!).split('\n');
    expect(logger.entries.slice(0, rows.length + 1)).toEqual([
      `group ${header}`,
      ...rows.map((row) => `  ${row}`),
    ]);
    expect(logger.entries.slice(rows.length + 1)).toEqual(
      plan!.notices.map((n) => `${n.level === 'warning' ? 'warning' : 'notice'} ${n.message}`),
    );
  });
});
