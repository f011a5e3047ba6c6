// Benchmark: cold start of the console to its first full frame (header, service rows, footer)
// in an 80x24 pseudo-terminal, on the demo profile and on a generated 100-service profile; and
// the headless `status --json` / `--version` start for comparison (they must not load Ink).
// Uses shared/tools/ttybench (the harness the peers' figures came from) when it is found
// (TTYBENCH=path or ../shared/tools/ttybench/ttybench.py) and can match screens (it needs pyte:
// apt-get install python3-pyte), else script(1) as the pty. Every start runs bin/opsdeck.js as
// operators do, through its shebang (sh, then node with the launcher's V8 flags), with a code
// cache of the bench's own (the first start writes it) and once more without any (first start).
// `status --json` on the 100-service profile leaves out check time: its checks are refused at once.
// OPSDECK_BIN_BEFORE=path/to/other/bin/opsdeck.js: every case also on that build, the two
// interleaved run by run through script(1) (a loaded machine then weighs on both alike).
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bin, firstFrame, median, repo, ttybench, withDemoPorts, type FirstFrame } from './lib/tty-harness.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const BEFORE = process.env.OPSDECK_BIN_BEFORE;
/** BENCH_CASES=REGEX: only the console cases whose name matches (the headless ones always run). */
const CASES = process.env.BENCH_CASES ? new RegExp(process.env.BENCH_CASES) : undefined;

/** `checks: false`: the same services without health checks (a status with no check time at all). */
function bigProfileDir(count: number, checks = true): string {
  const dir = mkdtempSync(join(tmpdir(), 'opsdeck-bench-'));
  mkdirSync(join(dir, 'profiles'));
  const services = Array.from({ length: count }, (_, i) => {
    const deps = i > 0 && i % 10 !== 0 ? `\n    depends_on: [svc-${String(i - (i % 10)).padStart(3, '0')}]` : '';
    const health = checks ? `\n    health:\n      - tcp: { host: 127.0.0.1, port: ${20000 + i} }\n        interval: 5s\n        timeout: 1s` : '';
    return `  svc-${String(i).padStart(3, '0')}:\n    description: generated service ${i}${deps}${health}`;
  });
  writeFileSync(join(dir, 'profiles', 'big.yaml'), `name: big\nenvironments:\n  local: {}\nservices:\n${services.join('\n')}\n`);
  return dir;
}

/** Per run: milliseconds from spawn until the screen text matches `ready`, and node's main-thread CPU by then. `beforeEach` runs before each start. */
async function viaScript(args: string[], ready: RegExp, env: NodeJS.ProcessEnv, beforeEach?: (run: number) => void): Promise<{ runs: number[]; cpu: number[] }> {
  const frames: FirstFrame[] = [];
  for (let i = 0; i < RUNS; i++) {
    beforeEach?.(i);
    frames.push(await firstFrame(args, ready, { cols: 80, rows: 24, env }));
  }
  return { runs: frames.map((f) => f.ms), cpu: frames.map((f) => f.mainCpuMs) };
}

function viaTtybench(name: string, args: string[], ready: string, env: NodeJS.ProcessEnv): { median: number; runs: number[] } | undefined {
  const envArgs = Object.entries(env).flatMap(([k, v]) => ['--env', `${k}=${v}`]);
  const r = spawnSync('/usr/bin/python3', [ttybench!, 'run', '--name', name, '--cols', '80', '--rows', '24', '--skip-steady', '--cold', String(RUNS), '--ready-regex', ready, '--quit-keys', 'q', ...envArgs, '--', bin, ...args], { encoding: 'utf8', timeout: 180_000 });
  const line = r.stdout.trim().split('\n').filter((l) => l.startsWith('{')).pop();
  if (!line) return undefined;
  const cold = JSON.parse(line).cold as { ready_ms?: { median: number; all: number[] } } | undefined;
  return cold?.ready_ms ? { median: cold.ready_ms.median, runs: cold.ready_ms.all } : undefined;
}

/** Wall times of `args` on each launcher, the launchers taking turns run by run. */
function headless(args: string[], launchers: { launcher: string; env: NodeJS.ProcessEnv }[]): number[][] {
  const times = launchers.map((): number[] => []);
  for (let i = 0; i < RUNS; i++) {
    launchers.forEach(({ launcher, env }, k) => {
      const t0 = performance.now();
      spawnSync(launcher, args, { env: { ...process.env, ...env }, stdio: 'ignore' });
      times[k]!.push(performance.now() - t0);
    });
  }
  return times;
}

const state = mkdtempSync(join(tmpdir(), 'opsdeck-bench-state-'));
// A code cache of the bench's own (src/cli/cli-loader.ts): the first start writes it, the
// others use it, as on an operator's machine after the first start of a new version.
const cache = mkdtempSync(join(tmpdir(), 'opsdeck-bench-cache-'));
const big = bigProfileDir(100);
const huge = bigProfileDir(1000);
const unchecked = bigProfileDir(100, false);
// The demo's services are started once beforehand, so every measured start finds them running.
const env: NodeJS.ProcessEnv = { OPSDECK_STATE_DIR: state, XDG_CACHE_HOME: cache, NODE_ENV: 'production' };
// The other build keeps caches of its own: the two would otherwise replace each other's each run.
const beforeCache = mkdtempSync(join(tmpdir(), 'opsdeck-bench-cache-before-'));
const beforeEnv: NodeJS.ProcessEnv = { XDG_CACHE_HOME: beforeCache };
await withDemoPorts(env, async () => {
  spawnSync(process.execPath, [bin, 'start', '--all', '--dir', repo, '--profile', 'demo'], { env: { ...process.env, ...env }, stdio: 'ignore' });

  const cases = [
    { name: 'demo (4 services)', args: ['--dir', repo, '--profile', 'demo'], ready: 'web .*\\n(.*\\n)*.*q quit' },
    { name: 'generated (100 services)', args: ['--dir', big, '--profile', 'big'], ready: 'svc-0(1|2)\\d(.*\\n)*.*q quit' },
    { name: 'generated (1,000 services)', args: ['--dir', huge, '--profile', 'big'], ready: 'svc-0(1|2)\\d(.*\\n)*.*q quit' },
    // Every start compiles everything: the first start after installing or upgrading.
    { name: 'demo, no code cache (first start)', args: ['--dir', repo, '--profile', 'demo'], ready: 'web .*\\n(.*\\n)*.*q quit', env: { NODE_DISABLE_COMPILE_CACHE: '1' } },
    // No code cache and no profile cache: the first start after installing, or after editing a big profile.
    { name: 'generated (1,000 services), no caches (first start)', args: ['--dir', huge, '--profile', 'big'], ready: 'svc-0(1|2)\\d(.*\\n)*.*q quit', env: { NODE_DISABLE_COMPILE_CACHE: '1' } },
    // The code cache kept, the profile edited before each start (a comment appended): its
    // validated form is not kept yet, so it is parsed and validated (script(1) only: ttybench's
    // runs follow one another without a pause to edit in).
    { name: 'generated (1,000 services), profile just edited (code cache only)', args: ['--dir', huge, '--profile', 'big'], ready: 'svc-0(1|2)\\d(.*\\n)*.*q quit', beforeEach: (run: number) => appendFileSync(join(huge, 'profiles', 'big.yaml'), `# edit ${Date.now()} ${run}\n`) },
  ].filter((c) => !CASES || CASES.test(c.name));
  console.log(`machine: load average ${(await import('node:os')).loadavg().map((l) => l.toFixed(1)).join(' ')}; ${RUNS} runs each; pty: ${ttybench ? 'ttybench' : 'script(1)'}`);
  for (const c of cases) {
    const caseEnv = { ...env, ...c.env };
    if (BEFORE) {
      // A/B: the other build and this one, run after run.
      const runs: Record<'before' | 'now', FirstFrame[]> = { before: [], now: [] };
      for (let i = 0; i < RUNS; i++) {
        for (const [label, launcher] of [['before', BEFORE], ['now', bin]] as const) {
          c.beforeEach?.(i);
          runs[label].push(await firstFrame(c.args, new RegExp(c.ready), { cols: 80, rows: 24, env: label === 'before' ? { ...caseEnv, ...beforeEnv } : caseEnv, launcher }));
        }
      }
      for (const label of ['before', 'now'] as const) {
        console.log(`console cold start to first full frame, ${c.name}, ${label.padEnd(6)}: median ${median(runs[label].map((f) => f.ms)).toFixed(0)} ms  (runs: ${runs[label].map((f) => f.ms.toFixed(0)).join(', ')}); main-thread CPU until then: median ${median(runs[label].map((f) => f.mainCpuMs)).toFixed(0)} ms`);
      }
      continue;
    }
    let runs: number[] | undefined;
    if (ttybench && !c.beforeEach) runs = viaTtybench(c.name, c.args, c.ready, caseEnv)?.runs;
    if (ttybench && !c.beforeEach && !runs) console.log('ttybench gave no ready time (is python3-pyte installed?): script(1) instead');
    // script(1) runs as well: node's main-thread CPU until the frame, which the machine's load
    // hardly changes (wall time on a shared machine is mostly the others' load).
    const scripted = await viaScript(c.args, new RegExp(c.ready), caseEnv, c.beforeEach);
    runs ??= scripted.runs;
    console.log(`console cold start to first full frame, ${c.name}: median ${median(runs).toFixed(0)} ms  (runs: ${runs.map((r) => r.toFixed(0)).join(', ')}); main-thread CPU until then: median ${median(scripted.cpu).toFixed(0)} ms`);
  }
  const node0 = Array.from({ length: RUNS }, () => {
    const t0 = performance.now();
    spawnSync(process.execPath, ['-e', '0'], { stdio: 'ignore' });
    return performance.now() - t0;
  });
  console.log(`node -e 0 (floor):              median ${median(node0).toFixed(0)} ms`);
  const launchers: [string, string][] = BEFORE ? [['before', BEFORE], ['now', bin]] : [['', bin]];
  const headlessCases: [string, string[]][] = [
    ['opsdeck --version', ['--version']],
    ['opsdeck status --json (demo)', ['status', '--json', '--dir', repo, '--profile', 'demo']],
    // Checks that take next to no time: each is a TCP connect to a closed loopback port, refused at once.
    ['opsdeck status --json (100 services, checks refused at once)', ['status', '--json', '--dir', big, '--profile', 'big']],
    // The goal's own terms: no check time at all.
    ['opsdeck status --json (100 services, no checks)', ['status', '--json', '--dir', unchecked, '--profile', 'big']],
  ];
  for (const [name, args] of headlessCases) {
    const times = headless(args, launchers.map(([label, l]) => ({ launcher: l, env: label === 'before' ? { ...env, ...beforeEnv } : env })));
    launchers.forEach(([label], k) => console.log(`${`${name}${label ? `, ${label}` : ''}:`.padEnd(32)} median ${median(times[k]!).toFixed(0)} ms`));
  }
});
rmSync(big, { recursive: true, force: true });
rmSync(huge, { recursive: true, force: true });
rmSync(unchecked, { recursive: true, force: true });
rmSync(state, { recursive: true, force: true });
rmSync(cache, { recursive: true, force: true });
rmSync(beforeCache, { recursive: true, force: true });
