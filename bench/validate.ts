// Benchmark: `opsdeck validate` of generated profiles of 1,000 / 10,000 / 30,000 services (each
// with a description, a dependency and a TCP check), through the installed launcher. Prints the
// wall time, the peak RSS and the time per service, so a cost that grows faster than the file
// shows as a rising ms/service. Goal (issue 10): 10,000 services in ≤ 1 s.
// Run: npm run bench -- validate   (VALIDATE_SIZES=1000,10000 to choose sizes)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { bin, median } from './lib/tty-harness.js';

const SIZES = (process.env.VALIDATE_SIZES ?? '1000,10000,30000').split(',').map(Number);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

function profileDir(count: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'opsdeck-bench-validate-'));
  mkdirSync(join(dir, 'profiles'));
  const services = Array.from({ length: count }, (_, i) => {
    const deps = i % 10 !== 0 ? `\n    depends_on: [svc-${i - (i % 10)}]` : '';
    return `  svc-${i}:\n    description: generated service ${i}${deps}\n    health:\n      - tcp: { host: 127.0.0.1, port: ${20000 + (i % 30000)} }\n        interval: 5s\n        timeout: 1s`;
  });
  writeFileSync(join(dir, 'profiles', 'big.yaml'), `name: big\nenvironments:\n  local: {}\nservices:\n${services.join('\n')}\n`);
  return dir;
}

console.log(`machine: load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}; ${RUNS} runs per size, medians`);
const floor = median(Array.from({ length: RUNS }, () => timed(process.execPath, ['-e', '0']).ms));
console.log(`node -e 0 (floor): ${floor.toFixed(0)} ms`);
for (const size of SIZES) {
  const dir = profileDir(size);
  const runs = Array.from({ length: RUNS }, () => timed('/usr/bin/time', ['-f', '%M', bin, 'validate', '--dir', dir]));
  const ms = median(runs.map((r) => r.ms));
  const rssMb = median(runs.map((r) => r.rssKb / 1024));
  const kb = statSync(join(dir, 'profiles', 'big.yaml')).size / 1024;
  const ok = runs.every((r) => r.status === 0);
  console.log(`${String(size).padStart(6)} services (${kb.toFixed(0)} KB): ${ms.toFixed(0)} ms, ${((ms / size) * 1000).toFixed(1)} µs/service, peak RSS ${rssMb.toFixed(0)} MB${ok ? '' : ' (validate FAILED)'}`);
  rmSync(dir, { recursive: true, force: true });
}

function timed(cmd: string, args: string[]): { ms: number; rssKb: number; status: number | null } {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = performance.now() - t0;
  const last = r.stderr.trim().split('\n').pop() ?? '';
  return { ms, rssKb: Number(last) || NaN, status: r.status };
}
