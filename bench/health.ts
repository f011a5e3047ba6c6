// Benchmark: one health cycle of 1,000 HTTP checks against local servers of which 5% never
// answer, with a 2 s timeout. Prints the cycle time (goal: close to the timeout, not a multiple
// of it), cold (fresh sockets) and warm (kept-alive sockets), checks/s, when the answering checks were all done, and the longest event-loop stall
// (perf_hooks histogram max and a setInterval drift probe). Median of RUNS runs.
// The servers run in a child process so that they do not load the measured event loop.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { profileSchemas } from '../src/domain/profile/profile-schema.js';
import { toProfile } from '../src/domain/profile/profile-model.js';
import { HealthMonitor } from '../src/services/health/health-monitor.js';
import { CompositeProber } from '../src/adapters/health/composite-prober.js';
import type { HealthProber } from '../src/ports/health-prober.js';
import type { ServiceHealth } from '../src/domain/health/health-model.js';
import { cpus, loadavg } from 'node:os';
import { serveHealth, startHealthServers } from './lib/health-servers.js';

const CHECKS = 1000;
const HUNG_EVERY = 20; // 5 %
const TIMEOUT = '2s';
const SERVICES = 200; // 5 checks each
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const OK_SERVERS = 4;

if (process.argv.includes('--serve')) await serveHealth({ ok: OK_SERVERS, hung: 1, body: '{"status":"up"}' });
else await main();

interface RunFigures {
  cycleMs: number;
  answeredDoneMs: number;
  ok: number;
  timeouts: number;
  other: number;
  stallHistMs: number;
  stallDriftMs: number;
  /** When the longest drift stall began, from the start of the cycle. */
  stallAtMs: number;
  /** CPU time of this (the checking) process during the cycle. */
  cpuMs: number;
}

async function main(): Promise<void> {
  const servers = await startHealthServers();
  const ports = servers.ports;
  const hangPort = ports[OK_SERVERS]!;

  const services: Record<string, unknown> = {};
  for (let s = 0; s < SERVICES; s++) {
    const health = [];
    for (let c = 0; c < CHECKS / SERVICES; c++) {
      const n = s * (CHECKS / SERVICES) + c;
      const port = n % HUNG_EVERY === HUNG_EVERY - 1 ? hangPort : ports[n % OK_SERVERS]!;
      health.push({ name: `c${n}`, http: { url: `http://127.0.0.1:${port}/health`, body_contains: 'up' }, timeout: TIMEOUT });
    }
    services[`svc${s}`] = { health };
  }
  const file = profileSchemas().profileSchema.parse({ name: 'bench', environments: { local: {} }, services });
  const profile = toProfile(file, { file: 'bench.yaml', baseDir: process.cwd() });

  console.log(`${CHECKS} http checks (${CHECKS / HUNG_EVERY} never answer, spread evenly), timeout ${TIMEOUT}, monitor defaults (64 slots, 250 ms slot lease), ${RUNS} runs of a cold + a warm cycle`);
  const cold: RunFigures[] = [];
  const warm: RunFigures[] = [];
  const idle: { stallHistMs: number; stallDriftMs: number }[] = [];
  const line = (r: RunFigures): string =>
    `cycle ${r.cycleMs.toFixed(0)} ms (cpu ${r.cpuMs.toFixed(0)} ms), answering checks done at ${r.answeredDoneMs.toFixed(0)} ms, ok ${r.ok} / timeout ${r.timeouts} / other ${r.other}, ` +
    `max loop stall ${r.stallHistMs.toFixed(1)} ms (histogram) ${r.stallDriftMs.toFixed(1)} ms (drift, at +${r.stallAtMs.toFixed(0)} ms)`;
  for (let i = 0; i < RUNS; i++) {
    const r = await oneRun(profile);
    cold.push(r.cold);
    warm.push(r.warm);
    idle.push(r.idle);
    console.log(`run ${i + 1} cold: ${line(r.cold)}`);
    console.log(`run ${i + 1} warm: ${line(r.warm)}`);
    console.log(`run ${i + 1} idle loop for comparison: max stall ${r.idle.stallHistMs.toFixed(1)} ms (histogram) ${r.idle.stallDriftMs.toFixed(1)} ms (drift)`);
  }
  const med = <R>(runs: R[], f: (r: R) => number): number => {
    const v = runs.map(f).sort((a, b) => a - b);
    return v.length % 2 ? v[(v.length - 1) / 2]! : (v[v.length / 2 - 1]! + v[v.length / 2]!) / 2;
  };
  for (const [name, runs] of [['cold (fresh sockets)', cold], ['warm (kept-alive sockets)', warm]] as const) {
    const c = med(runs, (r) => r.cycleMs);
    console.log(
      `median ${name}: cycle ${c.toFixed(0)} ms = ${(c / 2000).toFixed(2)}x the timeout, ${((CHECKS / c) * 1000).toFixed(0)} checks/s, ` +
        `answering checks done at ${med(runs, (r) => r.answeredDoneMs).toFixed(0)} ms, cpu ${med(runs, (r) => r.cpuMs).toFixed(0)} ms, longest loop stall ${med(runs, (r) => r.stallHistMs).toFixed(1)} ms (histogram) / ${med(runs, (r) => r.stallDriftMs).toFixed(1)} ms (drift)`,
    );
  }
  console.log(`median idle-loop stall on this machine meanwhile: ${med(idle, (r) => r.stallHistMs).toFixed(1)} ms (histogram) / ${med(idle, (r) => r.stallDriftMs).toFixed(1)} ms (drift); load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${cpus().length} cores`);
  servers.stop();
}

/** Runs `work` while watching the event loop: its duration and the longest stall. */
async function watched<T>(work: () => Promise<T>): Promise<{ value: T; ms: number; stallHistMs: number; stallDriftMs: number; stallAtMs: number; cpuMs: number }> {
  const hist = monitorEventLoopDelay({ resolution: 5 });
  let drift = 0;
  let driftAt = 0;
  const t0 = performance.now();
  let last = t0;
  const probe = setInterval(() => {
    const now = performance.now();
    if (now - last - 10 > drift) {
      drift = now - last - 10;
      driftAt = last - t0;
    }
    last = now;
  }, 10);
  hist.enable();
  const cpu0 = process.cpuUsage();
  const value = await work();
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  hist.disable();
  clearInterval(probe);
  return { value, ms, stallHistMs: hist.max / 1e6, stallDriftMs: Math.max(0, drift), stallAtMs: driftAt, cpuMs: (cpu.user + cpu.system) / 1000 };
}

function count(health: Record<string, ServiceHealth>): Pick<RunFigures, 'ok' | 'timeouts' | 'other'> {
  let ok = 0;
  let timeouts = 0;
  let other = 0;
  for (const h of Object.values(health))
    for (const c of h.checks) {
      if (c.ok) ok++;
      else if (c.error?.startsWith('timeout')) timeouts++;
      else other++;
    }
  return { ok, timeouts, other };
}

/** A cold cycle (fresh monitor, no sockets yet), then a warm one on the same monitor. */
async function oneRun(profile: ReturnType<typeof toProfile>): Promise<{ cold: RunFigures; warm: RunFigures; idle: { stallHistMs: number; stallDriftMs: number } }> {
  // What this machine does to an idle event loop right now: the noise floor for the stall figures.
  const idle = await watched(() => new Promise((r) => setTimeout(r, 300)));
  const inner = new CompositeProber();
  let t0 = 0;
  let answeredDoneMs = 0;
  // Wraps the real prober only to timestamp when answering checks finish.
  const prober: HealthProber & { close(): void } = {
    probe: async (check, signal) => {
      const r = await inner.probe(check, signal);
      if (r.ok) answeredDoneMs = Math.max(answeredDoneMs, performance.now() - t0);
      return r;
    },
    close: () => inner.close(),
  };
  const monitor = new HealthMonitor({ profile, environment: profile.environments.local!, prober });
  const cycle = async (): Promise<RunFigures> => {
    answeredDoneMs = 0;
    t0 = performance.now();
    const w = await watched(() => monitor.runOnce());
    return { cycleMs: w.ms, answeredDoneMs, ...count(w.value), stallHistMs: w.stallHistMs, stallDriftMs: w.stallDriftMs, stallAtMs: w.stallAtMs, cpuMs: w.cpuMs };
  };
  const cold = await cycle();
  const warm = await cycle();
  await monitor.stop();
  await new Promise((r) => setTimeout(r, 100)); // let closed sockets settle between runs
  return { cold, warm, idle };
}
