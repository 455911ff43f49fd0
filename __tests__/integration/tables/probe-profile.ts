// The app the fault and interruption tables register: one application and one delegated Graph
// permission, a federated credential and a credential, so every kind of new object is exercised.

/** Returns the inline profile of one probe app with the given credential type. */
export function probeProfile(
  displayName: string,
  uniqueName: string,
  type: 'secret' | 'certificate',
): string {
  return `
displayName: ${displayName}
uniqueName: ${uniqueName}
permissions:
  - resource: Microsoft Graph
    application: [User.Read.All]
    delegated: [User.Read]
federatedCredentials:
  - name: github-main
    issuer: https://token.actions.githubusercontent.com
    subject: repo:octo-org/octo-repo:ref:refs/heads/main
credential:
  type: ${type}
`;
}
