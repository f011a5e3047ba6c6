// Costs that must not grow with history: the same console (bin/opsdeck.js, 120x40 pty via
// script(1)) with 1 past run and with RUNS_HISTORY (default 5,000) generated past runs in its
// state dir. Per case: idle CPU over a 20 s window, the longest event-loop stall while idle
// (the console's own OPSDECK_DIAGNOSTICS, sampled every second), the time from `h` to the run
// history on screen and the longest stall around it; and `opsdeck history --json` (first call,
// which builds run-index.jsonl, then a second one reading it). Each stall figure comes with how long the console's
// main thread waited for a CPU (OPSDECK_DIAGNOSTICS cpuWaitMs): on a loaded host that wait, not the console, makes
// most long stalls; the longest stall not explained by it is printed too. Goals (issue 10): idle CPU
// within 1.5x of 1 run, no stall over 16 ms, history opens in <= 100 ms, history --json <= 300 ms.
// Run: npm run bench -- runs-history
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { bin } from './lib/tty-harness.js';
import { writePastRun } from '../test/helpers/past-runs.js';

const MANY = Number(process.env.RUNS_HISTORY ?? 5000);
const IDLE_S = Number(process.env.IDLE_WINDOW_S ?? 20);

const ops = mkdtempSync(join(tmpdir(), 'opsdeck-bench-runs-ops-'));
mkdirSync(join(ops, 'profiles'));
writeFileSync(join(ops, 'profiles', 'demo.yaml'), 'name: demo\nenvironments:\n  local: {}\nservices:\n  web:\n    description: no checks\n');

function stateWith(count: number): string {
  const state = mkdtempSync(join(tmpdir(), 'opsdeck-bench-runs-state-'));
  const t0 = Date.UTC(2025, 0, 1);
  for (let i = 0; i < count; i++) {
    writePastRun(state, { startedAt: t0 + i * 3_600_000, runbook: ['deploy', 'backup', 'rotate-keys'][i % 3], outcome: i % 17 === 0 ? 'failed' : 'succeeded', outputLines: 20, random: i.toString(16).padStart(6, '0') });
  }
  return state;
}

interface Diag { at: string; loopMaxMs: number; cpuWaitMs?: number }
const diagSince = (file: string, fromMs: number, toMs: number): Diag[] =>
  existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Diag).filter((d) => Date.parse(d.at) > fromMs && Date.parse(d.at) <= toMs + 1000) : [];

function cpuSeconds(rootPid: number): number {
  let total = 0;
  const walk = (pid: string) => {
    try {
      const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      total += (Number(f[11]) + Number(f[12])) / 100;
    } catch {
      return;
    }
    for (const c of spawnSync('pgrep', ['-P', pid], { encoding: 'utf8' }).stdout.trim().split('\n').filter(Boolean)) walk(c);
  };
  for (const c of spawnSync('pgrep', ['-P', String(rootPid)], { encoding: 'utf8' }).stdout.trim().split('\n').filter(Boolean)) walk(c);
  return total;
}

interface Stalls { maxMs: number; p50Ms: number; over16: number; seconds: number; waitMs: number; ownMaxMs: number }

/**
 * Per-second samples: the longest stall, the median of the per-second longest, how many seconds had one over 16 ms, the
 * main thread's total wait for a CPU, and the longest stall in a second whose wait for a CPU was shorter than that stall
 * (what the console's own work can account for; on a loaded host the rest is the machine's doing).
 */
function stalls(d: Diag[]): Stalls {
  const max = d.map((x) => x.loopMaxMs).sort((a, b) => a - b);
  const own = d.filter((x) => (x.cpuWaitMs ?? 0) < x.loopMaxMs).map((x) => x.loopMaxMs);
  return { maxMs: Math.max(0, ...max), p50Ms: max.length ? max[Math.floor(max.length / 2)]! : 0, over16: max.filter((m) => m > 16).length, seconds: d.length, waitMs: d.reduce((t, x) => t + (x.cpuWaitMs ?? 0), 0), ownMaxMs: Math.max(0, ...own) };
}
const showStalls = (s: Stalls) => `max ${s.maxMs.toFixed(1)} ms, p50 ${s.p50Ms.toFixed(1)} ms, ${s.over16}/${s.seconds} s over 16 ms; main thread waited ${s.waitMs.toFixed(0)} ms for a CPU; longest not explained by that wait ${s.ownMaxMs.toFixed(1)} ms`;

async function consoleCase(state: string): Promise<{ idleCpuPct: number; idle: Stalls; openMs: number; around: Stalls }> {
  const diag = join(state, 'diagnostics.jsonl');
  const env: NodeJS.ProcessEnv = { ...process.env, TERM: 'xterm-256color', OPSDECK_STATE_DIR: state, OPSDECK_DIAGNOSTICS: diag, OPSDECK_DIAGNOSTICS_MS: '1000' };
  delete env.CI;
  const tui = spawn('script', ['-qfec', `stty cols 120 rows 40; exec '${bin}' --dir '${ops}' --profile demo`, '/dev/null'], { env, stdio: ['pipe', 'pipe', 'ignore'] });
  let text = '';
  const waiters: { re: RegExp; done: (t: number) => void }[] = [];
  tui.stdout!.on('data', (d: Buffer) => {
    text = (text + d.toString().replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '')).slice(-20_000);
    for (const w of [...waiters]) if (w.re.test(text)) {
      waiters.splice(waiters.indexOf(w), 1);
      w.done(performance.now());
    }
  });
  const waitFor = (re: RegExp) => new Promise<number>((done) => waiters.push({ re, done }));
  await waitFor(/q quit/);
  await new Promise((r) => setTimeout(r, 5000)); // first scan of the state dir, then idle
  const cpu0 = cpuSeconds(tui.pid!);
  const idleFrom = Date.now();
  await new Promise((r) => setTimeout(r, IDLE_S * 1000));
  const idleCpuPct = ((cpuSeconds(tui.pid!) - cpu0) / IDLE_S) * 100;
  const idleTo = Date.now();
  text = '';
  const t0 = performance.now();
  const shown = waitFor(/Run history \(\d+\)/);
  tui.stdin!.write('h');
  const openMs = (await shown) - t0;
  await new Promise((r) => setTimeout(r, 2500));
  const diags = diagSince(diag, idleFrom, idleTo);
  const around = diagSince(diag, idleTo, Date.now());
  tui.stdin!.write('q');
  await new Promise((r) => setTimeout(r, 1000));
  tui.kill('SIGKILL');
  return { idleCpuPct, idle: stalls(diags), openMs, around: stalls(around) };
}

function historyJson(state: string): number {
  const t0 = performance.now();
  const r = spawnSync(bin, ['history', '--json'], { env: { ...process.env, OPSDECK_STATE_DIR: state }, stdio: ['ignore', 'ignore', 'ignore'] });
  if (r.status !== 0) return NaN;
  return performance.now() - t0;
}

console.log(`machine: load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}; console 120x40, idle window ${IDLE_S} s`);
const t = performance.now();
const one = stateWith(1);
const many = stateWith(MANY);
console.log(`generated 1 and ${MANY} past runs (20 output lines per step) in ${((performance.now() - t) / 1000).toFixed(1)} s`);
const node0 = performance.now();
spawnSync(process.execPath, ['-e', '0']);
console.log(`node -e 0: ${(performance.now() - node0).toFixed(0)} ms`);
const results: Record<string, Awaited<ReturnType<typeof consoleCase>> & { first: number; second: number }> = {};
for (const [name, state] of [['1 run', one], [`${MANY} runs`, many]] as const) {
  const first = historyJson(state);
  const second = historyJson(state);
  results[name] = { ...(await consoleCase(state)), first, second };
  const r = results[name]!;
  console.log(`${name.padStart(11)}: idle CPU ${r.idleCpuPct.toFixed(1)} %; history opens in ${r.openMs.toFixed(0)} ms; history --json ${r.first.toFixed(0)} ms first, ${r.second.toFixed(0)} ms with the index`);
  console.log(`${''.padStart(13)}idle stalls: ${showStalls(r.idle)}`);
  console.log(`${''.padStart(13)}opening history: ${showStalls(r.around)}`);
}
const a = results['1 run']!;
const b = results[`${MANY} runs`]!;
console.log(`idle CPU ratio ${MANY} runs / 1 run: ${(b.idleCpuPct / Math.max(a.idleCpuPct, 0.1)).toFixed(2)}x`);
for (const d of [ops, one, many]) rmSync(d, { recursive: true, force: true });
