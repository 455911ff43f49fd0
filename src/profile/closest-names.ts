// Suggestions for misspelt keys, permission names and profile names.

/** Returns up to `limit` candidates close to `name`: same letters ignoring case, then prefixes, then small edit distances. */
export function findClosestNames(name: string, candidates: Iterable<string>, limit = 3): string[] {
  const wanted = name.toLowerCase();
  const scored: Array<{ candidate: string; rank: number; distance: number }> = [];
  for (const candidate of new Set(candidates)) {
    const lower = candidate.toLowerCase();
    if (candidate === name) continue;
    if (lower === wanted) {
      scored.push({ candidate, rank: 0, distance: 0 });
    } else if (wanted.length >= 3 && (lower.startsWith(wanted) || wanted.startsWith(lower))) {
      scored.push({ candidate, rank: 1, distance: Math.abs(lower.length - wanted.length) });
    } else {
      const distance = editDistance(wanted, lower);
      if (distance <= Math.max(2, Math.floor(wanted.length / 3)))
        scored.push({ candidate, rank: 2, distance });
    }
  }
  scored.sort(
    (a, b) => a.rank - b.rank || a.distance - b.distance || a.candidate.localeCompare(b.candidate),
  );
  // A name that differs only in case is the answer; anything else would only distract.
  const best = scored[0]?.rank === 0 ? scored.filter((entry) => entry.rank === 0) : scored;
  return best.slice(0, limit).map((entry) => entry.candidate);
}

/** Returns "; did you mean 'x'?" or "; did you mean 'x', 'y' or 'z'?", or '' when nothing is close. */
export function formatSuggestion(names: readonly string[]): string {
  if (names.length === 0) return '';
  return `; did you mean ${formatAlternatives(names)}?`;
}

/** Returns names quoted and joined as "'a', 'b' or 'c'". */
export function formatAlternatives(names: readonly string[]): string {
  const quoted = names.map((name) => `'${name}'`);
  if (quoted.length === 1) return quoted[0];
  return `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}`;
}

/** Returns the Levenshtein distance between two strings (insertions, deletions, substitutions). */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j] + 1, current[j - 1] + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length];
}
