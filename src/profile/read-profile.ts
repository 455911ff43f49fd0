// The file-system side of profile loading: built-in profiles shipped beside the action, and
// profile files in the workspace. The only file in src/profile that touches the disk.
import { existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { InputError } from '../errors.js';
import { dirname, isAbsolute, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expandInstances } from './instances.js';
import { toRunTargets } from './run-targets.js';
import { splitProfileInput } from './run-order.js';
import { loadProfile, type ProfileSource } from './load-profile.js';
import type { ProfileSpec } from './types.js';

const BUILTIN_NAME = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** One app to reconcile: the profile's spec, numbered when the profile asks for several instances. */
export interface ProfileTarget {
  spec: ProfileSpec;
  /** "01", "02", ... for instances; null for a single app. */
  suffix: string | null;
  /** uniqueNames of the run's other profiles whose API this one asks permissions of (reconciled first). */
  dependsOn?: string[];
  /** The `permissions[].resource` names that name another profile of the run (its API). */
  runApis?: string[];
}

/** Returns the apps the inputs ask for: the profile loaded from disk and expanded into its instances. Throws ProfileError. */
export function readProfile(
  inputs: {
    profile: string | null;
    app: string | null;
    vars: Readonly<Record<string, string>>;
    tenantId?: string;
  },
  workspace: string = process.env.GITHUB_WORKSPACE ?? process.cwd(),
): ProfileTarget[] {
  const request = {
    profile: inputs.profile ?? undefined,
    app: inputs.app ?? undefined,
    vars: inputs.vars,
    workspace,
    tenantId: inputs.tenantId,
  };
  const source = createProfileSource(workspace);
  const profiles = splitProfileInput(inputs.profile);
  if (profiles.length <= 1) return expandInstances(loadProfile(request, source));
  return toRunTargets(
    profiles.map((profile) => loadProfile({ ...request, profile }, source)),
    request.app,
  );
}

/** Returns a ProfileSource reading built-ins from `builtinDir` (default: the action's profiles/) and files under `workspace`. */
export function createProfileSource(
  workspace: string,
  builtinDir: string | undefined = findBuiltinProfilesDir(),
): ProfileSource {
  return {
    readBuiltin(name) {
      if (!builtinDir || !BUILTIN_NAME.test(name)) return undefined;
      return readIfFile(inDirectory(builtinDir, `${name}.yaml`));
    },
    listBuiltins() {
      if (!builtinDir) return [];
      return readdirSync(builtinDir)
        .filter((file) => file.endsWith('.yaml'))
        .map((file) => file.slice(0, -'.yaml'.length))
        .sort();
    },
    readWorkspaceFile(path) {
      const real = resolveInWorkspace(workspace, path);
      return real === undefined ? undefined : readIfFile(real);
    },
  };
}

/**
 * Returns the action's profiles/ directory: ../profiles from the bundle (dist/index.js) or
 * ../../profiles from the source (src/profile/read-profile.ts); undefined when neither exists.
 */
export function findBuiltinProfilesDir(moduleUrl: string = import.meta.url): string | undefined {
  const here = dirname(fileURLToPath(moduleUrl));
  // Joined at run time from a list so that ncc does not mistake the path for an asset to bundle:
  // the built-in profiles ship beside dist/, not inside it.
  const ups = [['..'], ['..', '..']];
  for (const up of ups) {
    const candidate = resolve(here, ...up, 'profiles');
    // A directory listing rather than existsSync(resolve(…, 'schema.json')): ncc rewrites the latter into a bundled-asset path.
    if (existsSync(candidate) && readdirSync(candidate).includes('schema.json')) return candidate;
  }
  return undefined;
}

// ncc rewrites path.resolve/join calls with literal parts into paths of bundled assets; the built-in
// profiles ship beside dist/ and are read from there, so their paths are joined as plain strings.
function inDirectory(directory: string, file: string): string {
  return [directory, file].join(sep);
}

/**
 * Returns the real path of a workspace file, after following symbolic links; undefined when it does
 * not exist. Throws an InputError naming `profile` when the file lies outside the workspace: a pull
 * request may edit the profile input and must not make the action read /etc/passwd or /proc.
 */
export function resolveInWorkspace(workspace: string, path: string): string | undefined {
  const root = realpathOrSelf(resolve(workspace));
  let real: string;
  try {
    real = realpathSync(isAbsolute(path) ? path : resolve(root, path));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  if (real === root || real.startsWith(root.endsWith(sep) ? root : root + sep)) return real;
  throw new InputError(
    'profile',
    `Invalid profile '${path}': it resolves to a file outside the workspace (GITHUB_WORKSPACE, after following symbolic links). Expected a path to a profile file in the repository, e.g. .github/entra/app.yaml, or a built-in profile name.`,
  );
}

function realpathOrSelf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

function readIfFile(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if (
      (error as NodeJS.ErrnoException).code === 'ENOENT' ||
      (error as NodeJS.ErrnoException).code === 'EISDIR'
    )
      return undefined;
    throw error;
  }
}
