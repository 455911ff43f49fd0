// Shared checks of the user documentation against action.yml: the inputs a workflow step may
// pass, the required ones, and values the action's own input parser accepts.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'yaml';
import { parseSettings } from '../../src/action/settings.js';
import { InputError } from '../../src/errors.js';

/** The repository root. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** How workflows name this action (any ref: @v1, @<sha>, @v1.2.3). */
export const ACTION_USES = /^org\/register-entra-app@\S+$/;

/** One input or output of action.yml as the README tables show it. */
export interface ActionField {
  name: string;
  description: string;
  required: boolean;
  default: string;
}

/** Inputs and outputs of action.yml, in file order. */
export function readActionMetadata(): { inputs: ActionField[]; outputs: ActionField[] } {
  const action = parseDocument(readFileSync(join(ROOT, 'action.yml'), 'utf8')).toJS() as {
    inputs: Record<string, { description: string; required?: boolean; default?: unknown }>;
    outputs: Record<string, { description: string }>;
  };
  return {
    inputs: Object.entries(action.inputs).map(([name, input]) => ({
      name,
      description: normalizeSpace(input.description),
      required: input.required === true,
      default: input.default === undefined ? '' : String(input.default),
    })),
    outputs: Object.entries(action.outputs).map(([name, output]) => ({
      name,
      description: normalizeSpace(output.description),
      required: false,
      default: '',
    })),
  };
}

/** Collapses runs of white space, as Markdown and YAML folding do. */
export function normalizeSpace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** The names of the built-in profiles (profiles/*.yaml). */
export function listBuiltinProfiles(): string[] {
  return readdirSync(join(ROOT, 'profiles'))
    .filter((file) => file.endsWith('.yaml'))
    .map((file) => file.slice(0, -'.yaml'.length))
    .sort();
}

/** The copy-paste workflows, file name and text. */
export function readDocWorkflows(): Array<{ file: string; text: string }> {
  const dir = join(ROOT, 'docs', 'workflows');
  return readdirSync(dir)
    .filter((file) => /\.ya?ml$/.test(file))
    .sort()
    .map((file) => ({ file, text: readFileSync(join(dir, file), 'utf8') }));
}

/** A step that uses this action, with the job it belongs to (when it is in a whole workflow). */
export interface ActionStep {
  uses: string;
  with: Record<string, unknown>;
  job: Record<string, unknown> | null;
}

/** Parses YAML text; throws with the parser's messages when it is not valid YAML. */
export function parseYaml(text: string, label: string): unknown {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0)
    throw new Error(`${label} is not valid YAML:\n${doc.errors.map((e) => e.message).join('\n')}`);
  return doc.toJS();
}

/** Returns every mapping anywhere in the value whose `uses` names this action. */
export function findActionSteps(value: unknown): ActionStep[] {
  const steps: ActionStep[] = [];
  const visit = (node: unknown, job: Record<string, unknown> | null): void => {
    if (Array.isArray(node)) {
      for (const item of node) visit(item, job);
      return;
    }
    if (!node || typeof node !== 'object') return;
    const map = node as Record<string, unknown>;
    if (typeof map.uses === 'string' && ACTION_USES.test(map.uses)) {
      steps.push({
        uses: map.uses,
        with: (map.with as Record<string, unknown> | undefined) ?? {},
        job,
      });
      return;
    }
    if (map.jobs && typeof map.jobs === 'object') {
      for (const child of Object.values(map.jobs as Record<string, unknown>))
        visit(child, child as Record<string, unknown>);
      return;
    }
    for (const child of Object.values(map)) visit(child, job);
  };
  visit(value, null);
  return steps;
}

const EXPRESSION = /\$\{\{[^}]*\}\}/;
const SAMPLE_GUID = '00000000-0000-4000-8000-000000000000';

/**
 * Returns what is wrong with the `with:` of a step: keys that are not inputs of action.yml,
 * required inputs that are missing, and literal values the action's input parser refuses.
 */
export function checkStepInputs(step: ActionStep, inputs: readonly ActionField[]): string[] {
  const problems: string[] = [];
  const names = new Set(inputs.map((i) => i.name));
  for (const key of Object.keys(step.with)) {
    if (!names.has(key)) problems.push(`with: '${key}' is not an input of action.yml`);
  }
  for (const input of inputs.filter((i) => i.required)) {
    const value = step.with[input.name];
    if (value === undefined || value === null || String(value).trim() === '')
      problems.push(`with: required input '${input.name}' is missing`);
  }
  if (problems.length > 0) return problems;
  // Expressions are only known at run time: stand in a value of the right form for them.
  const expressions = new Set<string>();
  const values: Record<string, string> = {};
  for (const [key, raw] of Object.entries(step.with)) {
    const text = typeof raw === 'string' ? raw : String(raw);
    if (EXPRESSION.test(text)) {
      expressions.add(key);
      values[key] = key === 'tenant-id' || key === 'client-id' ? SAMPLE_GUID : 'sample';
    } else {
      values[key] = text;
    }
  }
  const defaults = Object.fromEntries(
    inputs.filter((i) => i.default !== '').map((i) => [i.name, i.default]),
  );
  try {
    parseSettings((name) => values[name] ?? defaults[name] ?? '', {
      GITHUB_REPOSITORY: 'octo-org/octo-repo',
    });
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    if (!expressions.has(error.input)) problems.push(`with: ${error.message}`);
  }
  return problems;
}

/** Whether the job (or, when it sets none, the workflow) grants `id-token: write`. */
export function grantsIdToken(
  workflow: Record<string, unknown>,
  job: Record<string, unknown> | null,
): boolean {
  const permissions = job?.permissions !== undefined ? job.permissions : workflow.permissions;
  if (permissions === 'write-all') return true;
  return (
    typeof permissions === 'object' &&
    permissions !== null &&
    (permissions as Record<string, unknown>)['id-token'] === 'write'
  );
}

/** The fenced code blocks of a Markdown text with their info string (language). */
export function listFencedBlocks(
  markdown: string,
): Array<{ lang: string; text: string; line: number }> {
  const blocks: Array<{ lang: string; text: string; line: number }> = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(```+|~~~+)\s*([\w-]*)/.exec(lines[i]);
    if (!open) continue;
    const fence = open[2];
    const indent = open[1].length;
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length && !lines[j].trimStart().startsWith(fence); j++)
      body.push(lines[j].slice(Math.min(indent, lines[j].length - lines[j].trimStart().length)));
    blocks.push({ lang: open[3].toLowerCase(), text: body.join('\n'), line: i + 1 });
    i = j;
  }
  return blocks;
}

/** The rows of the first Markdown table under the heading with this text, as cells. */
export function readTableUnderHeading(markdown: string, heading: string): string[][] {
  const lines = markdown.split('\n');
  const start = lines.findIndex(
    (line) => /^#{1,6}\s/.test(line) && line.replace(/^#+\s*/, '').trim() === heading,
  );
  if (start < 0) throw new Error(`No heading '${heading}' in the README.`);
  const rows: string[][] = [];
  let inTable = false;
  for (let i = start + 1; i < lines.length; i++) {
    const line = lines[i].trim();
    if (/^#{1,6}\s/.test(line)) break;
    if (line.startsWith('|')) {
      inTable = true;
      rows.push(splitRow(line));
    } else if (inTable) {
      break;
    }
  }
  // Drop the header and the --- separator.
  return rows.slice(2);
}

function splitRow(line: string): string[] {
  const cells: string[] = [];
  let current = '';
  const body = line.replace(/^\|/, '').replace(/\|$/, '');
  for (let i = 0; i < body.length; i++) {
    if (body[i] === '\\' && body[i + 1] === '|') {
      current += '|';
      i++;
    } else if (body[i] === '|') {
      cells.push(current.trim());
      current = '';
    } else {
      current += body[i];
    }
  }
  cells.push(current.trim());
  return cells;
}

/** Removes one pair of surrounding backticks from a table cell. */
export function unquoteCode(cell: string): string {
  const match = /^`([^`]*)`$/.exec(cell.trim());
  return match ? match[1] : cell.trim();
}
