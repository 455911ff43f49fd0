// The action's settings for the bootstrap's own apps: the same planner and executor as a workflow
// run, with credential type none (the apps trust GitHub's tokens), no pruning and no adoption.
import type { Settings } from '../action/settings.js';
import { TOKEN_EXCHANGE_AUDIENCES } from '../auth/clouds.js';
import type { BootstrapOptions } from './options.js';

/** Returns Settings that reconcile the bootstrap's apps in `tenantId`. */
export function toBootstrapSettings(tenantId: string, options: BootstrapOptions): Settings {
  return {
    tenantId,
    // The bootstrap signs in as the administrator; the Graph client never uses this id.
    clientId: '',
    profile: null,
    app: null,
    vars: {},
    mode: options.planOnly ? 'plan' : 'apply',
    failOnDrift: false,
    // Federated credentials and permissions added by hand, or for another repository, stay.
    prune: false,
    adopt: false,
    cloud: options.cloud,
    authorityHost: options.authorityHost,
    graphEndpoint: options.graphEndpoint,
    // Unused: the bootstrap signs in as the administrator, not with GitHub's token.
    audience: TOKEN_EXCHANGE_AUDIENCES[options.cloud],
    credentialType: 'none',
    credentialLifetimeDays: null,
    certificate: null,
    certificateFormat: 'pfx',
    certificatePassword: null,
    rotate: 'never',
    rotateDaysBeforeExpiry: 30,
    keepCredentials: 1,
    verify: false,
    secret: {
      name: null,
      scope: 'repository',
      environment: null,
      repository: null,
      organization: null,
      visibility: 'private',
      repositories: [],
    },
    storeIds: 'none',
    secretStore: 'github',
    keyVault: null,
    notify: 'none',
    githubToken: null,
  };
}
