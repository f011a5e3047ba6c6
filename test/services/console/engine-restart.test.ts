// The engine stopped mid-session and started again, on a private dockerd of the test's own: the
// console session (its health store, log feed and stats) and `status --json` say "engine
// unreachable" for the docker service while an HTTP service of the same profile keeps being
// checked; once the engine is back the event stream reconnects and says so, health recovers, the
// followed logs resume with new lines, and CPU/memory come back.
import { afterAll, expect, it } from 'vitest';
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

describeIfAvailable('engine stopped and restarted mid-session (private dockerd)', privateDockerdEnv.available, privateDockerdEnv.reason, () => {
  let engine: PrivateDockerd | undefined;
  let server: FixtureServer | undefined;
  let session: ConsoleSession | undefined;
  afterAll(async () => {
    await session?.dispose();
    await server?.close();
    await engine?.close();
    removeTempDirs();
  });

  it('unreachable within seconds while the rest keeps working; events, health, logs and stats recover', { timeout: 180_000 }, async () => {
    ensureBuilt();
    engine = await startPrivateDockerd();
    server = await startFixtureServer();
    const containers = new TestContainers(engine.host);
    const app = await containers.create({
      name: 'engine-restart-app', restart: 'always', healthCmd: 'true', healthIntervalMs: 300,
      cmd: ['sh', '-c', 'trap "exit 0" TERM; i=0; while true; do i=$((i+1)); echo "tick $i $(date +%s%N)"; sleep 0.2; done'],
    });
    const ops = tempDir();
    mkdirSync(join(ops, 'profiles'));
    writeFileSync(join(ops, 'profiles', 'box.yaml'), [
      'name: box',
      `environments: { local: { docker: { host: "${engine.host}" } } }`,
      'services:',
      `  app: { docker: { container: ${app.name} } }`,
      `  web: { health: [{ http: { url: "${server.url}/ok" }, interval: 300ms }] }`,
      '',
    ].join('\n'));
    const profile = loadProfileFile(join(ops, 'profiles', 'box.yaml')).profile!;
    const env = { ...process.env, OPSDECK_STATE_DIR: tempDir() };
    session = createConsoleSession({ ops: { root: ops, embedded: false }, profile, env, autoStart: false });
    const s = session;
    const health = () => s.health.getState();
    const activity = () => s.activity.getState().entries.map((e) => `${e.level} ${e.message}`);
    const row = (name: string) => serviceRowCells(profile.services[name]!, health().services[name], health().services, [], Date.now(), createTheme({ color: false, ascii: true }).glyphs, 0);
    const feed: LogFeed = s.openLogs(['app']);
    const lines = () => feed.store.getState().buffersFor(['app']).flatMap((b) => b.toArray()).map((l) => l.text);
    const releaseStats = s.followStats('app');
    const stats = () => serviceInstances(health(), 'app').filter((i) => i.memoryBytes !== undefined);
    const status = async () => JSON.parse((await runCli(['status', '--json', '--dir', ops, '--profile', 'box'], env)).stdout) as { services: { name: string; state: string; unreachable: boolean; checks: { name: string; error: string | null }[] }[] };

    await until('app healthy, its logs and its memory figures', () => health().services.app?.state === 'healthy' && lines().some((l) => l.startsWith('tick')) && stats()[0]?.memoryBytes !== undefined, 60_000);
    expect(row('app').hint).toBe('');
    expect((await status()).services.find((x) => x.name === 'app')).toMatchObject({ state: 'healthy', unreachable: false });

    await engine.stop();
    const detail = () => JSON.stringify({ app: health().services.app, notices: health().notices });
    await until('app shown as engine unreachable', () => health().services.app?.checks.some((c) => c.unreachable), 15_000, 100, detail);
    const down = health().services.app!;
    expect(down.state).not.toBe('healthy');
    expect(down.checks.find((c) => c.unreachable)?.error).toMatch(/^cannot reach Docker at unix:\/\/.*docker\.sock: /);
    expect(down.instances).toEqual([expect.objectContaining({ name: 'app', status: 'unreachable', run: 'unknown' })]);
    expect(row('app').hint).toBe('engine unreachable');
    await until('a notice that the engine events are lost, also in the activity line', () => /Docker events from .* lost/.test(health().notices.docker ?? '') && activity().some((a) => /^error Docker events from unix:\/\/.* lost/.test(a)), 15_000, 100, detail);
    await until('no stale CPU/memory figures', () => stats().length === 0, 15_000);
    // The rest of the profile keeps working: the HTTP service is checked again, and healthy.
    const webAt = health().services.web!.lastCheckAt!;
    await until('web checked again during the outage', () => health().services.web!.lastCheckAt! > webAt && health().services.web!.state === 'healthy', 15_000);
    const during = await status();
    expect(during.services.find((x) => x.name === 'app')).toMatchObject({ state: 'unhealthy', unreachable: true, checks: [{ name: 'container', error: expect.stringMatching(/^cannot reach Docker at /) }] });
    expect(during.services.find((x) => x.name === 'web')).toMatchObject({ state: 'healthy', unreachable: false });

    const seen = lines().length;
    await engine.start();
    await until('the event stream reconnected, and said so', () => health().notices.docker === undefined && activity().some((a) => /^ok docker: engine events reconnected after \d/.test(a)), 30_000, 100, () => activity().join('\n'));
    await until('app healthy again', () => health().services.app?.state === 'healthy' && health().services.app?.run === 'running', 30_000, 100, detail);
    expect(row('app').hint).toBe('');
    await until('new log lines after the restart', () => lines().length > seen + 3, 60_000);
    await until('CPU/memory figures again', () => stats()[0]?.memoryBytes !== undefined, 30_000);
    releaseStats();
    feed.close();
  });
});
