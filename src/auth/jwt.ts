// The one JWT decoder: reads a token's claims without verifying its signature. Only for tokens
// that came over TLS from their issuer (Entra's token endpoint, GitHub's token service) or that
// the action built itself; never a basis for trust.

/** Returns the payload (claims) of a JWT; an empty object when the token is unreadable. */
export function decodeJwtPayload(token: string): Record<string, unknown> {
  try {
    const payload: unknown = JSON.parse(
      Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'),
    );
    return typeof payload === 'object' && payload !== null && !Array.isArray(payload)
      ? (payload as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}
