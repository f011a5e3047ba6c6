// The engine stopped mid-session and started again, on a private dockerd of the test's own: the
// console session (its health store, log feed and stats) and `status --json` say "engine
// unreachable" for the docker service while an HTTP service of the same profile keeps being
// checked; once the engine is back the event stream reconnects and says so, health recovers, the
// followed logs resume with new lines, and CPU/memory come back. The same over ssh:// (a fleet
// host whose `docker` is the private engine, reached by dial-stdio over the operator's OpenSSH).
import { afterAll, expect, it } from 'vitest';
import { chmodSync } from 'node:fs';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createConsoleSession, type ConsoleSession } from '../../../src/services/console/console-session.js';
import { loadProfileFile } from '../../../src/adapters/fs/profile-loader.js';
import { serviceRowCells } from '../../../src/ui/presentation/service-row.js';
import { createTheme } from '../../../src/ui/theme/theme.js';
import { describeIfAvailable } from '../../helpers/requirements.js';
import { TestContainers, until } from '../../helpers/docker-env.js';
import { privateDockerdEnv, startPrivateDockerd, type PrivateDockerd } from '../../helpers/private-dockerd.js';
import { startFixtureServer, type FixtureServer } from '../../helpers/http-fixtures.js';
import { removeTempDirs, tempDir } from '../../helpers/temp-dir.js';
import { ensureBuilt, runCli } from '../../helpers/run-cli.js';
import type { LogFeed } from '../../../src/services/logs/log-feed.js';
import { serviceInstances } from '../../../src/state/health-store.js';
import { closeSshHosts } from '../../../src/adapters/ssh/ssh-hosts.js';
import { sshEnv, startFleet, type SshFleet } from '../../helpers/ssh-fleet.js';

const sessions: ConsoleSession[] = [];
const engines: PrivateDockerd[] = [];
const servers: FixtureServer[] = [];
const fleets: SshFleet[] = [];
afterAll(async () => {
  for (const s of sessions) await s.dispose();
  for (const s of servers) await s.close();
  await closeSshHosts();
  for (const f of fleets) await f.stop();
  for (const e of engines) await e.close();
  removeTempDirs();
});

/**
 * One outage and recovery, the engine reached at `dockerHost` (its `engine` stopped and started
 * by the test); `env` is the console's and the CLI's environment.
 */
async function outageAndRecovery(engine: PrivateDockerd, dockerHost: string, env: NodeJS.ProcessEnv): Promise<void> {
  ensureBuilt();
  const server = await startFixtureServer();
  servers.push(server);
  const containers = new TestContainers(engine.host);
  const app = await containers.create({
    name: 'engine-restart-app', restart: 'always', healthCmd: 'true', healthIntervalMs: 300,
    cmd: ['sh', '-c', 'trap "exit 0" TERM; i=0; while true; do i=$((i+1)); echo "tick $i $(date +%s%N)"; sleep 0.2; done'],
  });
  const ops = tempDir();
  mkdirSync(join(ops, 'profiles'));
  writeFileSync(join(ops, 'profiles', 'box.yaml'), [
    'name: box',
    `environments: { local: { docker: { host: "${dockerHost}" } } }`,
    'services:',
    `  app: { docker: { container: ${app.name} } }`,
    `  web: { health: [{ http: { url: "${server.url}/ok" }, interval: 300ms }] }`,
    '',
  ].join('\n'));
  const profile = loadProfileFile(join(ops, 'profiles', 'box.yaml')).profile!;
  const s = createConsoleSession({ ops: { root: ops, embedded: false }, profile, env, autoStart: false });
  sessions.push(s);
  const health = () => s.health.getState();
  const activity = () => s.activity.getState().entries.map((e) => `${e.level} ${e.message}`);
  const row = (name: string) => serviceRowCells(profile.services[name]!, health().services[name], health().services, [], Date.now(), createTheme({ color: false, ascii: true }).glyphs, 0);
  const feed: LogFeed = s.openLogs(['app']);
  const lines = () => feed.store.getState().buffersFor(['app']).flatMap((b) => b.toArray()).map((l) => l.text);
  const releaseStats = s.followStats('app');
  const stats = () => serviceInstances(health(), 'app').filter((i) => i.memoryBytes !== undefined);
  const status = async () => JSON.parse((await runCli(['status', '--json', '--dir', ops, '--profile', 'box'], env)).stdout) as { services: { name: string; state: string; unreachable: boolean; checks: { name: string; error: string | null }[] }[] };
  const detail = () => JSON.stringify({ app: health().services.app, notices: health().notices, activity: activity() });
  const cannotReach = new RegExp(`^cannot reach Docker at ${dockerHost.replace(/[/.]/g, '\\$&')}: `);

  await until('app healthy, its logs and its memory figures', () => health().services.app?.state === 'healthy' && lines().some((l) => l.startsWith('tick')) && stats()[0]?.memoryBytes !== undefined, 60_000, 100, detail);
  expect(row('app').hint).toBe('');
  expect((await status()).services.find((x) => x.name === 'app')).toMatchObject({ state: 'healthy', unreachable: false });

  await engine.stop();
  await until('app shown as engine unreachable', () => health().services.app?.checks.some((c) => c.unreachable), 15_000, 100, detail);
  const down = health().services.app!;
  expect(down.state).not.toBe('healthy');
  expect(down.checks.find((c) => c.unreachable)?.error).toMatch(cannotReach);
  expect(down.instances).toEqual([expect.objectContaining({ name: 'app', status: 'unreachable', run: 'unknown' })]);
  expect(row('app').hint).toBe('engine unreachable');
  await until('a notice that the engine events are lost, also in the activity line', () => /Docker events from .* lost/.test(health().notices.docker ?? '') && activity().some((a) => /^error Docker events from .* lost/.test(a)), 15_000, 100, detail);
  await until('no stale CPU/memory figures', () => stats().length === 0, 15_000);
  // The rest of the profile keeps working: the HTTP service is checked again, and healthy.
  const webAt = health().services.web!.lastCheckAt!;
  await until('web checked again during the outage', () => health().services.web!.lastCheckAt! > webAt && health().services.web!.state === 'healthy', 15_000);
  const during = await status();
  expect(during.services.find((x) => x.name === 'app')).toMatchObject({ state: 'unhealthy', unreachable: true, checks: [{ name: 'container', error: expect.stringMatching(cannotReach) }] });
  expect(during.services.find((x) => x.name === 'web')).toMatchObject({ state: 'healthy', unreachable: false });

  const seen = lines().length;
  await engine.start();
  await until('the event stream reconnected, and said so', () => health().notices.docker === undefined && activity().some((a) => /^ok docker: engine events reconnected after \d/.test(a)), 30_000, 100, detail);
  await until('app healthy again', () => health().services.app?.state === 'healthy' && health().services.app?.run === 'running', 30_000, 100, detail);
  expect(row('app').hint).toBe('');
  await until('new log lines after the restart', () => lines().length > seen + 3, 60_000);
  await until('CPU/memory figures again', () => stats()[0]?.memoryBytes !== undefined, 30_000);
  releaseStats();
  feed.close();
}

describeIfAvailable('engine stopped and restarted mid-session (private dockerd)', privateDockerdEnv.available, privateDockerdEnv.reason, () => {
  it('unix://: unreachable within seconds while the rest keeps working; events, health, logs and stats recover', { timeout: 180_000 }, async () => {
    const engine = await startPrivateDockerd();
    engines.push(engine);
    await outageAndRecovery(engine, engine.host, { ...process.env, OPSDECK_STATE_DIR: tempDir() });
  });
});

describeIfAvailable('engine stopped and restarted mid-session over ssh:// (private dockerd behind a fleet host)', privateDockerdEnv.available && sshEnv.available, privateDockerdEnv.reason || sshEnv.reason, () => {
  it('ssh://: the same through dial-stdio over the operator\'s OpenSSH', { timeout: 240_000 }, async () => {
    const engine = await startPrivateDockerd();
    engines.push(engine);
    chmodSync(engine.dir, 0o711); // the host's user reaches the socket (group docker) through it
    const fleet = await startFleet([{ name: 'dock', docker: true, dockerHost: engine.host }]);
    fleets.push(fleet);
    // The engine clients read the ssh config from the process environment (shared per host).
    const ours = { ...fleet.env, OPSDECK_STATE_DIR: tempDir() };
    const saved = Object.fromEntries(Object.keys(ours).map((k) => [k, process.env[k]]));
    Object.assign(process.env, ours);
    try {
      await outageAndRecovery(engine, 'ssh://dock', { ...process.env });
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  });
});
