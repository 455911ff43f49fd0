// Credential lifetimes and rotation windows are counted in days.

/** Milliseconds in a day (UTC days: no daylight saving in Entra's dates). */
export const DAY_MS = 86_400_000;
