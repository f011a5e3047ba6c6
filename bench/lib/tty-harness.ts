// Shared by the pty benchmarks (bench/lib is not a benchmark itself): where ttybench is (the harness the peers' figures came from),
// and the median.
import { spawn } from 'node:child_process';
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

/**
 * Milliseconds from spawning the installed launcher (bin/opsdeck.js through its shebang) on a pty
 * (`script`) of `cols` x `rows` until the screen text matches `ready` (NaN after 15 s); then `q`.
 */
export async function firstFrameMs(args: string[], ready: RegExp, o: { cols: number; rows: number; env?: NodeJS.ProcessEnv }): Promise<number> {
  const cmd = `stty cols ${o.cols} rows ${o.rows}; exec ${[bin, ...args].map((a) => `'${a}'`).join(' ')}`;
  const t0 = performance.now();
  const child = spawn('script', ['-qfec', cmd, '/dev/null'], { env: { ...process.env, TERM: 'xterm-256color', ...o.env }, stdio: ['pipe', 'pipe', 'ignore'] });
  const ms = await new Promise<number>((done) => {
    let text = '';
    const timer = setTimeout(() => done(NaN), 15_000);
    child.stdout.on('data', (d: Buffer) => {
      text += d.toString().replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');
      if (ready.test(text)) {
        clearTimeout(timer);
        done(performance.now() - t0);
      }
    });
  });
  child.stdin.write('q');
  setTimeout(() => child.kill('SIGKILL'), 1000).unref();
  await new Promise((r) => child.on('close', r));
  return ms;
}
