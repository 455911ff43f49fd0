// Prints the figures of the README's Reliability section from the hardening tables, and the number
// of action runs the harness checked for leaked secrets in a test run.
// Usage: REA_LEAK_CHECK_LOG=/tmp/leaks npm test && npx tsx scripts/reliability-figures.ts /tmp/leaks
import { existsSync, readFileSync } from 'node:fs';
import { BAD_INPUT_CASES } from '../__tests__/integration/tables/bad-input-cases.js';
import { FAULT_CASES } from '../__tests__/integration/tables/fault-cases.js';
import {
  CONCURRENT_CASES,
  STOP_CASES,
} from '../__tests__/integration/tables/interruption-cases.js';
import { PRIVILEGE_CASES } from '../__tests__/integration/tables/privilege-cases.js';

/** The counts the README quotes. */
export function computeFigures(leakLog: string | undefined): Record<string, number | null> {
  const lines =
    leakLog && existsSync(leakLog)
      ? readFileSync(leakLog, 'utf8').split('\n').filter(Boolean)
      : null;
  return {
    faults: FAULT_CASES.length + STOP_CASES.length + CONCURRENT_CASES.length,
    badInputs: BAD_INPUT_CASES.length,
    privilegeCases: PRIVILEGE_CASES.length,
    runsChecked: lines ? lines.length : null,
  };
}

const figures = computeFigures(process.argv[2]);
console.log(
  `faults injected and survived: ${figures.faults} (${FAULT_CASES.length} injected faults, ${STOP_CASES.length} runs stopped between writes, ${CONCURRENT_CASES.length} simultaneous-run cases)`,
);
console.log(`bad inputs refused: ${figures.badInputs}`);
console.log(`least-privilege cases: ${figures.privilegeCases}`);
console.log(
  `runs checked for secrets: ${figures.runsChecked ?? 'unknown (pass the REA_LEAK_CHECK_LOG file of a test run)'}`,
);
