// Estimated duration per step from past runs: the median of the last few successful attempts,
// so one slow outlier does not double the estimate.
import type { RunDigest } from './run-digest.js';

export function estimatesFrom(pastNewestFirst: readonly RunDigest[], keep = 5): Record<string, number> {
  const samples: Record<string, number[]> = {};
  for (const run of pastNewestFirst) {
    if (run.dryRun) continue;
    for (const st of run.steps) {
      if (st.outcome !== 'succeeded' || st.durationMs === undefined) continue;
      const list = (samples[st.id] ??= []);
      if (list.length < keep) list.push(st.durationMs);
    }
  }
  const out: Record<string, number> = {};
  for (const [id, list] of Object.entries(samples)) {
    const sorted = [...list].sort((a, b) => a - b);
    out[id] = sorted[Math.floor(sorted.length / 2)]!;
  }
  return out;
}
