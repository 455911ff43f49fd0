// Header names are case-insensitive; the action looks them up in lower case.

/** Returns the headers with lower-case names and string values; absent (undefined or null) values are left out. */
export function toLowerCaseHeaders(
  headers: Record<string, unknown> | undefined,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {}))
    if (value !== undefined && value !== null) out[name.toLowerCase()] = String(value);
  return out;
}
