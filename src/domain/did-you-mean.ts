// The one "did you mean" helper: every message about a mistyped name (service, environment,
// runbook, input, key, var, command) takes its guess and its wording from here.

/** The closest candidate within a small edit distance (case-insensitive), or undefined. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestScore = Infinity;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestScore) {
      bestScore = d;
      best = c;
    }
  }
  const limit = Math.max(2, Math.floor(word.length / 3));
  return bestScore <= limit ? best : undefined;
}

/**
 * ` (did you mean "GUESS"?)` for the closest candidate, or '' when none is close (or the closest
 * is the word itself). `prefix` goes before the guess, e.g. `inputs.` → `"inputs.region"`.
 */
export function didYouMean(word: string, candidates: readonly string[], prefix = ''): string {
  const guess = closest(word, candidates);
  return guess && guess !== word ? ` (did you mean "${prefix}${guess}"?)` : '';
}

export interface UnknownName {
  /** What was looked for: "service", "environment", "runbook". */
  kind: string;
  name: string;
  /** Where it was looked for: "profile demo". */
  where: string;
  candidates: readonly string[];
  /** Label of the list of what exists. @default 'available' */
  listLabel?: string;
}

/** `no KIND "NAME" in WHERE (did you mean "X"?); LABEL: a, b` */
export function unknownNameMessage({ kind, name, where, candidates, listLabel = 'available' }: UnknownName): string {
  return `no ${kind} "${name}" in ${where}${didYouMean(name, candidates)}; ${listLabel}: ${candidates.join(', ') || 'none'}`;
}

function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length]!;
}
