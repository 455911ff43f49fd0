// The profile JSON Schema (profiles/schema.json, also used by editors) and its Ajv validator.
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import schema from '../../profiles/schema.json' with { type: 'json' };
import { isMapping, type KeyPath } from './key-path.js';

/** The schema as a plain object, for walking it (types at a path, known keys). */
export const PROFILE_SCHEMA: Readonly<Record<string, unknown>> = schema;

let compiled: ValidateFunction | undefined;

/** Returns Ajv's errors for `value` (empty when valid). The validator is compiled once, on first use. */
export function validateProfileSchema(value: unknown): ErrorObject[] {
  compiled ??= compileProfileSchema();
  return compiled(value) ? [] : [...(compiled.errors ?? [])];
}

function compileProfileSchema(): ValidateFunction {
  // The schema runs once per action run, so Ajv's code optimisation would cost more than it saves;
  // no ajv-formats either: URIs get their own, Entra-specific checks.
  const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, strictRequired: false, allowUnionTypes: true, code: { optimize: false } });
  // Annotation only: the expected form quoted in error messages.
  ajv.addKeyword({ keyword: 'x-expected', schemaType: 'string' });
  return ajv.compile(schema);
}

/** Returns the JSON types the schema allows at `path`, not counting ${{ vars.NAME }} placeholder strings. */
export function schemaTypesAt(path: KeyPath): Set<string> {
  const types = new Set<string>();
  for (const node of schemaNodesAt(path)) {
    const type = node.type;
    if (typeof type === 'string') types.add(type);
    else if (Array.isArray(type)) type.forEach((entry) => types.add(String(entry)));
    else if (Array.isArray(node.enum)) node.enum.forEach((entry) => types.add(typeof entry));
  }
  return types;
}

/** Returns the schema nodes that apply at `path` ($ref and anyOf branches expanded, placeholders left out). */
export function schemaNodesAt(path: KeyPath): Array<Record<string, unknown>> {
  let nodes = expandSchema(PROFILE_SCHEMA);
  for (const segment of path) {
    nodes = nodes.flatMap((node) => expandSchema(childSchema(node, segment)));
  }
  return nodes;
}

function childSchema(node: Record<string, unknown>, segment: string | number): unknown {
  if (typeof segment === 'number') return node.items;
  const properties = node.properties;
  if (isMapping(properties) && segment in properties) return properties[segment];
  return isMapping(node.additionalProperties) ? node.additionalProperties : undefined;
}

function expandSchema(node: unknown): Array<Record<string, unknown>> {
  if (!isMapping(node)) return [];
  if (typeof node.$ref === 'string') {
    if (node.$ref === '#/definitions/placeholder') return [];
    const { $ref, ...rest } = node;
    return [...expandSchema(resolveRef($ref)), ...(Object.keys(rest).length > 0 ? expandSchema(rest) : [])];
  }
  const branches = [node.anyOf, node.oneOf].filter(Array.isArray).flat();
  return [node, ...branches.flatMap((branch) => expandSchema(branch))];
}

/** Returns the schema node a local "#/definitions/..." reference points to. */
export function resolveRef(ref: string): unknown {
  return ref
    .replace(/^#\//, '')
    .split('/')
    .reduce<unknown>((node, key) => (isMapping(node) ? node[key] : undefined), PROFILE_SCHEMA);
}
