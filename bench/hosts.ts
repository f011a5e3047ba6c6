// Benchmark: many hosts over the operator's OpenSSH, against a real sshd fleet on loopback
// (test/helpers/ssh-fleet.ts; needs root and openssh-server).
//  1. 20 hosts x 5 command checks (1 s interval): SSH connections opened (goal 20) and the CPU of
//     the monitoring process at steady state;
//  2. per-command overhead over the multiplexed connection vs a fresh `ssh` per command (p50);
//  3. a container dying on an engine reached at ssh:// (dial-stdio) until the health store the
//     screen renders shows it, with polling at once a minute (events only);
//  4. cold start to the first frame: the example Docker profile vs the demo (dockerode lazy).
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFleet } from '../test/helpers/ssh-fleet.js';
import { makeProfile } from '../test/helpers/profiles.js';
import { HealthMonitor } from '../src/services/health/health-monitor.js';
import { createProber } from '../src/adapters/health/composite-prober.js';
import { closeSshHosts, openSshHosts, sshHostFor } from '../src/adapters/ssh/ssh-hosts.js';
import { DockerEngine, DockerServiceController } from '../src/adapters/docker/index.js';
import { firstFrameMs, repo, withDemoPorts } from './lib/tty-harness.js';
import { fmt, pct, until } from './lib/figures.js';

const execFileAsync = promisify(execFile);
const HOSTS = Number(process.env.BENCH_HOSTS ?? 20);

if (process.getuid?.() !== 0) {
  console.log('hosts bench: needs root (the fleet creates local users); skipped');
  process.exit(0);
}

const names = Array.from({ length: HOSTS }, (_, i) => `h${String(i + 1).padStart(2, '0')}`);
const fleet = await startFleet([...names.map((name) => ({ name })), { name: 'dock', docker: true }]);
Object.assign(process.env, fleet.env, { OPSDECK_STATE_DIR: mkdtempSync(join(tmpdir(), 'opsdeck-bench-ssh-')) });
try {
  // 1. 20 hosts x 5 checks.
  const profile = makeProfile({
    hosts: Object.fromEntries(names.map((n) => [n, { ssh: n, labels: { role: 'app' } }])),
    services: { app: { on: { role: 'app' }, health: [1, 2, 3, 4, 5].map((i) => ({ name: `c${i}`, command: ['sh', '-c', 'test -d /'], interval: '1s' })) } },
  });
  const monitor = new HealthMonitor({ profile, environment: profile.environments.local!, prober: createProber() });
  const t0 = Date.now();
  monitor.start();
  await until(() => (monitor.store.getState().services.app?.checks.length ?? 0) === HOSTS * 5 && monitor.store.getState().services.app!.checks.every((c) => c.ok), 60_000);
  console.log(`${HOSTS} hosts x 5 checks: all passing after ${Date.now() - t0} ms`);
  await new Promise((r) => setTimeout(r, 2000));
  const cpu0 = process.cpuUsage();
  const w0 = performance.now();
  await new Promise((r) => setTimeout(r, 10_000));
  const cpu = process.cpuUsage(cpu0);
  const wall = performance.now() - w0;
  const logins = names.reduce((n, h) => n + (readFileSync(fleet.hosts[h]!.logFile, 'utf8').match(/Accepted publickey/g)?.length ?? 0), 0);
  const masters = openSshHosts().filter((h) => h.masterPid).length;
  console.log(`SSH connections opened: ${logins} (sshd logins across the fleet; ${masters} master processes; goal ${HOSTS})`);
  console.log(`steady state, ${HOSTS * 5} checks/s: monitoring process CPU ${((100 * (cpu.user + cpu.system)) / 1000 / wall).toFixed(1)} % of one core (ssh clients are separate processes)`);
  await monitor.stop();

  // 2. Per-command overhead.
  const h = sshHostFor('h01');
  await h.exec(['true']);
  const mux: number[] = [];
  for (let i = 0; i < 40; i++) {
    const s = performance.now();
    await h.exec(['true']);
    mux.push(performance.now() - s);
  }
  const fresh: number[] = [];
  const refused: string[] = [];
  for (let i = 0; i < 15; i++) {
    const s = performance.now();
    // Asynchronously: this process also drains the fleet's sshd logs, a blocked loop would stall them.
    const r = await execFileAsync('ssh', ['-F', fleet.configFile, '-o', 'BatchMode=yes', '-o', 'ControlMaster=no', '-o', 'ControlPath=none', 'h02', 'true']).then(() => undefined, (e: { stderr?: string }) => String(e.stderr ?? e).trim());
    if (r === undefined) fresh.push(performance.now() - s);
    else refused.push(r);
  }
  if (refused.length) console.log(`fresh ssh: ${refused.length} of 15 failed: ${refused[0]}`);
  console.log(`per command (\`true\`): multiplexed p50 ${fmt(pct(mux, 50))} p90 ${fmt(pct(mux, 90))}; fresh ssh p50 ${fmt(pct(fresh, 50))} p90 ${fmt(pct(fresh, 90))} (goal mux <= 20 ms p50)`);

  // 3. Container death over ssh://.
  const socket = new DockerEngine().target.options.socketPath;
  const local = new DockerEngine();
  try {
    await local.ping();
    const engine = new DockerEngine(`ssh://dock${socket}`);
    const image = process.env.OPSDECK_TEST_DOCKER_IMAGE || 'opsdeck-busybox:test';
    const deaths: number[] = [];
    for (let i = 0; i < 5; i++) {
      const name = `opsdeck-bench-death-${process.pid}-${i}`;
      const c = await local.streams.createContainer({ name, Image: image, Cmd: ['sleep', '600'], Labels: { 'opsdeck.test': '1' } });
      await c.start();
      const p = makeProfile({ services: { victim: { docker: { container: name } } } });
      const m = new HealthMonitor({ profile: p, environment: p.environments.local!, prober: createProber(), controllers: { docker: new DockerServiceController(engine) }, runStateIntervalMs: 60_000 });
      m.start();
      await until(() => m.store.getState().services.victim?.run === 'running');
      await new Promise((r) => setTimeout(r, 500)); // the event stream is up
      const s = performance.now();
      await c.kill();
      await until(() => m.store.getState().services.victim?.run === 'exited');
      deaths.push(performance.now() - s);
      await m.stop();
      await c.remove({ force: true });
    }
    console.log(`container killed -> store shows exited, over ssh:// (events only): p50 ${fmt(pct(deaths, 50))} max ${fmt(Math.max(...deaths))} (goal <= 1000 ms; the screen repaints within one frame, <= 33 ms, after)`);
  } catch (e) {
    console.log(`container death over ssh: skipped (${(e as Error).message}; eval "$(scripts/ci/services.sh env)")`);
  }
} finally {
  await closeSshHosts();
  await fleet.stop();
}

// 4. Cold start to the first frame, in a pty (script).
const frameEnv = { NODE_ENV: 'production', OPSDECK_STATE_DIR: mkdtempSync(join(tmpdir(), 'opsdeck-bench-hosts-state-')) };
const frame = (args: string[], ready: RegExp): Promise<number> => firstFrameMs(args, ready, { cols: 100, rows: 30, env: frameEnv });
const demo: number[] = [];
const docker: number[] = [];
await withDemoPorts(frameEnv, async () => {
  for (let i = 0; i < 5; i++) {
    demo.push(await frame(['--dir', repo, '--profile', 'demo'], /web[\s\S]*q quit/));
    docker.push(await frame(['--dir', join(repo, 'examples', 'docker')], /worker[\s\S]*q quit/));
  }
});
console.log(`cold start to first frame (100x30 pty, p50 of 5): demo ${fmt(pct(demo, 50))}, example Docker profile ${fmt(pct(docker, 50))}`);
