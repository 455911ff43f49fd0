// What reconciling one app registration produced, for outputs and the job summary.
import type { VerifyResult } from '../credentials/types.js';
import type { Plan } from '../plan/changes.js';
import type { Handoff } from './handoff.js';

export interface AppResult {
  plan: Plan;
  /** The plan had changes (applied in mode apply, pending in mode plan). */
  changed: boolean;
  /** The changes were applied. */
  applied: boolean;
  application: { id: string; appId: string; displayName: string; uniqueName: string } | null;
  servicePrincipalId: string | null;
  secretName: string | null;
  /** The credential now stored in GitHub (new or current), without its value. */
  credential: {
    keyId: string;
    type: 'secret' | 'certificate';
    endDateTime: string;
    thumbprintHex?: string;
  } | null;
  verified: VerifyResult | null;
  /** What a person must update in a product configured by hand; null when nothing. */
  handoff?: Handoff | null;
  /** The plan removes surplus instances: it is not an app of its own (left out of `apps` and the apps table). */
  removal?: boolean;
}
