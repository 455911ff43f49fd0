// The inline profile (`app` input) most credential tests use: one Graph application permission,
// so a token obtained with the stored credential must carry the role User.Read.All.

/** Returns a profile named `uniqueName` with Microsoft Graph User.Read.All and the given `credential:` lines (e.g. "type: secret"). */
export function userReadAllProfile(uniqueName: string, credential: string): string {
  const lines = credential
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
  return `
displayName: ${uniqueName}
uniqueName: ${uniqueName}
permissions:
  - resource: Microsoft Graph
    application: [User.Read.All]
credential:
${lines}
`;
}
