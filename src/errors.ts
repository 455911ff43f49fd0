// The action's typed errors. Each carries what a user needs to fix the cause; wrap with { cause }.

/** A workflow input is missing or malformed. */
export class InputError extends Error {
  override name = 'InputError';
  constructor(
    readonly input: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** Where in a profile file a problem is, for annotations on the YAML line. */
export interface ProfileLocation {
  file?: string;
  line?: number;
  column?: number;
  /** Key path such as "permissions[1].application[0]". */
  path?: string;
}

/** A profile is invalid; one error may hold several problems. */
export class ProfileError extends Error {
  override name = 'ProfileError';
  constructor(
    message: string,
    readonly problems: Array<{ message: string } & ProfileLocation> = [],
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** What a failed Graph request was for: the plan change (as its row reads) and the app. */
export interface GraphErrorContext {
  change: string;
  app: string;
}

/** Microsoft Graph answered with an error. */
export class GraphError extends Error {
  override name = 'GraphError';
  /** The plan change and app the request belonged to, once the executor named them. */
  context?: GraphErrorContext;
  constructor(
    readonly details: {
      method: string;
      path: string;
      status: number;
      code: string;
      message: string;
      requestId?: string;
      date?: string;
    },
    options?: ErrorOptions,
  ) {
    super(
      `${details.method} ${details.path} failed: ${details.status} ${details.code}: ${details.message}` +
        (details.requestId
          ? ` (request-id ${details.requestId}${details.date ? `, date ${details.date}` : ''})`
          : ''),
      options,
    );
  }
  get status(): number {
    return this.details.status;
  }
  get code(): string {
    return this.details.code;
  }
  /** Names the plan change and app the request belonged to, appended to the message's first line (once). */
  nameChange(context: GraphErrorContext): this {
    if (this.context) return this;
    this.context = context;
    appendContext(this, context);
    return this;
  }
}

/** Appends `[change: …; app: …]` to the error message's first line. */
export function appendContext(error: Error, context: GraphErrorContext): void {
  const [first = '', ...rest] = error.message.split('\n');
  error.message = [`${first} [change: ${context.change}; app: ${context.app}]`, ...rest].join('\n');
}

/** The GitHub REST API answered with an error. */
export class GitHubError extends Error {
  override name = 'GitHubError';
  constructor(
    message: string,
    readonly status: number,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** Sign-in to Entra ID failed (no OIDC token, or the token endpoint refused it). */
/** A Key Vault request failed; status 0 when no answer arrived. */
export class KeyVaultError extends Error {
  override name = 'KeyVaultError';
  constructor(
    message: string,
    readonly status: number,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

export class AuthError extends Error {
  override name = 'AuthError';
}

/** An object did not become visible (or a change did not take effect) within the wait. */
export class ConsistencyTimeoutError extends Error {
  override name = 'ConsistencyTimeoutError';
}

/**
 * Yields the error, then its cause, its cause's cause, … (at most maxDepth links): the one walker
 * of `{ cause }` chains. Stops at the first link that is not an object with a cause.
 */
export function* walkCauses(error: unknown, maxDepth = 5): Generator {
  let current = error;
  for (let depth = 0; current && depth < maxDepth; depth++) {
    yield current;
    current = typeof current === 'object' ? (current as { cause?: unknown }).cause : undefined;
  }
}
