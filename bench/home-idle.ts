// The home screen at scale, idle: 100 services, all healthy, each with an HTTP check every 2 s
// against local servers (in a child process, keep-alive), console at 120x40, no keys. ttybench
// steady phase over a 20 s window: bytes/s to the terminal, frames/s, CPU of the console.
// Goal (issue 10): <= 1 KB/s and <= 5 % CPU. The window starts after a 30 s warm-up (HOME_WARMUP_S):
// the latency sparklines (12 checks wide) fill up first, which redraws every row on every check. OPSDECK_BIN_BEFORE=path/to/bin/opsdeck.js adds the
// same measurement of another build (e.g. before a change), in the same run.
// Run: npm run bench -- home-idle
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { buildsToMeasure, homeBench, httpCheckYaml, writeLocalProfile } from './lib/home-bench.js';

const SERVICES = Number(process.env.HOME_SERVICES ?? 100);
const WINDOW = Number(process.env.HOME_WINDOW_S ?? 20);
const WARMUP = Number(process.env.HOME_WARMUP_S ?? 30);

await homeBench('opsdeck-bench-home-', ({ dir, ops, ports, ttybench }) => {
  writeLocalProfile(ops, 'home', Array.from({ length: SERVICES }, (_, i) =>
    `  svc-${String(i).padStart(3, '0')}:\n    description: generated ${i}${httpCheckYaml(ports[i % ports.length]!, '2s')}`,
  ));

  const measure = (name: string, launcher: string) => {
    const out = join(dir, `${name}.jsonl`);
    spawnSync('/usr/bin/python3', [ttybench, 'run', '--name', name, '--cols', '120', '--rows', '40', '--warmup', String(WARMUP), '--window', String(WINDOW), '--quit-keys', 'q',
      '--env', `OPSDECK_STATE_DIR=${join(dir, 'state')}`, '--out', out, '--', launcher, '--dir', ops, '--profile', 'home'], { stdio: 'ignore', timeout: 10 * 60_000 });
    const r = JSON.parse(readFileSync(out, 'utf8').trim().split('\n').pop()!) as { steady: { bytes_per_s: number; bursts_per_s: number; cpu_pct: number; rss_peak_mb: number; burst_bytes_p50: number } };
    const s = r.steady;
    console.log(`${name.padEnd(8)}: ${(s.bytes_per_s / 1000).toFixed(2)} KB/s, ${s.bursts_per_s.toFixed(1)} frames/s (p50 ${s.burst_bytes_p50} B), CPU ${s.cpu_pct.toFixed(1)} %, RSS peak ${s.rss_peak_mb.toFixed(0)} MB`);
  };
  console.log(`machine: load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}; ${SERVICES} healthy services, HTTP checks every 2 s, 120x40, ${WINDOW} s window after ${WARMUP} s, no keys`);
  for (const [label, launcher] of buildsToMeasure()) measure(label, launcher);
});
