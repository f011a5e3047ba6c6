// The real binary in a tmux pane over a private Docker engine that the test stops and starts
// again: the service screen shows CPU and memory live, then "engine unreachable" within seconds
// of the engine going away (and no stale figures), then healthy again with its followed logs
// resuming (lines written after the restart) and the figures back; the home row says it too, and
// the activity line says when the engine events reconnected.
import { afterAll, afterEach, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureBuilt } from '../helpers/run-cli.js';
import { describeIfAvailable } from '../helpers/requirements.js';
import { tmuxAvailable, type TmuxPane } from '../helpers/tmux.js';
import { openFixtureConsole } from '../helpers/fixture-console.js';
import { TestContainers } from '../helpers/docker-env.js';
import { privateDockerdEnv, startPrivateDockerd, type PrivateDockerd } from '../helpers/private-dockerd.js';
import { removeTempDirs, tempDir } from '../helpers/temp-dir.js';

const available = tmuxAvailable() && privateDockerdEnv.available;
const reason = tmuxAvailable() ? privateDockerdEnv.reason : 'tmux is not installed';

describeIfAvailable('docker engine restart, end to end (tmux)', available, reason, () => {
  const engines: PrivateDockerd[] = [];
  let pane: TmuxPane | undefined;
  afterEach(() => pane?.kill());
  afterAll(async () => {
    for (const e of engines) await e.close();
    removeTempDirs();
  });
  const privateEngine = async (): Promise<PrivateDockerd> => {
    const e = await startPrivateDockerd();
    engines.push(e);
    return e;
  };

  it('service screen: CPU/memory, engine unreachable, then recovered with new log lines', { timeout: 240_000 }, async () => {
    ensureBuilt();
    const engine = await privateEngine();
    const containers = new TestContainers(engine.host);
    await containers.create({
      name: 'shop-app', restart: 'always', healthCmd: 'true', healthIntervalMs: 300, memoryLimitBytes: 64 * 2 ** 20,
      cmd: ['sh', '-c', 'trap "exit 0" TERM; i=0; while true; do i=$((i+1)); echo "tick $i at $(date +%s)"; sleep 0.3; done'],
    });
    const ops = tempDir();
    mkdirSync(join(ops, 'profiles'));
    writeFileSync(join(ops, 'profiles', 'box.yaml'), `name: box\nenvironments: { local: { docker: { host: "${engine.host}" } } }\nservices:\n  app: { docker: { container: shop-app } }\n  notes: { description: external, health: [] }\n`);
    const p = (pane = openFixtureConsole(ops, { profile: 'box', stateDir: tempDir(), env: {}, shell: true }));
    const appRow = /^[▶> ] app\s.*$/m;
    await p.waitFor(/^[▶> ] app\s+running\s+● healthy/m, 60_000);

    p.send('Enter');
    await p.waitFor('Checks', 15_000);
    await p.waitFor(/resources {2}cpu \d+(\.\d)?% · mem [\d.]+ (B|KiB|MiB) \/ 64 MiB/, 30_000);
    await p.waitFor(/tick \d+ at \d+/, 30_000);

    await engine.stop();
    await p.waitFor(/✖ container\s+docker\s+.*engine unreachable: cannot reach Docker at unix:\/\//, 20_000);
    let screen = await p.waitFor('resources  no running container measured yet', 20_000);
    expect(screen).not.toMatch(/resources {2}cpu/);

    await engine.start();
    const back = Math.floor(Date.now() / 1000);
    await p.waitFor(/state running\s+health ● healthy/, 60_000);
    // The log slot follows on: a line the container wrote after the engine came back.
    await p.waitUntil((s) => [...s.matchAll(/tick \d+ at (\d+)/g)].some((m) => Number(m[1]) >= back), 60_000);
    await p.waitFor(/resources {2}cpu \d+(\.\d)?% · mem [\d.]+ (B|KiB|MiB) \/ 64 MiB/, 30_000);

    p.send('Escape');
    screen = await p.waitFor(/SERVICE\s+STATE/, 15_000);
    expect(screen.match(appRow)?.[0]).not.toContain('engine unreachable');
    p.send('q');
    await p.waitFor(/READY\$ *$/m, 15_000);
  });

  it('home row: engine unreachable while it is down; the activity line says when its events reconnect', { timeout: 240_000 }, async () => {
    const engine = await privateEngine();
    const containers = new TestContainers(engine.host);
    await containers.create({ name: 'shop-db', restart: 'always', healthCmd: 'true', healthIntervalMs: 300, cmd: ['sh', '-c', 'trap "exit 0" TERM; while true; do sleep 0.3; done'] });
    const ops = tempDir();
    mkdirSync(join(ops, 'profiles'));
    writeFileSync(join(ops, 'profiles', 'box.yaml'), `name: box\nenvironments: { local: { docker: { host: "${engine.host}" } } }\nservices:\n  db: { docker: { container: shop-db } }\n`);
    const p = (pane = openFixtureConsole(ops, { profile: 'box', stateDir: tempDir(), env: {}, shell: true }));
    await p.waitFor(/^[▶> ] db\s+running\s+● healthy/m, 60_000);
    await engine.stop();
    await p.waitFor(/^[▶> ] db\s+.*engine unreachable/m, 20_000);
    await p.waitFor(/Docker events from unix:\/\/.* lost/, 20_000);
    await engine.start();
    await p.waitFor(/docker: engine events reconnected after \d/, 60_000);
    await p.waitFor(/^[▶> ] db\s+running\s+● healthy/m, 60_000);
    p.send('q');
    await p.waitFor(/READY\$ *$/m, 15_000);
  });
});
