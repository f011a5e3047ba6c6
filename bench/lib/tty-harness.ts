// Shared by the pty benchmarks (bench/lib is not a benchmark itself): where ttybench is (the harness the peers' figures came from),
// and the median.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The repository root (benchmarks run from dist/bench). */
export const repo = resolve(import.meta.dirname, '..', '..');
export const bin = join(repo, 'bin', 'opsdeck.js');

/** TTYBENCH=path, else ../shared/tools/ttybench/ttybench.py beside the repository. */
export const ttybench = [process.env.TTYBENCH, join(repo, '..', 'shared', 'tools', 'ttybench', 'ttybench.py'), '/work/shared/tools/ttybench/ttybench.py'].find((p) => p && existsSync(p));

export const median = (xs: number[]): number => {
  const s = [...xs].filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)]! : NaN;
};
