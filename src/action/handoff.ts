// The hand-off to the person who pastes the values into a product configured by hand: what to
// update (product, form, fields), where to fetch the new value, and by when (the old credential's
// end). Pure: reconcile-app assembles a Handoff, notify-handoff.ts delivers it.
import type { HandoffSpec } from '../profile/types.js';

/** One app's pending hand-off. */
export interface Handoff {
  /** new: this run created the credential; pending: a scheduled run finds the old one still to be replaced. */
  kind: 'new' | 'pending';
  spec: HandoffSpec;
  appDisplayName: string;
  clientId: string;
  tenantId: string;
  credentialType: 'secret' | 'certificate';
  keyId: string;
  expires: string;
  /** Where a person fetches the value, one sentence each (vault secret URL + version, GitHub secret). */
  fetchFrom: string[];
  /** End of the credential the product uses now (ISO); null when there was none (a new app). */
  oldEnds: string | null;
}

/** The marker that identifies the app's hand-off issue. */
export function toIssueMarker(handoff: Handoff): string {
  return `<!-- register-entra-app handoff ${handoff.clientId} -->`;
}

/** The issue title of an app's hand-off. */
export function formatIssueTitle(handoff: Handoff): string {
  return `Update the ${describeCredential(handoff)} of "${handoff.appDisplayName}" in ${handoff.spec.product}`;
}

/** The one-line warning annotation. */
export function formatHandoffWarning(handoff: Handoff): string {
  const by = handoff.oldEnds
    ? ` before ${handoff.oldEnds.slice(0, 10)}, when the old one stops working`
    : '';
  const where = handoff.spec.form ? ` (${handoff.spec.form})` : '';
  const field = handoff.spec.fields.credential
    ? `, field "${handoff.spec.fields.credential}",`
    : '';
  const lead =
    handoff.kind === 'new'
      ? `A new ${describeCredential(handoff)} was created for "${handoff.appDisplayName}".`
      : `The hand-off of the ${describeCredential(handoff)} of "${handoff.appDisplayName}" is still pending.`;
  return `${lead} Update it in ${handoff.spec.product}${where}${field}${by}. Fetch it from ${handoff.fetchFrom.join(', or ')}.`;
}

/** The Markdown checklist for the job summary and the issue. */
export function formatHandoffMarkdown(handoff: Handoff): string {
  const { spec } = handoff;
  const deadline = handoff.oldEnds
    ? `**by ${handoff.oldEnds.slice(0, 10)}**: the old ${describeCredential(handoff)} stops working at ${handoff.oldEnds}`
    : 'now: the product has no working credential of this app yet';
  const field = (name: string | null, value: string): string[] =>
    name ? [`- [ ] *${name}*: ${value}`] : [];
  return [
    `### Hand-off: ${spec.product}, "${handoff.appDisplayName}"`,
    '',
    handoff.kind === 'new'
      ? `A new ${describeCredential(handoff)} (keyId \`${handoff.keyId}\`, expires ${handoff.expires.slice(0, 10)}) was created. Update the product ${deadline}.`
      : `Still pending: the product must get the ${describeCredential(handoff)} with keyId \`${handoff.keyId}\` ${deadline}.`,
    '',
    `- [ ] Open ${spec.product}${spec.form ? `: ${spec.form}` : ''}`,
    ...field(spec.fields.clientId, `\`${handoff.clientId}\``),
    ...field(spec.fields.tenantId, `\`${handoff.tenantId}\``),
    `- [ ] *${spec.fields.credential ?? describeCredential(handoff)}*: fetch it from ${handoff.fetchFrom.join(', or ')}`,
    '- [ ] Test the connection in the product, then close this checklist (with `notify: issue`, close the issue).',
    '',
  ].join('\n');
}

function describeCredential(handoff: Handoff): string {
  return handoff.credentialType === 'secret' ? 'client secret' : 'certificate';
}
