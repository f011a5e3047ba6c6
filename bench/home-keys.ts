// The home screen of a big profile: 1,000 services (HOME_KEYS_SERVICES), each with an HTTP check
// every 5 s (HOME_KEYS_INTERVAL; 200 checks/s) against local keep-alive servers in a child
// process, console at 120x40. ttybench sends j/k (down three rows, up three) every 0.4-0.6 s for
// 20 s and times each key until the selection marker (▶ on the reverse-video row) is on the row it
// moved to; and the cold start until the first rows are on screen. Goal (issue 10): key p99
// <= 16 ms on the home screen; the console opens the profile within the cold-start goal (250 ms).
// HOME_KEYS_CHECKS=0 measures the same profile without checks. OPSDECK_BIN_BEFORE=path/to/bin/opsdeck.js
// adds the same measurement of another build in the same run.
// Run: npm run bench -- home-keys
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { buildsToMeasure, homeBench, httpCheckYaml, writeLocalProfile } from './lib/home-bench.js';

const SERVICES = Number(process.env.HOME_KEYS_SERVICES ?? 1000);
const INTERVAL = process.env.HOME_KEYS_INTERVAL ?? '5s';
const CHECKS = process.env.HOME_KEYS_CHECKS !== '0';
const WINDOW = Number(process.env.HOME_KEYS_WINDOW_S ?? 20);
const WARMUP = Number(process.env.HOME_KEYS_WARMUP_S ?? 10);

await homeBench('opsdeck-bench-home-keys-', ({ dir, ops, ports, ttybench }) => {
  const name = (i: number) => `svc-${String(i).padStart(4, '0')}`;
  writeLocalProfile(ops, 'big', Array.from({ length: SERVICES }, (_, i) =>
    `  ${name(i)}:\n    description: generated ${i}${CHECKS ? httpCheckYaml(ports[i % ports.length]!, INTERVAL) : ''}`,
  ));

  // Down three rows, up three: each key's predicate is the row it selects (the marker, in reverse video).
  const keys = ['j', 'j', 'j', 'k', 'k', 'k'];
  const rows = [1, 2, 3, 2, 1, 0];
  const measure = (label: string, launcher: string) => {
    const out = join(dir, `${label}.jsonl`);
    spawnSync('/usr/bin/python3', [ttybench, 'run', '--name', label, '--cols', '120', '--rows', '40', '--warmup', String(WARMUP), '--skip-steady',
      '--keys', keys.join(','), ...rows.flatMap((r) => ['--expect', `«▶ ${name(r)} `]), '--expect-styled', '--key-window', String(WINDOW),
      '--cold', '5', '--ready-regex', `1-\\d+ of ${SERVICES}`, '--quit-keys', 'q',
      // Caches of each build's own (code cache, profile cache): the two would replace each other's.
      '--env', `OPSDECK_STATE_DIR=${join(dir, 'state')}`, '--env', `XDG_CACHE_HOME=${join(dir, `cache-${label}`)}`, '--out', out, '--', launcher, '--dir', ops, '--profile', 'big'], { stdio: 'ignore', timeout: 10 * 60_000 });
    let r: { keys?: { ok: number; timeouts: number; lat_ms: Record<string, number> | null; cpu_pct: number; rss_peak_mb: number }; cold?: { ready_ms: { median: number; all: number[] } | null } };
    try {
      r = JSON.parse(readFileSync(out, 'utf8').trim().split('\n').pop()!);
    } catch {
      console.log(`${label.padEnd(8)}: no result (ttybench failed)`);
      return;
    }
    const k = r.keys;
    const l = k?.lat_ms;
    const ready = r.cold?.ready_ms;
    console.log(`${label.padEnd(8)}: key latency p50 ${l?.p50 ?? '-'} / p99 ${l?.p99 ?? '-'} / max ${l?.max ?? '-'} ms (${k?.ok ?? 0} keys, ${k?.timeouts ?? '-'} timeouts), CPU ${k?.cpu_pct ?? '-'} %, RSS peak ${k?.rss_peak_mb ?? '-'} MB; ` +
      `first rows on screen: median ${ready?.median ?? '-'} ms (${ready?.all.join(', ') ?? 'none'})`);
  };
  console.log(`machine: load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}; ${SERVICES} services${CHECKS ? `, HTTP checks every ${INTERVAL}` : ', no checks'}, 120x40, j/k for ${WINDOW} s after ${WARMUP} s`);
  for (const [label, launcher] of buildsToMeasure()) measure(label, launcher);
});
