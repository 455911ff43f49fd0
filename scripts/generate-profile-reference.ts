// `tsx scripts/generate-profile-reference.ts`: writes docs/profile-reference.md from
// profiles/schema.json, so the reference cannot drift from the schema the action validates with.
// `--check` writes nothing and exits 1 when the committed file differs.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parse } from 'yaml';

/** The subset of JSON Schema (draft-07) that profiles/schema.json uses. */
export interface SchemaNode {
  $ref?: string;
  type?: string | string[];
  description?: string;
  enum?: unknown[];
  anyOf?: SchemaNode[];
  properties?: Record<string, SchemaNode>;
  additionalProperties?: boolean | SchemaNode;
  required?: string[];
  items?: SchemaNode;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  examples?: unknown[];
  definitions?: Record<string, SchemaNode>;
  title?: string;
  'x-expected'?: string;
  [key: string]: unknown;
}

const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url));
/** Where the schema is read from and the reference written to, relative to the repository root. */
export const SCHEMA_PATH = 'profiles/schema.json';
export const REFERENCE_PATH = 'docs/profile-reference.md';

interface Section {
  title: string;
  /** Key path prefix shown in the rows, e.g. `permissions[]`. */
  path: string;
  node: SchemaNode;
  intro?: string;
}

/** Returns the Markdown reference for a profile schema; the same schema always gives the same text. */
export function renderProfileReference(
  schema: SchemaNode,
  handoffs: readonly BuiltinHandoff[] = [],
): string {
  const out: string[] = [
    '<!-- Generated from profiles/schema.json by scripts/generate-profile-reference.ts. Do not edit by hand: -->',
    '<!-- change the schema, then run `npx tsx scripts/generate-profile-reference.ts`. -->',
    '# Profile reference',
    '',
    (schema.description ?? '').trim(),
    '',
    'A profile is YAML or JSON. Keys are case-sensitive and unknown keys are errors. A profile needs',
    '`displayName` unless it `extends` a built-in profile. String values may hold `${{ vars.NAME }}`',
    'placeholders, filled from the `vars` input (`NAME=value` per line) or the default declared under `vars:`.',
    '',
  ];
  const sections: Section[] = [{ title: 'Top-level keys', path: '', node: schema }];
  // for-of also visits the sections pushed while it runs.
  for (const section of sections) {
    out.push(`## ${section.title}`, '');
    if (section.intro) out.push(section.intro, '');
    out.push('| Key | Type | Required | Description |', '| --- | --- | --- | --- |');
    const object = resolveRef(schema, section.node);
    const required = new Set(object.required ?? []);
    if (section.path === '' && isConditionallyRequired(schema, 'displayName'))
      required.add('displayName');
    for (const [key, raw] of Object.entries(object.properties ?? {})) {
      const node = resolveRef(schema, raw);
      const keyPath = section.path ? `${section.path}.${key}` : key;
      const requiredText = required.has(key)
        ? section.path === '' && key === 'displayName'
          ? 'yes, unless `extends`'
          : 'yes'
        : 'no';
      out.push(
        `| \`${keyPath}\` | ${describeType(schema, raw)} | ${requiredText} | ${escapeCell(describeNode(schema, raw))} |`,
      );
      const nested = findNestedObject(schema, node);
      if (nested)
        sections.push({
          title: `\`${nested.path(keyPath)}\``,
          path: nested.path(keyPath),
          node: nested.node,
          intro: nested.intro,
        });
    }
    out.push('');
  }
  if (handoffs.length > 0) out.push(...renderHandoffTable(handoffs));
  return `${out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()}\n`;
}

function isConditionallyRequired(schema: SchemaNode, key: string): boolean {
  const then = schema.then as SchemaNode | undefined;
  return Boolean(then?.required?.includes(key));
}

/** A property whose value (or whose list items, or map values) is an object with its own keys. */
function findNestedObject(
  schema: SchemaNode,
  node: SchemaNode,
): { node: SchemaNode; path: (p: string) => string; intro?: string } | null {
  if (node.properties) return { node, path: (p) => p };
  if (node.items) {
    const item = resolveRef(schema, node.items);
    if (item.properties)
      return { node: item, path: (p) => `${p}[]`, intro: 'Each item of the list:' };
  }
  if (node.additionalProperties && typeof node.additionalProperties === 'object') {
    const value = resolveRef(schema, node.additionalProperties);
    if (value.properties)
      return {
        node: value,
        path: (p) => `${p}.NAME`,
        intro: `Each \`NAME\` is a variable name (${describePropertyNames(node)}); its value is:`,
      };
  }
  if (node.anyOf) {
    const object = node.anyOf.map((n) => resolveRef(schema, n)).find((n) => n.properties);
    if (object)
      return {
        node: object,
        path: (p) => p,
        intro: 'The object form (the other forms are in the table above):',
      };
  }
  return null;
}

function describePropertyNames(node: SchemaNode): string {
  const pattern = (node.propertyNames as SchemaNode | undefined)?.pattern;
  return pattern ? `matching \`${pattern}\`` : 'any name';
}

function resolveRef(schema: SchemaNode, node: SchemaNode): SchemaNode {
  if (!node.$ref) return node;
  const match = /^#\/definitions\/(.+)$/.exec(node.$ref);
  const target = match ? schema.definitions?.[match[1]] : undefined;
  if (!target) throw new Error(`Unresolvable $ref '${node.$ref}' in ${SCHEMA_PATH}.`);
  // A $ref beside other keywords: the local description wins, as editors show it.
  const { $ref: _ref, ...local } = node;
  return { ...resolveRef(schema, target), ...local };
}

function isPlaceholder(schema: SchemaNode, node: SchemaNode): boolean {
  return (
    node.$ref === '#/definitions/placeholder' ||
    resolveRef(schema, node) === schema.definitions?.placeholder
  );
}

/** Returns the type column: the JSON type, enum values, list item types and placeholder support. */
function describeType(schema: SchemaNode, raw: SchemaNode): string {
  const node = resolveRef(schema, raw);
  if (node.enum) return `one of ${node.enum.map((v) => `\`${String(v)}\``).join(', ')}`;
  if (node.anyOf) {
    const parts = node.anyOf
      .filter((n) => !isPlaceholder(schema, n))
      .map((n) => describeType(schema, n));
    const placeholder = node.anyOf.some((n) => isPlaceholder(schema, n));
    return [...parts, ...(placeholder ? ['a `${{ vars.NAME }}` placeholder'] : [])].join(', or ');
  }
  const types = Array.isArray(node.type) ? node.type : node.type ? [node.type] : [];
  if (types.includes('array') && node.items) {
    const item = resolveRef(schema, node.items);
    if (item.enum) return `list of ${item.enum.map((v) => `\`${String(v)}\``).join(', ')}`;
    return item.properties
      ? 'list of objects (keys below)'
      : `list of ${describeType(schema, node.items)}s`;
  }
  if (types.includes('object')) return node.properties ? 'object (keys below)' : 'map';
  if (types.includes('integer')) return `integer${describeRange(node)}`;
  return types.join(' or ') || 'any';
}

function describeRange(node: SchemaNode): string {
  if (node.minimum !== undefined && node.maximum !== undefined)
    return ` ${node.minimum}–${node.maximum}`;
  if (node.minimum !== undefined) return ` ≥ ${node.minimum}`;
  if (node.maximum !== undefined) return ` ≤ ${node.maximum}`;
  return '';
}

/** Returns the description column: the schema's description, its constraints and the expected form. */
function describeNode(schema: SchemaNode, raw: SchemaNode): string {
  const node = resolveRef(schema, raw);
  const parts: string[] = [];
  if (node.description) parts.push(node.description.trim());
  const limits: string[] = [];
  if (node.minLength !== undefined && node.minLength > 1)
    limits.push(`at least ${node.minLength} characters`);
  if (node.maxLength !== undefined) limits.push(`at most ${node.maxLength} characters`);
  if (node.minItems !== undefined && node.minItems > 0)
    limits.push(`at least ${node.minItems} item${node.minItems === 1 ? '' : 's'}`);
  if (node.maxItems !== undefined)
    limits.push(`at most ${node.maxItems} item${node.maxItems === 1 ? '' : 's'}`);
  if (node.uniqueItems) limits.push('no duplicates');
  if (node.pattern) limits.push(`pattern \`${node.pattern}\``);
  const item = node.items ? resolveRef(schema, node.items) : undefined;
  if (item?.maxLength !== undefined) limits.push(`each item at most ${item.maxLength} characters`);
  if (limits.length) parts.push(`Limits: ${limits.join('; ')}.`);
  const expected = node['x-expected'] ?? item?.['x-expected'];
  if (typeof expected === 'string') parts.push(`Expected: ${expected}.`);
  if (node.examples?.length)
    parts.push(`Example: ${node.examples.map((e) => `\`${String(e)}\``).join(', ')}.`);
  return parts.join(' ');
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
}

/** A built-in profile's `handoff` (inherited through `extends`), for the table of where the values go. */
export interface BuiltinHandoff {
  profile: string;
  handoff: {
    product: string;
    configuredByHand: boolean;
    form?: string;
    fields?: { clientId?: string; tenantId?: string; credential?: string };
  } | null;
}

/** Reads the handoff of every built-in profile in profiles/, sorted by name. */
export function readBuiltinHandoffs(root: string = REPO_ROOT): BuiltinHandoff[] {
  const dir = resolve(root, 'profiles');
  const read = (name: string): Record<string, unknown> =>
    (parse(readFileSync(resolve(dir, `${name}.yaml`), 'utf8')) ?? {}) as Record<string, unknown>;
  return readdirSync(dir)
    .filter((file) => file.endsWith('.yaml'))
    .map((file) => file.slice(0, -'.yaml'.length))
    .sort()
    .map((profile) => {
      const doc = read(profile);
      const handoff =
        doc.handoff ?? (typeof doc.extends === 'string' ? read(doc.extends).handoff : null);
      return { profile, handoff: (handoff ?? null) as BuiltinHandoff['handoff'] };
    });
}

/** The Markdown table of where each built-in profile's values go in its product. */
export function renderHandoffTable(handoffs: readonly BuiltinHandoff[]): string[] {
  const cell = (text: string | undefined): string => (text ? text.replace(/\|/g, '\\|') : '—');
  return [
    '## Built-in profiles: where the values go',
    '',
    'Generated from the `handoff` key of each file in `profiles/`. For a product configured by hand, a run',
    'that creates a credential names the product, the form and the fields in the job summary and a',
    'warning (and, with `notify: issue`, in an issue), with where to fetch the new value and by when.',
    '',
    '| Profile | Product | By hand | Form | Client ID | Tenant ID | Secret or certificate |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...handoffs.map(({ profile, handoff }) =>
      handoff
        ? `| \`${profile}\` | ${cell(handoff.product)} | ${handoff.configuredByHand ? 'yes' : 'no'} | ${cell(handoff.form)} | ${cell(handoff.fields?.clientId)} | ${cell(handoff.fields?.tenantId)} | ${cell(handoff.fields?.credential)} |`
        : `| \`${profile}\` | — | — | — | — | — | — |`,
    ),
    '',
  ];
}

/** Reads profiles/schema.json from the repository. */
export function readProfileSchema(root: string = REPO_ROOT): SchemaNode {
  return JSON.parse(readFileSync(resolve(root, SCHEMA_PATH), 'utf8')) as SchemaNode;
}

function main(argv: string[]): number {
  const text = renderProfileReference(readProfileSchema(), readBuiltinHandoffs());
  const target = resolve(REPO_ROOT, REFERENCE_PATH);
  if (argv.includes('--check')) {
    let committed = '';
    try {
      committed = readFileSync(target, 'utf8');
    } catch {
      // a missing file differs
    }
    if (committed === text) return 0;
    console.error(
      `${REFERENCE_PATH} does not match ${SCHEMA_PATH}. Run 'npx tsx scripts/generate-profile-reference.ts' and commit the result.`,
    );
    return 1;
  }
  writeFileSync(target, text);
  console.log(`Wrote ${REFERENCE_PATH} from ${SCHEMA_PATH}.`);
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  process.exitCode = main(process.argv.slice(2));
}
