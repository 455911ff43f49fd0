// Facts about Microsoft's first-party resources and the action's own markers.

/** appIds of the first-party APIs the built-in profiles use, keyed by their display names. */
export const FIRST_PARTY_RESOURCES: Readonly<Record<string, string>> = {
  'Microsoft Graph': '00000003-0000-0000-c000-000000000000',
  'Office 365 Exchange Online': '00000002-0000-0ff1-ce00-000000000000',
  'Office 365 SharePoint Online': '00000003-0000-0ff1-ce00-000000000000',
};

/** Tag the action puts on every application it creates; an app without it is not taken over unless adopt is set. */
export const MANAGED_TAG = 'register-entra-app:managed';

/** Prefix of the displayName of every password or key credential the action creates. */
export const CREDENTIAL_PREFIX = 'register-entra-app';
