// The profile JSON Schema (profiles/schema.json, also used by editors) and its validator.
import { createHash } from 'node:crypto';
import type { ErrorObject, ValidateFunction } from 'ajv';
import schema from '../../profiles/schema.json' with { type: 'json' };
import { isMapping, type KeyPath } from './key-path.js';
import * as precompiled from './profile-validator.generated.js';

/** The schema as a plain object, for walking it (types at a path, known keys). */
export const PROFILE_SCHEMA: Readonly<Record<string, unknown>> = schema;

let validator: ValidateFunction | undefined;

/** Returns Ajv's errors for `value` (empty when valid). */
export function validateProfileSchema(value: unknown): ErrorObject[] {
  validator ??= loadProfileValidator();
  return validator(value) ? [] : [...(validator.errors ?? [])];
}

// The validator is Ajv code generated from the schema ahead of time by
// scripts/compile-profile-schema.mjs (npm run build and npm test run it): compiling the schema at
// run time cost about 35 ms of every run's start, and Ajv itself 120 KB of the bundle.
function loadProfileValidator(): ValidateFunction {
  const digest = createHash('sha256').update(JSON.stringify(schema)).digest('hex');
  if (precompiled.sourceSchemaSha256 !== digest) {
    throw new Error(
      'src/profile/profile-validator.generated.ts was generated from another version of profiles/schema.json. ' +
        'Run `node scripts/compile-profile-schema.mjs` (npm run build and npm test run it).',
    );
  }
  return precompiled.validate as ValidateFunction;
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
    return [
      ...expandSchema(resolveRef($ref)),
      ...(Object.keys(rest).length > 0 ? expandSchema(rest) : []),
    ];
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
