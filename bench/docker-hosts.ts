// Benchmark: a Docker service on two hosts, each with its own engine (the shared dockerd behind
// web-1, a private dockerd behind web-2), both reached as ssh://<host> by `docker system
// dial-stdio` over a real sshd fleet on loopback (needs root, openssh-server, docker.io).
//  1. a container killed on web-2 until the store the screen renders shows web@web-2 exited
//     (engine events only: polling once a minute), p50 and max of 10;
//  2. sshd logins per host while the console follows both engines (goal: 1 each: events, calls
//     and actions share each host's master connection);
//  3. a restart of the service on both hosts (stop + start on each engine, reported per instance).
import { chmodSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFleet } from '../test/helpers/ssh-fleet.js';
import { startPrivateDockerd, privateDockerdEnv } from '../test/helpers/private-dockerd.js';
import { makeProfile } from '../test/helpers/profiles.js';
import { HealthMonitor } from '../src/services/health/health-monitor.js';
import { createProber } from '../src/adapters/health/composite-prober.js';
import { closeSshHosts } from '../src/adapters/ssh/ssh-hosts.js';
import { DockerEngine, createDockerController } from '../src/adapters/docker/index.js';
import { lifecycleDeps } from '../src/services/lifecycle/lifecycle-deps.js';
import { runLifecycleAction } from '../src/services/lifecycle/lifecycle.js';
import { outcomeCounts } from '../src/domain/lifecycle/lifecycle-events.js';
import { fmt, pct, until } from './lib/figures.js';


const shared = new DockerEngine();
const sharedSocket = shared.target.options.socketPath;
const skip = process.getuid?.() !== 0 ? 'needs root (the fleet creates local users)' : !privateDockerdEnv.available ? privateDockerdEnv.reason : !sharedSocket ? 'the shared engine is not on a unix socket' : await shared.ping().then(() => '', (e: Error) => e.message);
if (skip) {
  console.log(`docker on hosts bench: skipped (${skip}; eval "$(scripts/ci/services.sh env)")`);
  process.exit(0);
}

const image = process.env.OPSDECK_TEST_DOCKER_IMAGE || 'opsdeck-busybox:test';
const engineB = await startPrivateDockerd();
chmodSync(engineB.dir, 0o711);
const fleet = await startFleet([
  { name: 'web-1', docker: true, dockerHost: `unix://${sharedSocket}` },
  { name: 'web-2', docker: true, dockerHost: engineB.host },
]);
Object.assign(process.env, fleet.env, { OPSDECK_STATE_DIR: mkdtempSync(join(tmpdir(), 'opsdeck-bench-dh-')) });
const local = { a: shared, b: new DockerEngine(engineB.host) };
const name = `opsdeck-bench-hosts-${process.pid}`;
const cmd = ['sh', '-c', 'trap "exit 0" TERM; while true; do sleep 1; done'];
const ca = await local.a.streams.createContainer({ name, Image: image, Cmd: cmd, Labels: { 'opsdeck.test': '1' } });
const cb = await local.b.streams.createContainer({ name, Image: image, Cmd: cmd, Labels: { 'opsdeck.test': '1' } });
let monitor: HealthMonitor | undefined;
try {
  await ca.start();
  await cb.start();
  const profile = makeProfile({
    hosts: { 'web-1': { ssh: 'web-1', labels: { role: 'web' } }, 'web-2': { ssh: 'web-2', labels: { role: 'web' } } },
    services: { web: { on: { role: 'web' }, docker: { container: name } } },
  });
  const environment = profile.environments.local!;
  const controller = createDockerController(environment, { stopGraceMs: 2000 });
  monitor = new HealthMonitor({ profile, environment, prober: createProber(), controllers: { docker: controller }, runStateIntervalMs: 60_000 });
  const m = monitor;
  const run = (instance: string) => m.store.getState().services.web?.instances?.find((i) => i.name === instance)?.run;
  m.start();
  await until(() => run('web@web-1') === 'running' && run('web@web-2') === 'running', 60_000);
  await new Promise((r) => setTimeout(r, 1000)); // both event streams are up

  // 1. Kill on web-2 → its instance exited, from web-2's own event stream.
  const deaths: number[] = [];
  for (let i = 0; i < 10; i++) {
    const s = performance.now();
    await cb.kill();
    await until(() => run('web@web-2') === 'exited');
    deaths.push(performance.now() - s);
    if (run('web@web-1') !== 'running') throw new Error('web-1 changed with web-2');
    await cb.start();
    await until(() => run('web@web-2') === 'running');
  }
  console.log(`container killed on web-2 -> store shows web@web-2 exited (ssh://web-2, events only): p50 ${fmt(pct(deaths, 50))} max ${fmt(Math.max(...deaths))} (goal <= 1000 ms)`);

  // 3. A restart on both hosts.
  const deps = lifecycleDeps({ profile, environment, controllers: { docker: controller }, monitor: m });
  const s = performance.now();
  const result = await runLifecycleAction('restart', ['web'], deps.options);
  const restartMs = performance.now() - s;
  await deps.close();

  // 2. Logins: every call, event stream and action went over each host's one master.
  const logins = (h: string): number => readFileSync(fleet.hosts[h]!.logFile, 'utf8').match(/Accepted publickey/g)?.length ?? 0;
  console.log(`sshd logins after 20 kills/starts, 2 event streams and a restart: web-1 ${logins('web-1')}, web-2 ${logins('web-2')} (goal 1 each)`);
  console.log(`restart on both hosts until healthy: ${fmt(restartMs)} (${result.ok ? 'done' : 'FAILED'}: ${outcomeCounts(result)})`);
} finally {
  await monitor?.stop();
  await ca.remove({ force: true }).catch(() => undefined);
  await closeSshHosts();
  await engineB.close();
  await fleet.stop();
}
