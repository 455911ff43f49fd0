// Ajv's errors turned into messages a profile author can act on: the key path, the bad value and
// the expected form, with the nearest known key for a misspelt one.
import type { ErrorObject } from 'ajv';
import { findClosestNames, formatSuggestion } from './closest-names.js';
import { describeKind, formatKeyPath, formatValue, isMapping, type KeyPath } from './key-path.js';
import { schemaNodesAt } from './profile-schema.js';

/** A schema problem before it is located in a file: `atKey` points at the key rather than its value. */
export interface PathProblem {
  path: KeyPath;
  message: string;
  atKey?: boolean;
}

/** Returns one problem per meaningful Ajv error; branch noise of anyOf (type mismatches) is left out. */
export function describeSchemaErrors(errors: readonly ErrorObject[], root: unknown): PathProblem[] {
  const anyOfPaths = new Set(
    errors.filter((error) => error.keyword === 'anyOf').map((error) => error.instancePath),
  );
  const meaningful = errors.filter((error) => !isBranchNoise(error, anyOfPaths));
  const problems: PathProblem[] = [];
  for (const error of meaningful) {
    if (
      error.keyword === 'anyOf' &&
      meaningful.some(
        (other) => other !== error && isAtOrUnder(other.instancePath, error.instancePath),
      )
    ) {
      continue;
    }
    const problem = describeSchemaError(error, root);
    if (problem) problems.push(problem);
  }
  return problems;
}

function isBranchNoise(error: ErrorObject, anyOfPaths: ReadonlySet<string>): boolean {
  if (error.keyword === 'if') return true;
  // "Exactly one of these keys" (oneOf of required): the oneOf error names them all at once.
  if (error.keyword === 'required' && /\/oneOf\/\d+\/required$/.test(error.schemaPath)) return true;
  // propertyNames reports the name's own failure beside its summary; keep the summary.
  if ('propertyName' in error && error.keyword !== 'propertyNames') return true;
  if (!anyOfPaths.has(error.instancePath)) return false;
  return error.keyword === 'type' || error.schemaPath.startsWith('#/definitions/placeholder');
}

function isAtOrUnder(path: string, parent: string): boolean {
  return path === parent || path.startsWith(`${parent}/`);
}

function describeSchemaError(error: ErrorObject, root: unknown): PathProblem | undefined {
  const path = toKeyPath(error.instancePath, root);
  const value = error.data;
  const where = formatKeyPath(path);
  const expected = expectedForm(error);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties':
      return describeUnknownKey(path, String(params.additionalProperty), error.parentSchema);
    case 'required':
      return describeMissingKey(path, String(params.missingProperty));
    case 'type':
      return {
        path,
        message: `${where}: ${typeof value === 'object' && value !== null ? '' : `${formatValue(value)} `}is ${describeKind(value)}; expected ${expected}.`,
      };
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).map(String);
      const close = typeof value === 'string' ? findClosestNames(value, allowed, 1) : [];
      const hint = close.length > 0 ? ` (did you mean '${close[0]}'?)` : '';
      return {
        path,
        message: `${where}: ${formatValue(value)} is not allowed; expected one of ${allowed.join(', ')}${hint}.`,
      };
    }
    case 'minLength':
      return {
        path,
        message: `${where}: ${formatValue(value)} is ${value === '' ? 'empty' : 'too short'}; expected ${expected}.`,
      };
    case 'maxLength':
      return {
        path,
        message: `${where}: ${formatValue(value)} is ${String(value).length} characters long; expected ${expected}.`,
      };
    case 'minItems':
    case 'maxItems':
      return {
        path,
        message: `${where}: lists ${(value as unknown[]).length} items; expected ${expected}.`,
      };
    case 'uniqueItems': {
      const list = value as unknown[];
      return {
        path,
        message: `${where}: lists ${formatValue(list[Number(params.j)])} twice; expected each value once.`,
      };
    }
    case 'propertyNames':
      return {
        path: [...path, String(params.propertyName)],
        atKey: true,
        message: `${where}: the name '${String(params.propertyName)}' is not valid; expected letters, digits and underscores, not starting with a digit.`,
      };
    case 'minimum':
      return {
        path,
        message: `${where}: ${formatValue(value)} is too small; expected ${expected}.`,
      };
    case 'maximum':
      return {
        path,
        message: `${where}: ${formatValue(value)} is too large; expected ${expected}.`,
      };
    case 'pattern':
      return {
        path,
        message: `${where}: ${formatValue(value)} does not have the expected form; expected ${expected}.`,
      };
    case 'anyOf':
    case 'oneOf':
      return {
        path,
        message: `${where}: ${formatValue(value)} is not valid; expected ${expected}.`,
      };
    default:
      return {
        path,
        message: `${where}: ${formatValue(value)} is not valid (${error.message ?? error.keyword}); expected ${expected}.`,
      };
  }
}

function describeUnknownKey(parent: KeyPath, key: string, parentSchema: unknown): PathProblem {
  const known =
    isMapping(parentSchema) && isMapping(parentSchema.properties)
      ? Object.keys(parentSchema.properties).filter((name) => name !== '$schema')
      : [];
  const where = parent.length === 0 ? 'at top level' : `in ${formatKeyPath(parent)}`;
  const close = findClosestNames(key, known, 1);
  const hint =
    close.length > 0
      ? formatSuggestion(close)
      : known.length > 0
        ? `; expected one of ${known.join(', ')}.`
        : '.';
  return { path: [...parent, key], atKey: true, message: `Unknown key '${key}' ${where}${hint}` };
}

function describeMissingKey(parent: KeyPath, key: string): PathProblem {
  const where = parent.length === 0 ? 'at top level' : `in ${formatKeyPath(parent)}`;
  const form = schemaNodesAt([...parent, key]).find(
    (node) => typeof node['x-expected'] === 'string',
  )?.['x-expected'];
  return {
    path: parent,
    message: `Missing key '${key}' ${where}${form ? `; expected ${String(form)}` : ''}.`,
  };
}

function expectedForm(error: ErrorObject): string {
  const schemaNode = error.parentSchema;
  if (isMapping(schemaNode) && typeof schemaNode['x-expected'] === 'string')
    return schemaNode['x-expected'];
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'type':
      return describeTypes(String(params.type));
    case 'minLength':
      return 'a non-empty string';
    case 'maxLength':
      return `at most ${String(params.limit)} characters`;
    case 'minItems':
      return `at least ${String(params.limit)} items`;
    case 'maxItems':
      return `at most ${String(params.limit)} items`;
    case 'minimum':
      return `at least ${String(params.limit)}`;
    case 'maximum':
      return `at most ${String(params.limit)}`;
    case 'pattern':
      return `text matching ${String(params.pattern)}`;
    default:
      return error.message ?? 'a valid value';
  }
}

function describeTypes(types: string): string {
  const words: Record<string, string> = {
    string: 'a string',
    integer: 'a whole number',
    number: 'a number',
    boolean: 'true or false',
    array: 'a list',
    object: 'a mapping',
    null: 'null',
  };
  return types
    .split(',')
    .map((type) => words[type] ?? type)
    .join(' or ');
}

/** Returns the key path of an Ajv instancePath (JSON Pointer), with numbers where the value is a list. */
export function toKeyPath(pointer: string, root: unknown): KeyPath {
  const path: Array<string | number> = [];
  let node = root;
  for (const raw of pointer.split('/').slice(1)) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node)) {
      path.push(Number(segment));
      node = node[Number(segment)];
    } else {
      path.push(segment);
      node = isMapping(node) ? node[segment] : undefined;
    }
  }
  return path;
}
