// Profile variables: `vars` declarations in the profile, values from the `vars` input, and
// ${{ vars.NAME }} placeholders in string values.
import { findClosestNames, formatSuggestion } from './closest-names.js';
import { formatKeyPath, isMapping, type KeyPath } from './key-path.js';
import { schemaTypesAt } from './profile-schema.js';
import type { PathProblem } from './schema-problems.js';

/** A problem with variables; `inInput` marks one in the `vars` input rather than in a profile. */
export type VarProblem = PathProblem & { inInput?: boolean };

interface VarDeclaration {
  description?: string;
  default?: unknown;
  required?: boolean;
}

const PLACEHOLDER = /\$\{\{\s*(.*?)\s*\}\}/g;
const VAR_REFERENCE = /^vars\.([A-Za-z_][A-Za-z0-9_]*)$/;

/** Returns the profile with every ${{ vars.NAME }} replaced (a whole-value placeholder in a number or boolean field gives a number or boolean), and the problems found. */
export function substituteVars(
  profile: Record<string, unknown>,
  provided: Readonly<Record<string, string>>,
): { value: Record<string, unknown>; problems: VarProblem[] } {
  const declarations = toDeclarations(profile.vars);
  const problems: VarProblem[] = [];
  const used = new Set<string>();
  const reported = new Set<string>();

  const resolve = (name: string, path: KeyPath): unknown => {
    used.add(name);
    const value = provided[name] ?? declarations.get(name)?.default;
    if (value !== undefined || reported.has(name)) return value;
    reported.add(name);
    problems.push({ path, message: describeMissing(name, declarations, path) });
    return undefined;
  };

  const value: Record<string, unknown> = {};
  for (const [key, entry] of Object.entries(profile)) {
    value[key] = key === 'vars' ? entry : substituteIn(entry, [key], resolve, problems);
  }
  for (const [name, declaration] of declarations) {
    if (declaration.required && provided[name] === undefined && !used.has(name)) {
      problems.push({
        path: ['vars', name],
        atKey: true,
        message: describeMissing(name, declarations, ['vars', name]),
      });
    }
  }
  for (const name of Object.keys(provided)) {
    if (declarations.has(name) || used.has(name)) continue;
    const close = formatSuggestion(findClosestNames(name, declarations.keys(), 1));
    const declared =
      declarations.size > 0
        ? ` (it declares ${[...declarations.keys()].join(', ')})`
        : ' (it declares none)';
    problems.push({
      path: [],
      inInput: true,
      message: `Input 'vars' sets '${name}', which the profile does not use${close || `${declared}.`}`,
    });
  }
  return { value, problems };
}

type Resolver = (name: string, path: KeyPath) => unknown;

function substituteIn(
  node: unknown,
  path: KeyPath,
  resolve: Resolver,
  problems: VarProblem[],
): unknown {
  if (Array.isArray(node))
    return node.map((item, index) => substituteIn(item, [...path, index], resolve, problems));
  if (isMapping(node)) {
    return Object.fromEntries(
      Object.entries(node).map(([key, item]) => [
        key,
        substituteIn(item, [...path, key], resolve, problems),
      ]),
    );
  }
  if (typeof node !== 'string' || !node.includes('${{')) return node;
  const whole = /^\$\{\{\s*vars\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}$/.exec(node.trim());
  if (whole) {
    const value = resolve(whole[1], path);
    return value === undefined ? node : coerceForField(value, path);
  }
  return node.replace(PLACEHOLDER, (placeholder: string, expression: string) => {
    // The app's own client ID is known only once the app exists: the planner fills it in.
    if (expression === 'app.clientId' && path[0] === 'identifierUris') return placeholder;
    const reference = VAR_REFERENCE.exec(expression);
    if (!reference) {
      problems.push({
        path,
        message: `${formatKeyPath(path)}: '${placeholder}' is not a profile variable; expected \${{ vars.NAME }} (or \${{ app.clientId }} in identifierUris).`,
      });
      return placeholder;
    }
    const value = resolve(reference[1], path);
    return value === undefined ? placeholder : String(value);
  });
}

function coerceForField(value: unknown, path: KeyPath): unknown {
  const types = schemaTypesAt(path);
  if (typeof value !== 'string')
    return types.has('string') && !types.has(typeof value) ? String(value) : value;
  if (types.has('string')) return value;
  if ((types.has('integer') || types.has('number')) && /^-?\d+(\.\d+)?$/.test(value.trim()))
    return Number(value.trim());
  if (types.has('boolean') && /^(true|false)$/i.test(value.trim()))
    return value.trim().toLowerCase() === 'true';
  return value;
}

function describeMissing(
  name: string,
  declarations: ReadonlyMap<string, VarDeclaration>,
  path: KeyPath,
): string {
  const declaration = declarations.get(name);
  if (!declaration) {
    const [close] = findClosestNames(name, declarations.keys(), 1);
    const hint = close ? ` (did you mean '${close}'?)` : '';
    return `${formatKeyPath(path)}: '\${{ vars.${name} }}' uses variable '${name}', which the profile does not declare${hint}; expected a variable declared under vars, or ${name}=<value> in the input 'vars'.`;
  }
  const about = declaration.description ? ` (${declaration.description})` : '';
  const usedAt = path[0] === 'vars' ? '' : `${formatKeyPath(path)}: `;
  return `${usedAt}Variable '${name}'${about} is required: set it in the input 'vars' as ${name}=<value>.`;
}

function toDeclarations(vars: unknown): Map<string, VarDeclaration> {
  const declarations = new Map<string, VarDeclaration>();
  if (!isMapping(vars)) return declarations;
  for (const [name, declaration] of Object.entries(vars)) {
    declarations.set(name, isMapping(declaration) ? declaration : {});
  }
  return declarations;
}
