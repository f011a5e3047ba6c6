// Small pieces the benchmarks share: a percentile, a figure in ms, and waiting on a condition.

/** The p-th percentile (nearest rank) of xs. */
export const pct = (xs: number[], p: number): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

export const fmt = (n: number): string => `${n.toFixed(1)} ms`;

/** Polls `fn` every 5 ms until it holds; resolves with how long that took, throws after `ms`. */
export async function until(fn: () => boolean, ms = 20_000): Promise<number> {
  const t0 = performance.now();
  while (!fn()) {
    if (performance.now() - t0 > ms) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
  return performance.now() - t0;
}
