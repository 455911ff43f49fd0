// Deletes what a live run created: the applications by uniqueName (their service principals go
// with them) through Graph, signed in as the deployer with the job's OIDC token, and the GitHub
// secrets (and the variables named after them) in the test repository. Runs after every live run,
// also a failed one; what it cannot delete it reports, so a person can.

import type { LiveSettings } from './settings.js';

/** What a live run may have created. */
export interface LiveCreated {
  uniqueNames: string[];
  secretNames: string[];
}

/** What the cleanup deleted and what it could not. */
export interface CleanupReport {
  deleted: string[];
  leftovers: string[];
}

const AUTHORITY = 'https://login.microsoftonline.com';
const GRAPH = 'https://graph.microsoft.com/v1.0';

/** Deletes every app and secret of `created`; never throws. */
export async function cleanUpLiveRun(
  settings: LiveSettings,
  created: LiveCreated,
): Promise<CleanupReport> {
  const report: CleanupReport = { deleted: [], leftovers: [] };
  try {
    const token = await fetchGraphToken(settings);
    for (const uniqueName of created.uniqueNames) {
      const url = `${GRAPH}/applications(uniqueName='${encodeURIComponent(uniqueName)}')`;
      const response = await fetch(url, {
        method: 'DELETE',
        headers: { authorization: `Bearer ${token}` },
      });
      if (response.status === 204) report.deleted.push(`application ${uniqueName}`);
      else if (response.status !== 404)
        report.leftovers.push(
          `application ${uniqueName} (${response.status} ${await response.text()})`,
        );
    }
  } catch (error) {
    report.leftovers.push(
      `applications ${created.uniqueNames.join(', ')}: ${(error as Error).message}`,
    );
  }
  await deleteGitHubItems(settings, created.secretNames, report);
  return report;
}

async function deleteGitHubItems(
  settings: LiveSettings,
  secretNames: string[],
  report: CleanupReport,
): Promise<void> {
  const base = `${settings.githubApiUrl}/repos/${settings.repository}/actions`;
  const headers = {
    authorization: `Bearer ${settings.githubToken}`,
    accept: 'application/vnd.github+json',
    'x-github-api-version': '2022-11-28',
    'user-agent': 'register-entra-app-live-test',
  };
  try {
    const list = async (kind: 'secrets' | 'variables'): Promise<string[]> => {
      const response = await fetch(`${base}/${kind}?per_page=100`, { headers });
      if (!response.ok) return [];
      const body = (await response.json()) as Record<string, Array<{ name: string }>>;
      return (body[kind] ?? []).map((item) => item.name);
    };
    // The action may store more beside a secret (a certificate's password, ids): all share its name.
    const ours = (name: string): boolean =>
      secretNames.some((secret) => name.toUpperCase().startsWith(secret));
    const targets = [...new Set([...secretNames, ...(await list('secrets')).filter(ours)])].map(
      (name) => ({ kind: 'secret', path: `secrets/${name}`, name }),
    );
    for (const name of (await list('variables')).filter(ours))
      targets.push({ kind: 'variable', path: `variables/${name}`, name });
    for (const target of targets) {
      const response = await fetch(`${base}/${target.path}`, { method: 'DELETE', headers });
      if (response.status === 204) report.deleted.push(`${target.kind} ${target.name}`);
      else if (response.status !== 404)
        report.leftovers.push(`${target.kind} ${target.name} (${response.status})`);
    }
  } catch (error) {
    report.leftovers.push(`GitHub secrets ${secretNames.join(', ')}: ${(error as Error).message}`);
  }
}

// The job's OIDC token, exchanged at Entra for a Graph token of the deployer (client assertion).
async function fetchGraphToken(settings: LiveSettings): Promise<string> {
  const env = settings.runnerEnv;
  const oidc = new URL(env.ACTIONS_ID_TOKEN_REQUEST_URL);
  oidc.searchParams.set('audience', 'api://AzureADTokenExchange');
  const idToken = await fetch(oidc, {
    headers: { authorization: `Bearer ${env.ACTIONS_ID_TOKEN_REQUEST_TOKEN}` },
  });
  if (!idToken.ok) throw new Error(`OIDC token request answered ${idToken.status}`);
  const { value } = (await idToken.json()) as { value: string };
  const form = new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: settings.clientId,
    scope: 'https://graph.microsoft.com/.default',
    client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
    client_assertion: value,
  });
  const response = await fetch(`${AUTHORITY}/${settings.tenantId}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form,
  });
  const body = (await response.json()) as { access_token?: string; error_description?: string };
  if (!body.access_token) throw new Error(`token request failed: ${body.error_description}`);
  return body.access_token;
}
