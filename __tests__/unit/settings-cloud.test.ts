import { describe, expect, it } from '@jest/globals';
import { parseSettings } from '../../src/action/settings.js';
import { resolveEndpoints } from '../../src/auth/clouds.js';

function parseCloud(cloud: string) {
  const inputs: Record<string, string> = {
    'tenant-id': '72f988bf-86f1-41af-91ab-2d7cd011db47',
    'client-id': '11111111-2222-3333-4444-555555555555',
    profile: 'codetwo-backup-exchange',
    cloud,
  };
  return parseSettings((name) => inputs[name] ?? '', { GITHUB_REPOSITORY: 'octo-org/octo-repo' });
}

describe('the cloud input', () => {
  it.each([
    { value: 'AzurePublicCloud', cloud: 'AzurePublicCloud', graph: 'https://graph.microsoft.com' },
    { value: 'AzureCloud', cloud: 'AzurePublicCloud', graph: 'https://graph.microsoft.com' },
    { value: 'azurecloud', cloud: 'AzurePublicCloud', graph: 'https://graph.microsoft.com' },
    { value: 'AZUREUSGOVERNMENT', cloud: 'AzureUSGovernment', graph: 'https://graph.microsoft.us' },
    {
      value: ' azurechinacloud ',
      cloud: 'AzureChinaCloud',
      graph: 'https://microsoftgraph.chinacloudapi.cn',
    },
  ])("accepts azure/login's and our spelling '$value' in any case", ({ value, cloud, graph }) => {
    const settings = parseCloud(value);
    expect(settings.cloud).toBe(cloud);
    expect(resolveEndpoints(settings.cloud).graphEndpoint).toBe(graph);
  });

  it('names every accepted spelling for an unknown cloud', () => {
    expect(() => parseCloud('AzureStackCloud')).toThrow(
      "Invalid cloud 'AzureStackCloud'. Expected one of: AzurePublicCloud, AzureUSGovernment, AzureChinaCloud. azure/login's AzureCloud is accepted for AzurePublicCloud; case does not matter.",
    );
  });

  it('reaches US Government DoD Graph by the graph-endpoint override', () => {
    expect(
      resolveEndpoints('AzureUSGovernment', { graphEndpoint: 'https://dod-graph.microsoft.us' }),
    ).toEqual({
      authorityHost: 'https://login.microsoftonline.us',
      graphEndpoint: 'https://dod-graph.microsoft.us',
    });
  });
});
