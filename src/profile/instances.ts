// Several identical apps from one profile (Commvault spreads Exchange Online backup over many apps
// to stay under throttling limits).
import type { ProfileSpec } from './types.js';

const BASE_APPS = 5;
const BASE_MAILBOXES = 2500;
const MAILBOXES_PER_EXTRA_APP = 1000;
/** The most apps one profile registers; the schema caps `instances: N` and `mailboxes` to it. */
export const MAX_INSTANCES = 99;

/**
 * Returns how many apps to register: the count given, or Commvault's rule for mailboxes (5 apps up
 * to 2,500 mailboxes, one more for every additional 1,000 or part of it); 1 when the profile sets none.
 */
export function computeInstanceCount(instances: ProfileSpec['instances']): number {
  if (instances === null) return 1;
  if ('count' in instances) return instances.count;
  const extra = Math.max(0, instances.mailboxes - BASE_MAILBOXES);
  // The schema refuses more mailboxes than MAX_INSTANCES apps serve; this keeps the cap if it is bypassed.
  return Math.min(MAX_INSTANCES, BASE_APPS + Math.ceil(extra / MAILBOXES_PER_EXTRA_APP));
}

/** Returns one spec per app: the spec itself when there is one, else "Name 01"/"name-01", ... with suffix "01", ... */
export function expandInstances(
  spec: ProfileSpec,
): Array<{ spec: ProfileSpec; suffix: string | null }> {
  const count = computeInstanceCount(spec.instances);
  if (count <= 1) return [{ spec, suffix: null }];
  return Array.from({ length: count }, (_, index) => {
    const suffix = String(index + 1).padStart(2, '0');
    return {
      spec: {
        ...spec,
        displayName: `${spec.displayName} ${suffix}`,
        uniqueName: `${spec.uniqueName}-${suffix}`,
        instances: null,
      },
      suffix,
    };
  });
}
