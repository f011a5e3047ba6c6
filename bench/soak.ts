// Soak: the console (bin/opsdeck.js, 120x40 pty via script(1)) on a demo-shaped profile for
// SOAK_MINUTES (default 60): four services with HTTP checks every 2 s, one of them flapping
// (healthy / failing every 10 s), and the log viewer following a file source written at
// SOAK_RATE lines/s (default 1,000; ttybench's generator). The console samples itself every
// minute (OPSDECK_DIAGNOSTICS): RSS, heap, event-loop delay p99 / max. Prints the series and the
// growth after the first 5 minutes. The demo's own fixed ports are shared with the e2e suites,
// so the services here are local HTTP servers on free ports in this process.
// Run: npm run bench -- soak   (SOAK_MINUTES=10 for a shorter one; SOAK_KEEP=FILE keeps the
// raw samples; SOAK_ENV='NAME=VALUE …' adds variables to the console's environment, e.g. to
// try an allocator setting)
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync, rmSync, existsSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { bin, ttybench } from './lib/tty-harness.js';

const MINUTES = Number(process.env.SOAK_MINUTES ?? 60);
const RATE = Number(process.env.SOAK_RATE ?? 1000);
const SAMPLE_MS = Number(process.env.SOAK_SAMPLE_MS ?? 60_000);

if (!ttybench) {
  console.log('ttybench not found (TTYBENCH=path/to/ttybench.py): skipped (its generator writes the log source)');
  process.exit(0);
}

let failing = false;
const flip = setInterval(() => (failing = !failing), 10_000);
const server = http.createServer((req, res) => {
  const bad = req.url === '/flap' && failing;
  res.writeHead(bad ? 503 : 200, { 'content-type': 'application/json' });
  res.end(bad ? '{"status":"down"}' : '{"status":"ok"}');
});
server.keepAliveTimeout = 60_000;
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
const port = (server.address() as AddressInfo).port;

const dir = mkdtempSync(join(tmpdir(), 'opsdeck-bench-soak-'));
const log = join(dir, 'app.log');
const diag = join(dir, 'diagnostics.jsonl');
mkdirSync(join(dir, 'ops', 'profiles'), { recursive: true });
const check = (path: string) => `    health:\n      - http: { url: "http://127.0.0.1:${port}${path}", body_contains: status }\n        interval: 2s\n        timeout: 1s`;
writeFileSync(
  join(dir, 'ops', 'profiles', 'soak.yaml'),
  `name: soak\nenvironments:\n  local: {}\nservices:\n` +
    `  store:\n    description: healthy\n${check('/ok')}\n` +
    `  api:\n    description: flaps every 10 s\n    depends_on: [store]\n${check('/flap')}\n` +
    `  worker:\n    description: healthy\n    depends_on: [api]\n${check('/ok')}\n` +
    `  web:\n    description: writes ${RATE} lines/s\n    depends_on: [api]\n    logs:\n      - file: ${log}\n${check('/ok')}\n`,
);

const gen = spawn('/usr/bin/python3', [ttybench, 'gen', '--out', log, '--rate', String(RATE), '--line-len', '100', '--prefill', '200'], { stdio: 'ignore' });
const cmd = `stty cols 120 rows 40; exec '${bin}' --dir '${join(dir, 'ops')}' --profile soak --logs web`;
const consoleEnv: NodeJS.ProcessEnv = { ...process.env, TERM: 'xterm-256color', OPSDECK_STATE_DIR: join(dir, 'state'), OPSDECK_DIAGNOSTICS: diag, OPSDECK_DIAGNOSTICS_MS: String(SAMPLE_MS) };
for (const k of ['CI', 'CONTINUOUS_INTEGRATION']) delete consoleEnv[k];
for (const pair of (process.env.SOAK_ENV ?? '').split(/\s+/).filter(Boolean)) {
  const at = pair.indexOf('=');
  if (at > 0) consoleEnv[pair.slice(0, at)] = pair.slice(at + 1);
}
const tui: ChildProcess = spawn('script', ['-qfec', cmd, '/dev/null'], { env: consoleEnv, stdio: ['pipe', 'pipe', 'ignore'] });
let bytes = 0;
tui.stdout!.on('data', (d: Buffer) => (bytes += d.length));

console.log(`machine: load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}; soak ${MINUTES} min, ${RATE} lines/s into the log viewer, api flapping every 10 s, sample every ${SAMPLE_MS / 1000} s`);
const started = Date.now();
await new Promise((r) => setTimeout(r, MINUTES * 60_000 + 2000));
const cpu = consoleCpuSeconds(tui.pid!);
tui.stdin!.write('q');
await new Promise((r) => setTimeout(r, 1500));
tui.kill('SIGKILL');
gen.kill();
clearInterval(flip);
server.close();

interface Sample { at: string; rssMb: number; heapUsedMb: number; loopP50Ms: number; loopP99Ms: number; loopMaxMs: number; heapTotalMb?: number; codeSpaceMb?: number; externalMb?: number; arrayBuffersMb?: number; brkHeapMb?: number; otherAnonMb?: number; fileMb?: number }
const samples: Sample[] = existsSync(diag) ? readFileSync(diag, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Sample) : [];
// Where the RSS is (src/ui/diagnostics.ts): V8's committed heap and its code space, external
// and array-buffer memory, then resident pages by mapping: brk heap (main-thread malloc), other
// anonymous (V8 pages, thread arenas), file-backed.
const f = (n: number | undefined, w: number) => (n === undefined ? '-' : n.toFixed(1)).padStart(w);
console.log(`sample (every ${SAMPLE_MS / 1000} s) | RSS MB | heap used / total MB | code MB | external / buffers MB | brk / anon / file MB | event-loop delay p50 / p99 / max ms`);
samples.forEach((s, i) => console.log(`${String(i + 1).padStart(6)} | ${f(s.rssMb, 6)} | ${f(s.heapUsedMb, 5)} / ${f(s.heapTotalMb, 5)} | ${f(s.codeSpaceMb, 4)} | ${f(s.externalMb, 5)} / ${f(s.arrayBuffersMb, 5)} | ${f(s.brkHeapMb, 5)} / ${f(s.otherAnonMb, 5)} / ${f(s.fileMb, 5)} | ${s.loopP50Ms.toFixed(1)} / ${s.loopP99Ms.toFixed(1)} / ${s.loopMaxMs.toFixed(1)}`));
const after5 = samples.slice(Math.min(5, Math.max(0, samples.length - 1)));
if (after5.length >= 2) {
  const rss = after5.map((s) => s.rssMb);
  const heap = after5.map((s) => s.heapUsedMb);
  console.log(`after minute 5: RSS ${Math.min(...rss).toFixed(1)}–${Math.max(...rss).toFixed(1)} MB (first ${rss[0]!.toFixed(1)}, last ${rss.at(-1)!.toFixed(1)}), heap ${Math.min(...heap).toFixed(1)}–${Math.max(...heap).toFixed(1)} MB, loop p99 max ${Math.max(...after5.map((s) => s.loopP99Ms)).toFixed(1)} ms`);
  const first = after5[0]!;
  const last = after5.at(-1)!;
  const kinds = ['heapTotalMb', 'codeSpaceMb', 'externalMb', 'brkHeapMb', 'otherAnonMb', 'fileMb'] as const;
  const change = (k: (typeof kinds)[number]) => (first[k] === undefined || last[k] === undefined ? undefined : `${k.replace(/Mb$/, '')} ${(last[k]! - first[k]!).toFixed(1)}`);
  const changes = kinds.map(change).filter(Boolean);
  if (changes.length) console.log(`change from minute 5 to the end, MB: RSS ${(last.rssMb - first.rssMb).toFixed(1)}; ${changes.join(', ')}`);
}
const secs = (Date.now() - started) / 1000;
console.log(`terminal output ${(bytes / secs / 1000).toFixed(1)} KB/s; console CPU ${cpu !== undefined ? ((cpu / secs) * 100).toFixed(1) + ' %' : 'n/a'} of a core over ${secs.toFixed(0)} s`);
if (process.env.SOAK_KEEP) writeFileSync(process.env.SOAK_KEEP, existsSync(diag) ? readFileSync(diag) : '');
rmSync(dir, { recursive: true, force: true });

/** utime+stime of the node process under script(1) (its child), in seconds. */
function consoleCpuSeconds(scriptPid: number): number | undefined {
  const r = spawnSync('pgrep', ['-P', String(scriptPid)], { encoding: 'utf8' });
  let total = 0;
  let found = false;
  const walk = (pid: string) => {
    try {
      const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      total += (Number(f[11]) + Number(f[12])) / 100;
      found = true;
    } catch {
      return;
    }
    for (const c of spawnSync('pgrep', ['-P', pid], { encoding: 'utf8' }).stdout.trim().split('\n').filter(Boolean)) walk(c);
  };
  for (const c of r.stdout.trim().split('\n').filter(Boolean)) walk(c);
  return found ? total : undefined;
}
