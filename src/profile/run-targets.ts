// The targets of a run with several profiles: one app each, in dependency order.
import { InputError } from '../errors.js';
import { computeInstanceCount } from './instances.js';
import type { ProfileTarget } from './read-profile.js';
import { orderByDependency } from './run-order.js';
import type { ProfileSpec } from './types.js';

/**
 * Returns one target per profile, APIs before their clients. Throws an InputError for what a run
 * of several profiles cannot do: an inline `app` (which profile would it merge over?), instances,
 * or two profiles for the same uniqueName.
 */
export function toRunTargets(
  specs: readonly ProfileSpec[],
  app: string | undefined,
): ProfileTarget[] {
  if (app?.trim())
    throw new InputError(
      'app',
      `The input 'app' merges over one profile, but 'profile' lists ${specs.length}. Put the inline settings into the profile files, or run one step per profile.`,
    );
  const counted = specs.find((spec) => computeInstanceCount(spec.instances) > 1);
  if (counted)
    throw new InputError(
      'profile',
      `${counted.source} registers several instances, which a run of several profiles does not support. Run it in a step of its own.`,
    );
  const seen = new Map<string, string>();
  for (const spec of specs) {
    const other = seen.get(spec.uniqueName);
    if (other)
      throw new InputError(
        'profile',
        `${other} and ${spec.source} both register the uniqueName "${spec.uniqueName}". Expected one profile per app.`,
      );
    seen.set(spec.uniqueName, spec.source);
  }
  return orderByDependency(specs.map((spec) => ({ spec, suffix: null })));
}
