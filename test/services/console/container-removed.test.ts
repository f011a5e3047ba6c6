// A container removed under a running console (docker rm -f): the store, the home row and
// `status --json` say there is no such container (not a stale "healthy"), the rest of the
// profile keeps its state; a container of that name created again is followed once more.
import { afterAll, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createConsoleSession, type ConsoleSession } from '../../../src/services/console/console-session.js';
import { loadProfileFile } from '../../../src/adapters/fs/profile-loader.js';
import { serviceRowCells } from '../../../src/ui/presentation/service-row.js';
import { createTheme } from '../../../src/ui/theme/theme.js';
import { describeIfAvailable } from '../../helpers/requirements.js';
import { TestContainers, dockerEnv, uniqueName, until } from '../../helpers/docker-env.js';
import { removeTempDirs, tempDir } from '../../helpers/temp-dir.js';
import { ensureBuilt, runCli } from '../../helpers/run-cli.js';

describeIfAvailable('container removed mid-session (real engine)', dockerEnv.available, dockerEnv.reason, () => {
  const containers = new TestContainers();
  let session: ConsoleSession | undefined;
  afterAll(async () => {
    await session?.dispose();
    await containers.removeAll();
    removeTempDirs();
  });

  it('is "no container" in the store, on the row and in status --json; a new one of that name is followed again', { timeout: 120_000 }, async () => {
    ensureBuilt();
    const name = uniqueName('removed');
    const spec = { name, healthCmd: 'true', healthIntervalMs: 300, cmd: ['sh', '-c', 'trap "exit 0" TERM; while true; do sleep 0.3; done'] };
    const first = await containers.create(spec);
    const other = await containers.create({ cmd: ['sleep', '600'] });
    const ops = tempDir();
    mkdirSync(join(ops, 'profiles'));
    writeFileSync(join(ops, 'profiles', 'box.yaml'), `name: box\nenvironments: { local: {} }\nservices:\n  app: { docker: { container: ${name} } }\n  side: { docker: { container: ${other.name} } }\n`);
    const profile = loadProfileFile(join(ops, 'profiles', 'box.yaml')).profile!;
    const env = { ...process.env, OPSDECK_STATE_DIR: tempDir() };
    session = createConsoleSession({ ops: { root: ops, embedded: false }, profile, env, autoStart: false });
    const s = session;
    const health = () => s.health.getState();
    const row = (svc: string) => serviceRowCells(profile.services[svc]!, health().services[svc], health().services, [], Date.now(), createTheme({ color: false, ascii: true }).glyphs, 0);
    await until('both healthy', () => health().services.app?.state === 'healthy' && health().services.side?.state === 'healthy', 60_000);

    await containers.docker.getContainer(first.id).remove({ force: true });
    await until('app without a container', () => health().services.app?.instances?.[0]?.status === 'missing', 15_000, 100, () => JSON.stringify(health().services.app));
    const app = health().services.app!;
    expect(app).toMatchObject({ state: 'unhealthy', run: 'unknown' });
    expect(app.checks.find((c) => !c.ok)?.error).toBe(`no container named "${name}"`);
    expect(row('app').hint).toBe('no container (removed?)');
    expect(health().services.side?.state).toBe('healthy');
    const status = JSON.parse((await runCli(['status', '--json', '--dir', ops, '--profile', 'box'], env)).stdout) as { services: { name: string; state: string; run: string; unreachable: boolean; checks: { error: string | null }[] }[] };
    expect(status.services.find((x) => x.name === 'app')).toMatchObject({ state: 'unhealthy', run: 'unknown', unreachable: false, checks: [{ error: `no container named "${name}"` }] });
    expect(status.services.find((x) => x.name === 'side')).toMatchObject({ state: 'healthy' });

    await containers.create(spec); // recreated (docker run again, compose up)
    await until('app followed again', () => health().services.app?.state === 'healthy', 30_000);
    expect(row('app').hint).toBe('');
  });
});
