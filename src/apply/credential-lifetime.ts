// A tenant app management policy may refuse a new credential's type or lifetime. Graph says which
// (CredentialTypeNotAllowedAsPerAppPolicy, CredentialInvalidLifetimeAsPerAppPolicy) but not the
// limit, and reading the policy needs Policy.Read.All, which the deployer lacks; so a "never expire"
// wish steps down through common policy lifetimes until one is accepted.
// https://learn.microsoft.com/graph/api/resources/appmanagementpolicy
import { DAY_MS } from '../model/days.js';
import { GraphError } from '../errors.js';
import type { ApplyContext } from './apply-context.js';

/** Lifetimes tried below the planner's 99 years, longest first: the values policies are usually set to. */
export const FALLBACK_LIFETIME_DAYS = [3650, 1825, 1095, 730, 365, 180, 90, 60, 30, 14, 7, 1];

/** Adds a credential with `add(endDateTime)`; for a "never expire" credential (lifetimeDays 0) a refused lifetime steps down. */
export async function addWithinPolicy<T>(
  ctx: ApplyContext,
  type: 'secret' | 'certificate',
  endDateTime: string,
  add: (endDateTime: string) => Promise<T>,
): Promise<T> {
  const what = type === 'secret' ? 'client secrets' : 'certificates';
  try {
    return await add(endDateTime);
  } catch (error) {
    if (isPolicyError(error, 'CredentialTypeNotAllowedAsPerAppPolicy')) {
      const instead =
        type === 'secret'
          ? 'Use a certificate instead (credential-type: certificate) if the product accepts one, or ask'
          : 'Ask';
      throw new Error(
        `The tenant's app management policy does not allow new ${what} on this app. ${instead} an admin to exempt the app from the policy.`,
        { cause: error },
      );
    }
    if (!isPolicyError(error, 'CredentialInvalidLifetimeAsPerAppPolicy')) throw error;
    const days = ctx.desired.credential.lifetimeDays;
    if (days !== 0) {
      throw new Error(
        `The tenant's app management policy refuses ${what} valid for ${days} days: it allows only shorter lifetimes. ` +
          `Set credential-lifetime-days (or the profile's credential.lifetimeDays) to what the policy allows, commonly 180, 90 or 30; ` +
          `an admin sees the limit under Entra ID → Enterprise apps → App management policies.`,
        { cause: error },
      );
    }
    return addLongestAccepted(ctx, what, add, error);
  }
}

async function addLongestAccepted<T>(
  ctx: ApplyContext,
  what: string,
  add: (endDateTime: string) => Promise<T>,
  firstRefusal: unknown,
): Promise<T> {
  let refusal = firstRefusal;
  for (const days of FALLBACK_LIFETIME_DAYS) {
    try {
      const added = await add(new Date(Date.now() + days * DAY_MS).toISOString());
      ctx.logger.warning(
        `The tenant's app management policy refuses ${what} that never expire; the new one is valid for ${days} days, the longest of ` +
          `${FALLBACK_LIFETIME_DAYS.filter((d) => d >= days).join(', ')} days the policy accepted. Scheduled runs rotate it before it expires.`,
      );
      return added;
    } catch (error) {
      if (!isPolicyError(error, 'CredentialInvalidLifetimeAsPerAppPolicy')) throw error;
      refusal = error;
    }
  }
  throw new Error(
    `The tenant's app management policy refuses ${what} of every lifetime down to 1 day.`,
    { cause: refusal },
  );
}

function isPolicyError(error: unknown, code: string): boolean {
  return (
    error instanceof GraphError && (error.code === code || error.details.message.includes(code))
  );
}
