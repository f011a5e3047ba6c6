// The engine stopped mid-session and started again, on a private dockerd of the test's own: the
// console session (its health store, log feed and stats) says "engine unreachable" for the docker
// service while an HTTP service of the same profile keeps being checked; once the engine is back
// the event stream reconnects and says so, health recovers, the followed logs resume with new
// lines, and CPU/memory come back.
import { afterAll, expect, it } from 'vitest';
import { createConsoleSession, type ConsoleSession } from '../../../src/services/console/console-session.js';
import { describeIfAvailable } from '../../helpers/requirements.js';
import { TestContainers, until } from '../../helpers/docker-env.js';
import { privateDockerdEnv, startPrivateDockerd, type PrivateDockerd } from '../../helpers/private-dockerd.js';
import { startFixtureServer, type FixtureServer } from '../../helpers/http-fixtures.js';
import { makeProfile } from '../../helpers/profiles.js';
import { removeTempDirs, tempDir } from '../../helpers/temp-dir.js';
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
    engine = await startPrivateDockerd();
    server = await startFixtureServer();
    const containers = new TestContainers(engine.host);
    const app = await containers.create({
      name: 'engine-restart-app', restart: 'always', healthCmd: 'true', healthIntervalMs: 300,
      cmd: ['sh', '-c', 'trap "exit 0" TERM; i=0; while true; do i=$((i+1)); echo "tick $i $(date +%s%N)"; sleep 0.2; done'],
    });
    const profile = makeProfile({
      environments: { local: { vars: {}, docker: { host: engine.host } } },
      services: {
        app: { docker: { container: app.name } },
        web: { health: [{ http: { url: `${server.url}/ok` }, interval: '300ms' }] },
      },
    });
    session = createConsoleSession({ ops: { root: tempDir(), embedded: false }, profile, env: { ...process.env, OPSDECK_STATE_DIR: tempDir() }, autoStart: false });
    const s = session;
    const health = () => s.health.getState();
    const feed: LogFeed = s.openLogs(['app']);
    const lines = () => feed.store.getState().buffersFor(['app']).flatMap((b) => b.toArray()).map((l) => l.text);
    const releaseStats = s.followStats('app');
    const stats = () => serviceInstances(health(), 'app').filter((i) => i.memoryBytes !== undefined);

    await until('app healthy, its logs and its memory figures', () => health().services.app?.state === 'healthy' && lines().some((l) => l.startsWith('tick')) && stats()[0]?.memoryBytes !== undefined, 60_000);

    await engine.stop();
    await until('app shown as engine unreachable', () => /cannot reach Docker/i.test(JSON.stringify(health().services.app)) && health().services.app, 15_000, 100, () => JSON.stringify({ app: health().services.app, notices: health().notices }));
    const down = health().services.app!;
    expect(down.state).not.toBe('healthy');
    expect(down.checks.find((c) => !c.ok)?.error).toMatch(/cannot reach Docker at unix:\/\//);
    await until('a notice that the engine events are lost', () => /Docker events from .* lost/.test(health().notices.docker ?? ''), 15_000);
    await until('no stale CPU/memory figures', () => stats().length === 0, 15_000);
    // The rest of the profile keeps working: the HTTP service is checked again, and healthy.
    const webAt = health().services.web!.lastCheckAt!;
    await until('web checked again during the outage', () => health().services.web!.lastCheckAt! > webAt && health().services.web!.state === 'healthy', 15_000);

    const seen = lines().length;
    await engine.start();
    await until('the event stream reconnected (the notice cleared)', () => health().notices.docker === undefined, 30_000);
    await until('app healthy again', () => health().services.app?.state === 'healthy' && health().services.app?.run === 'running', 30_000);
    await until('new log lines after the restart', () => lines().length > seen + 3, 60_000);
    await until('CPU/memory figures again', () => stats()[0]?.memoryBytes !== undefined, 30_000);
    releaseStats();
    feed.close();
  });
});
