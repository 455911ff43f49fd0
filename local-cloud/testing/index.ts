// Helpers for Jest tests against the local cloud: one cloud per test file, requests that trust its
// CA, views of its tenant, hand-made tenant changes, token requests with a credential, test
// certificates, a Key Vault reader and a CONNECT proxy.
export { cloudAgent, requestCloud, type CloudResponse } from './cloud-client.js';
export { startConnectProxy, type ConnectProxy, type Tunnel } from './connect-proxy.js';
export {
  REPOSITORY,
  readPemSecret,
  readPfx,
  requestTokenWithCertificate,
  requestTokenWithSecret,
  thumbprintOf,
  type KeyPair,
  type TokenAnswer,
} from './credential-tokens.js';
export {
  addHandMadeApplication,
  firstPartyPermissionId,
  grantAppRoleByHand,
  resetTenant,
  revokeAppRoleByHand,
  viewApp,
  type AppView,
} from './tenant-view.js';
export {
  createTestCertificate,
  toKeyCredential,
  type TestCertificate,
} from './test-certificate.js';
export { useLocalCloud, withLocalCloud, type CloudHandle } from './use-local-cloud.js';
export {
  addVaultReader,
  proxyEnv,
  readVaultSecretAs,
  requestReaderToken,
  requestVault,
  type VaultReader,
} from './vault-reader.js';
