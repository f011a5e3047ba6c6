// Benchmark: a Docker engine stopped mid-session and started again, on a private dockerd
// (test/helpers/private-dockerd.ts; needs root, dockerd, unshare), with a console session
// following a compose service of 3 replicas (health, logs, CPU/memory):
//  1. per round (BENCH_ROUNDS, default 5): engine stopped → the store says "engine
//     unreachable"; engine answering again → events reconnected, healthy, a new log line,
//     CPU/memory figures back;
//  2. what following the stats stream of 3 containers costs: CPU of this process and of dockerd
//     over 10 s, followed vs not;
//  3. one stats sample without following (stream=false, what `status --json` would pay).
import { mkdtempSync } from 'node:fs';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { privateDockerdEnv, startPrivateDockerd } from '../test/helpers/private-dockerd.js';
import { TestContainers } from '../test/helpers/docker-env.js';
import { makeProfile } from '../test/helpers/profiles.js';
import { createConsoleSession } from '../src/services/console/console-session.js';
import { serviceInstances } from '../src/state/health-store.js';
import { DockerEngine } from '../src/adapters/docker/index.js';
import { sampleServiceStats } from '../src/adapters/docker/container-stats.js';
import { pct, until } from './lib/figures.js';

/** The engine restarts in these rounds: a minute is the limit. */
const until60 = (fn: () => boolean, ms = 60_000): Promise<number> => until(fn, ms);

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const clockTicks = 100; // USER_HZ on Linux
const procCpuMs = (pid: number): number => {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(f[11]) + Number(f[12])) * 1000) / clockTicks;
};

if (!privateDockerdEnv.available) {
  console.log(`engine-restart bench: ${privateDockerdEnv.reason}; skipped`);
  process.exit(0);
}

const engine = await startPrivateDockerd();
const session = await (async () => {
  const containers = new TestContainers(engine.host);
  const labels = { 'com.docker.compose.project': 'bench', 'com.docker.compose.service': 'worker' };
  for (const i of [1, 2, 3]) {
    await containers.create({ name: `bench-worker-${i}`, labels, restart: 'always', healthCmd: 'true', healthIntervalMs: 300, cmd: ['sh', '-c', `trap "exit 0" TERM; while true; do echo "replica ${i} $(date +%s%N)"; sleep 0.2; done`] });
  }
  const profile = makeProfile({ environments: { local: { vars: {}, docker: { host: engine.host } } }, services: { worker: { docker: { project: 'bench', service: 'worker' } } } });
  return createConsoleSession({ ops: { root: mkdtempSync(join(tmpdir(), 'opsdeck-bench-er-')), embedded: false }, profile, env: { ...process.env, OPSDECK_STATE_DIR: mkdtempSync(join(tmpdir(), 'opsdeck-bench-er-')) }, autoStart: false });
})();
try {
  const health = () => session.health.getState();
  const feed = session.openLogs(['worker']);
  const lineCount = () => feed.store.getState().received;
  const release = session.followStats('worker');
  const figures = () => serviceInstances(health(), 'worker').filter((i) => i.memoryBytes !== undefined).length;
  await until60(() => health().services.worker?.state === 'healthy' && lineCount() > 0 && figures() === 3);

  const down: number[] = [];
  const events: number[] = [];
  const healthy: number[] = [];
  const logs: number[] = [];
  const stats: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    await engine.stop();
    down.push(await until60(() => health().services.worker?.checks.some((c) => c.unreachable) === true));
    await until60(() => figures() === 0);
    await engine.start();
    const t0 = performance.now();
    const seen = lineCount();
    const marks = { events: 0, healthy: 0, logs: 0, stats: 0 };
    await until60(() => {
      const t = performance.now() - t0;
      if (!marks.events && health().notices.docker === undefined) marks.events = t;
      if (!marks.healthy && health().services.worker?.state === 'healthy') marks.healthy = t;
      if (!marks.logs && lineCount() > seen) marks.logs = t;
      if (!marks.stats && figures() === 3) marks.stats = t;
      return !!(marks.events && marks.healthy && marks.logs && marks.stats);
    }, 120_000);
    events.push(marks.events);
    healthy.push(marks.healthy);
    logs.push(marks.logs);
    stats.push(marks.stats);
  }
  const line = (what: string, xs: number[]) => console.log(`${what.padEnd(52)} p50 ${pct(xs, 50).toFixed(0).padStart(6)} ms   max ${Math.max(...xs).toFixed(0).padStart(6)} ms`);
  console.log(`engine stopped and restarted, ${ROUNDS} rounds, compose service of 3 replicas (no live-restore: the engine restarts them)`);
  line('stopped → store says engine unreachable', down);
  line('answering again → engine events reconnected', events);
  line('answering again → healthy', healthy);
  line('answering again → a new log line in the feed', logs);
  line('answering again → CPU/memory of all 3 back', stats);

  // 2. The stats stream's cost, 10 s followed vs 10 s not.
  const window = async (): Promise<{ self: number; dockerd: number }> => {
    const c0 = process.cpuUsage();
    const d0 = procCpuMs(engine.pid!);
    await new Promise((r) => setTimeout(r, 10_000));
    const c = process.cpuUsage(c0);
    return { self: (c.user + c.system) / 1000 / 100, dockerd: (procCpuMs(engine.pid!) - d0) / 100 };
  };
  const followed = await window();
  release();
  await until60(() => figures() === 0);
  const idle = await window();
  console.log(`CPU over 10 s (% of one core)          this process  dockerd`);
  console.log(`  stats of 3 containers followed       ${followed.self.toFixed(1).padStart(8)} %  ${followed.dockerd.toFixed(1).padStart(5)} %`);
  console.log(`  not followed (health + logs only)    ${idle.self.toFixed(1).padStart(8)} %  ${idle.dockerd.toFixed(1).padStart(5)} %`);
  feed.close();

  // 3. One sample without following.
  const client = new DockerEngine(engine.host);
  const samples: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    await sampleServiceStats(client, { kind: 'docker', project: 'bench', service: 'worker' });
    samples.push(performance.now() - t0);
  }
  console.log(`one stats sample of 3 containers (stream=false)       p50 ${pct(samples, 50).toFixed(0).padStart(6)} ms   (why status --json leaves them out)`);
} finally {
  await session.dispose();
  await engine.close();
}
