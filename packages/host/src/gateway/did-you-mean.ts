// The closest field name to a misspelt one, for "did you mean" in configuration errors.

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length];
}

/**
 * The known name within a few edits of `name` (a third of its length, at least 2), else the one
 * known name that starts with it (`invert` for `invert_match`), if any.
 */
export function didYouMean(name: string, known: readonly string[]): string | null {
  const limit = Math.max(2, Math.floor(name.length / 3));
  let best: string | null = null;
  let bestDistance = limit + 1;
  for (const k of known) {
    const d = editDistance(name.toLowerCase(), k);
    if (d < bestDistance) {
      best = k;
      bestDistance = d;
    }
  }
  if (best) return best;
  const longer = known.filter((k) => name.length >= 3 && k.startsWith(name.toLowerCase()));
  return longer.length === 1 ? longer[0] : null;
}
