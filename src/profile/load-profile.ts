// Loads a profile from a built-in name, a workspace file and/or the inline `app` input, follows
// `extends`, merges, fills variables, validates, and returns a ProfileSpec. Pure: file contents
// come through ProfileSource (read-profile.ts reads the disk).
import { InputError } from '../errors.js';
import { findClosestNames, formatSuggestion } from './closest-names.js';
import { checkProfileSpec } from './check-profile.js';
import { formatKeyPath, isMapping, type KeyPath } from './key-path.js';
import { locateInLayers, mergeLayers } from './merge-profiles.js';
import { parseProfileLayer, locateInLayer, type ProfileLayer } from './profile-layer.js';
import { throwIfProblems, type ProfileProblem } from './profile-problems.js';
import { validateProfileSchema } from './profile-schema.js';
import { substituteVars, type VarProblem } from './profile-vars.js';
import { describeSchemaErrors } from './schema-problems.js';
import { toProfileSpec } from './to-profile-spec.js';
import type { ProfileSpec } from './types.js';
import type { ProfileLocation } from '../errors.js';

/** Where profile texts come from; read-profile.ts implements it over the file system. */
export interface ProfileSource {
  /** Text of profiles/<name>.yaml shipped with the action, or undefined when there is none. */
  readBuiltin(name: string): string | undefined;
  /** Names of all built-in profiles. */
  listBuiltins(): string[];
  /** Text of a file in the workspace (path as the user wrote it, relative to the workspace), or undefined. */
  readWorkspaceFile(path: string): string | undefined;
}

/** What the workflow asked for: the `profile`, `app` and `vars` inputs and the workspace they are relative to. */
export interface ProfileRequest {
  profile?: string;
  app?: string;
  vars: Readonly<Record<string, string>>;
  workspace: string;
  /** The tenant-id input (GUID or domain), for Entra's identifier URI policy. */
  tenantId?: string;
}

/** Label of the inline `app` input in messages and annotations. */
export const INLINE_APP = 'input app';

/** Returns the validated ProfileSpec; throws one ProfileError listing every problem with file, line, column and key path. */
export function loadProfile(request: ProfileRequest, source: ProfileSource): ProfileSpec {
  const layers = readLayers(request, source);
  const label = layers.map((layer) => layer.file).join(' + ');
  const merged = mergeLayers(layers);
  delete merged.extends;

  const substituted = substituteVars(merged, request.vars);
  throwIfProblems(
    label,
    substituted.problems.map((problem) => locateProblem(problem, layers, label)),
  );
  const value = substituted.value;

  const schemaProblems = describeSchemaErrors(validateProfileSchema(value), value);
  throwIfProblems(
    label,
    schemaProblems.map((problem) => locateProblem(problem, layers, label)),
  );

  const spec = toProfileSpec(value, label);
  const semanticProblems = checkProfileSpec(
    spec,
    typeof value.uniqueName === 'string',
    request.tenantId,
  );
  throwIfProblems(
    label,
    semanticProblems.map((problem) => locateProblem(problem, layers, label)),
  );
  return { ...spec, positions: collectPositions(value, layers) };
}

/** Returns true when the `profile` input names a workspace file rather than a built-in profile. */
export function isWorkspacePath(reference: string): boolean {
  return /\.(ya?ml|json)$/i.test(reference) || /[/\\]/.test(reference);
}

function readLayers(request: ProfileRequest, source: ProfileSource): ProfileLayer[] {
  const profile = request.profile?.trim() ?? '';
  const app = request.app ?? '';
  if (profile === '' && app.trim() === '') {
    throw new InputError(
      'profile',
      "No profile given: set the input 'profile' (a built-in name or a workspace file) or 'app' (an inline YAML profile).",
    );
  }
  const problems: ProfileProblem[] = [];
  const layers: ProfileLayer[] = [];
  if (profile !== '') {
    const layer = isWorkspacePath(profile)
      ? readWorkspaceLayer(profile, request.workspace, source, problems)
      : readBuiltinLayer(profile, source, problems, { file: 'input profile' });
    if (layer)
      layers.push(
        ...expandExtends(layer, source, problems, isWorkspacePath(profile) ? [] : [profile]),
      );
  }
  if (app.trim() !== '') {
    const parsed = parseProfileLayer(app, INLINE_APP);
    problems.push(...parsed.problems);
    if (parsed.layer) layers.push(...expandExtends(parsed.layer, source, problems, []));
  }
  throwIfProblems(profile !== '' ? profile : INLINE_APP, problems);
  return layers;
}

function readWorkspaceLayer(
  path: string,
  workspace: string,
  source: ProfileSource,
  problems: ProfileProblem[],
): ProfileLayer | undefined {
  const text = source.readWorkspaceFile(path);
  if (text === undefined) {
    problems.push({
      file: 'input profile',
      message: `Profile file '${path}' not found in the workspace (${workspace}); expected a .yaml, .yml or .json file relative to the workspace, e.g. .github/entra/app.yaml.`,
    });
    return undefined;
  }
  return toLayer(text, path, problems);
}

function readBuiltinLayer(
  name: string,
  source: ProfileSource,
  problems: ProfileProblem[],
  at: ProfileLocation,
): ProfileLayer | undefined {
  const text = /^[a-z0-9]+(-[a-z0-9]+)*$/.test(name) ? source.readBuiltin(name) : undefined;
  if (text === undefined) {
    const available = source.listBuiltins().sort();
    const suggestion = formatSuggestion(findClosestNames(name, available, 3));
    problems.push({
      ...at,
      message: `Unknown built-in profile '${name}'${suggestion || ';'} Available: ${available.join(', ')}.`,
    });
    return undefined;
  }
  return toLayer(text, name, problems);
}

// Parses one file's text; its problems join the others.
function toLayer(text: string, file: string, problems: ProfileProblem[]): ProfileLayer | undefined {
  const parsed = parseProfileLayer(text, file);
  problems.push(...parsed.problems);
  return parsed.layer;
}

function expandExtends(
  layer: ProfileLayer,
  source: ProfileSource,
  problems: ProfileProblem[],
  chain: string[],
): ProfileLayer[] {
  const base = layer.value.extends;
  if (base === undefined || base === null) return [layer];
  const position = locateInLayer(layer, ['extends']);
  const at = { file: layer.file, line: position?.line, column: position?.column, path: 'extends' };
  if (typeof base !== 'string') {
    problems.push({
      ...at,
      message: `extends: expected the name of a built-in profile, e.g. codetwo-backup-exchange.`,
    });
    return [layer];
  }
  if (chain.includes(base)) {
    problems.push({
      ...at,
      message: `extends: '${base}' makes a cycle (${[...chain, base].join(' → ')}); expected a chain that ends.`,
    });
    return [layer];
  }
  const parent = readBuiltinLayer(base, source, problems, at);
  return parent ? [...expandExtends(parent, source, problems, [...chain, base]), layer] : [layer];
}

function locateProblem(
  problem: VarProblem,
  layers: readonly ProfileLayer[],
  label: string,
): ProfileProblem {
  if (problem.inInput) return { message: problem.message, file: 'input vars' };
  const position = locateInLayers(layers, problem.path, problem.atKey);
  const path = problem.path.length > 0 ? formatKeyPath(problem.path) : undefined;
  return {
    message: problem.message,
    file: position?.file ?? label,
    line: position?.line,
    column: position?.column,
    path,
  };
}

function collectPositions(
  value: unknown,
  layers: readonly ProfileLayer[],
): Record<string, ProfileLocation> {
  const positions: Record<string, ProfileLocation> = {};
  const visit = (node: unknown, path: KeyPath): void => {
    const position = locateInLayers(layers, path);
    if (position?.exact)
      positions[formatKeyPath(path)] = {
        file: position.file,
        line: position.line,
        column: position.column,
        path: formatKeyPath(path),
      };
    if (Array.isArray(node)) node.forEach((item, index) => visit(item, [...path, index]));
    else if (isMapping(node))
      Object.entries(node).forEach(([key, item]) => visit(item, [...path, key]));
  };
  visit(value, []);
  return positions;
}
