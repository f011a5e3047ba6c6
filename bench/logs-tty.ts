// Benchmark: the console's log viewer following a `file` source in a 120x40 pseudo-terminal,
// measured with ttybench exactly as the peers in the logs issue were: 100-byte lines at 100 and
// 2,000 lines/s; bytes written to the terminal, CPU and RSS of the console, share of lines that
// reached the screen, and key latency under the flood (`w` toggles wrap in the status line).
// BENCH_RUNS runs per rate (default 3), medians printed. LOGS_SOAK=SECONDS adds one long run at
// 2,000 lines/s reporting RSS at its start, end and peak. LOGS_RATES=20000 LOGS_WINDOW_S=60
// LOGS_RUNS=1: the flood figures of issue 10 (key p99 <= 33 ms, CPU <= 25 %, bounded memory).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync, readFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { bin, median, ttybench } from './lib/tty-harness.js';

const RUNS = Number(process.env.LOGS_RUNS ?? process.env.BENCH_RUNS ?? 3);
const RATES = (process.env.LOGS_RATES ?? '100,2000').split(',').map(Number);
const WINDOW = process.env.LOGS_WINDOW_S ?? '10';
const SOAK = Number(process.env.LOGS_SOAK ?? 0);

interface Run {
  steady: { bytes_per_s: number; cpu_pct: number; rss_peak_mb: number; rss_window_start_mb: number; rss_window_end_mb: number };
  screen?: { screen_seq_seen_frac: number; lag_ms_p50: number };
  keys?: { lat_ms: { p50: number; p99: number } | null; ok: number; keys_sent: number };
}

if (!ttybench) {
  console.log('ttybench not found (TTYBENCH=path/to/ttybench.py): skipped');
  process.exit(0);
}

const dir = mkdtempSync(join(tmpdir(), 'opsdeck-bench-logs-'));
const log = join(dir, 'app.log');
mkdirSync(join(dir, 'ops', 'profiles'), { recursive: true });
writeFileSync(join(dir, 'ops', 'profiles', 'bench.yaml'), `name: bench\nenvironments:\n  local: {}\nservices:\n  app:\n    logs:\n      - file: ${log}\n`);
// bin/opsdeck.js run as installed: through its shebang (with its V8 heap flags).
const consoleArgs = [bin, '--dir', join(dir, 'ops'), '--profile', 'bench', '--logs', 'app'];

function measure(rate: number, extra: string[]): Run {
  const out = join(dir, 'run.jsonl');
  rmSync(out, { force: true });
  const args = [ttybench!, 'run', '--name', `opsdeck@${rate}`, '--log-file', log, '--rate', String(rate), '--cols', '120', '--rows', '40',
    '--quit-keys', 'q', '--env', `OPSDECK_STATE_DIR=${join(dir, 'state')}`, '--out', out, ...extra, '--', ...consoleArgs];
  spawnSync('/usr/bin/python3', args, { stdio: 'ignore', timeout: 30 * 60_000 });
  return JSON.parse(readFileSync(out, 'utf8').trim().split('\n').pop()!) as Run;
}

const kb = (b: number) => `${(b / 1000).toFixed(1)}K`;
console.log(`machine: load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}; ${RUNS} runs per rate, medians; console: opsdeck --logs app, 120x40`);
console.log('rate l/s | bytes/s | CPU % | RSS MB (peak; window start -> end) | lines on screen | key p50 / p99 ms');
for (const rate of RATES) {
  const runs = Array.from({ length: RUNS }, () => measure(rate, ['--warmup', '3', '--window', WINDOW, '--coverage', '--keys', 'w', '--expect', 'following.*wrap', '--expect', 'following(?!.*wrap)', '--expect-rows', '2']));
  const m = (f: (r: Run) => number | undefined) => median(runs.map((r) => f(r) ?? NaN));
  console.log(
    `${String(rate).padStart(8)} | ${kb(m((r) => r.steady.bytes_per_s)).padStart(7)} | ${m((r) => r.steady.cpu_pct).toFixed(1).padStart(5)} | ${`${m((r) => r.steady.rss_peak_mb).toFixed(0)}; ${m((r) => r.steady.rss_window_start_mb).toFixed(0)} -> ${m((r) => r.steady.rss_window_end_mb).toFixed(0)}`.padStart(13)} | ` +
      `${(m((r) => r.screen?.screen_seq_seen_frac) * 100).toFixed(1).padStart(14)}% | ${m((r) => r.keys?.lat_ms?.p50).toFixed(1)} / ${m((r) => r.keys?.lat_ms?.p99).toFixed(1)}`,
  );
}
if (SOAK > 0) {
  const r = measure(2000, ['--warmup', '3', '--window', String(SOAK)]);
  console.log(`soak ${SOAK}s at 2000 l/s: RSS ${r.steady.rss_window_start_mb.toFixed(0)} MB at start, ${r.steady.rss_window_end_mb.toFixed(0)} MB at end, peak ${r.steady.rss_peak_mb.toFixed(0)} MB; CPU ${r.steady.cpu_pct.toFixed(1)}%; ${kb(r.steady.bytes_per_s)}/s`);
}
rmSync(dir, { recursive: true, force: true });
