// Child process for graph-sign-in.test.ts: signs in as the action does (GitHub OIDC token from the
// runner environment, ClientAssertionCredential) and reads one app through Graph. NODE_EXTRA_CA_CERTS
// comes from the environment, as on a runner. Prints one JSON line: the result or the error.
import { createGraphCredential } from '../../src/auth/sign-in.js';
import { resolveEndpoints } from '../../src/auth/clouds.js';
import { GraphClient } from '../../src/graph/graph-client.js';
import { readObservedState } from '../../src/graph/read-state.js';

const [tenantId, clientId, authorityHost, graphEndpoint] = process.argv.slice(2) as [
  string,
  string,
  string,
  string,
];
const endpoints = resolveEndpoints('AzurePublicCloud', { authorityHost, graphEndpoint });
const credential = createGraphCredential({
  tenantId,
  clientId,
  authorityHost: endpoints.authorityHost,
  audience: 'api://AzureADTokenExchange',
});
const graph = new GraphClient({ credential, graphEndpoint: endpoints.graphEndpoint });
try {
  const { observed, resourcesByKey } = await readObservedState(graph, {
    uniqueName: 'does-not-exist',
    displayName: 'Nobody',
    resources: [{ key: 'graph', appId: '00000003-0000-0000-c000-000000000000' }],
  });
  console.log(
    JSON.stringify({
      ok: true,
      application: observed.application,
      graph: resourcesByKey.get('graph')?.displayName,
      stats: graph.stats,
    }),
  );
} catch (err) {
  console.log(
    JSON.stringify({ ok: false, name: (err as Error).name, message: (err as Error).message }),
  );
}
