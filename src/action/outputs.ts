// Step outputs: ids of the (first) app, the plan as JSON, and the list of apps for a job matrix.
import * as core from '@actions/core';
import { listPrivilegeIncreases } from '../plan/privilege-increases.js';
import { toPlanJson } from '../plan/format-plan.js';
import type { AppResult } from './app-result.js';
import type { Settings } from './settings.js';

/** Writes every output of action.yml; single-app outputs describe the first app (see `apps` for all). */
export function writeOutputs(settings: Settings, results: AppResult[]): void {
  const first = results[0];
  core.setOutput('tenant-id', settings.tenantId);
  core.setOutput('client-id', first?.application?.appId ?? '');
  core.setOutput('object-id', first?.application?.id ?? '');
  core.setOutput('service-principal-id', first?.servicePrincipalId ?? '');
  core.setOutput('changed', String(results.some((r) => r.changed)));
  core.setOutput(
    'privilege-increase',
    String(results.some((r) => listPrivilegeIncreases(r.plan).length > 0)),
  );
  const plans = results.map((r) => toPlanJson(r.plan));
  core.setOutput('plan', JSON.stringify(plans.length === 1 ? plans[0] : plans));
  core.setOutput(
    'apps',
    JSON.stringify(
      results
        .filter((r) => !r.removal)
        .map((r) => ({
          displayName: r.application?.displayName ?? r.plan.displayName,
          uniqueName: r.application?.uniqueName ?? r.plan.target,
          clientId: r.application?.appId ?? null,
          objectId: r.application?.id ?? null,
          servicePrincipalId: r.servicePrincipalId,
          secretName: r.secretName,
        })),
    ),
  );
  core.setOutput('secret-name', first?.secretName ?? '');
  core.setOutput('credential-id', first?.credential?.keyId ?? '');
  core.setOutput('credential-expires', first?.credential?.endDateTime ?? '');
  core.setOutput('certificate-thumbprint', first?.credential?.thumbprintHex ?? '');
  core.setOutput('verified', first?.verified ? String(first.verified.ok) : '');
}
