// Shared by the pty benchmarks (bench/lib is not a benchmark itself): where ttybench is (the harness the peers' figures came from),
// and the median.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { acquireMachineLock } from '../../test/helpers/machine-lock.js';

/** The repository root (benchmarks run from dist/bench). */
export const repo = resolve(import.meta.dirname, '..', '..');
export const bin = join(repo, 'bin', 'opsdeck.js');

/** TTYBENCH=path, else ../shared/tools/ttybench/ttybench.py beside the repository. */
export const ttybench = [process.env.TTYBENCH, join(repo, '..', 'shared', 'tools', 'ttybench', 'ttybench.py'), '/work/shared/tools/ttybench/ttybench.py'].find((p) => p && existsSync(p));

/**
 * Runs `measure` while holding the shipped demo's fixed ports (the machine lock the test suites
 * take), then stops the demo's services in `env`'s state dir, which a demo console starts by
 * itself: a bench must never leave them holding the ports other checkouts' suites need.
 */
export async function withDemoPorts<T>(env: NodeJS.ProcessEnv, measure: () => Promise<T> | T): Promise<T> {
  const release = await acquireMachineLock('demo-ports');
  try {
    return await measure();
  } finally {
    spawnSync(process.execPath, [bin, 'stop', '--all', '--dir', repo, '--profile', 'demo'], { env: { ...process.env, ...env }, stdio: 'ignore' });
    release();
  }
}

export const median = (xs: number[]): number => {
  const s = [...xs].filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)]! : NaN;
};

/** What a start cost until its first full frame: wall time, and the CPU time of node's main thread. */
export interface FirstFrame {
  ms: number;
  /** CPU time of node's main thread until the frame (/proc schedstat; NaN off Linux). */
  mainCpuMs: number;
}

/**
 * Milliseconds from spawning the installed launcher (bin/opsdeck.js through its shebang) on a pty
 * (`script`) of `cols` x `rows` until the screen text matches `ready` (NaN after 15 s); then `q`.
 */
export async function firstFrameMs(args: string[], ready: RegExp, o: { cols: number; rows: number; env?: NodeJS.ProcessEnv }): Promise<number> {
  return (await firstFrame(args, ready, o)).ms;
}

/**
 * firstFrameMs, plus the main thread's CPU time at that moment: on a machine shared with other
 * work, wall time mostly measures the others' load, CPU time what the start itself costs.
 * `launcher`: another build's bin/opsdeck.js (@default this one's).
 */
export async function firstFrame(args: string[], ready: RegExp, o: { cols: number; rows: number; env?: NodeJS.ProcessEnv; launcher?: string }): Promise<FirstFrame> {
  const cmd = `stty cols ${o.cols} rows ${o.rows}; exec ${[o.launcher ?? bin, ...args].map((a) => `'${a}'`).join(' ')}`;
  const t0 = performance.now();
  const child = spawn('script', ['-qfec', cmd, '/dev/null'], { env: { ...process.env, TERM: 'xterm-256color', ...o.env }, stdio: ['pipe', 'pipe', 'ignore'] });
  const result = await new Promise<FirstFrame>((done) => {
    let text = '';
    const timer = setTimeout(() => done({ ms: NaN, mainCpuMs: NaN }), 15_000);
    child.stdout.on('data', (d: Buffer) => {
      text += d.toString().replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').replace(/\r/g, '');
      if (ready.test(text)) {
        clearTimeout(timer);
        done({ ms: performance.now() - t0, mainCpuMs: nodeMainCpuMs(child.pid) });
      }
    });
  });
  child.stdin.write('q');
  setTimeout(() => child.kill('SIGKILL'), 1000).unref();
  await new Promise((r) => child.on('close', r));
  return result;
}

/** The main-thread CPU time (ms) of the node process under `pid` (script → sh exec'd into node). */
function nodeMainCpuMs(pid: number | undefined): number {
  try {
    const queue = pid ? [pid] : [];
    while (queue.length) {
      const p = queue.shift()!;
      if (readFileSync(`/proc/${p}/comm`, 'utf8').trim() === 'node') return Number(readFileSync(`/proc/${p}/schedstat`, 'utf8').split(' ')[0]) / 1e6;
      for (const task of readdirSync(`/proc/${p}/task`)) queue.push(...readFileSync(`/proc/${p}/task/${task}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number));
    }
  } catch {
    /* not Linux, or the process is gone */
  }
  return NaN;
}
