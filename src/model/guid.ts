// GUIDs: an application's appId, a tenant id, a permission's id, in their 8-4-4-4-12 hexadecimal form.

/** The pattern of a GUID, without anchors, to match case-insensitively (flag i) or to embed in another pattern. */
export const GUID_PATTERN = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

const GUID = new RegExp(`^${GUID_PATTERN}$`, 'i');

/** Returns true for a GUID in its usual 8-4-4-4-12 hexadecimal form. */
export function isGuid(text: string): boolean {
  return GUID.test(text);
}

/** Returns true for text meant as a GUID (hex digits and hyphens only, long enough) that is not a well-formed one. */
export function isMalformedGuid(text: string): boolean {
  return /^[0-9a-f-]{20,}$/i.test(text) && /\d/.test(text) && text.includes('-') && !isGuid(text);
}
