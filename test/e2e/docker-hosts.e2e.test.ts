// The real binary on a profile whose `web` service lives on two hosts, each with its own Docker
// engine (the shared dockerd behind web-1, a private one behind web-2, both reached as
// ssh://<host> through `docker system dial-stdio` over the test sshds). The same container name
// on both: running and healthy on web-1, killed on web-2. `status --json` lists both instances
// with their host; the console shows one row "1/2 running", the instances panel both hosts, a
// confirmed restart acting on both and saying so per host, and a kill on web-2 changing only
// web-2's row, through the engine events; with web-2's engine gone, `opsdeck restart` still
// restarts web-1 and names web-2 with the reason.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { ensureBuilt, runCli } from '../helpers/run-cli.js';
import { describeIfAvailable } from '../helpers/requirements.js';
import { tmuxAvailable, type TmuxPane } from '../helpers/tmux.js';
import { openFixtureConsole } from '../helpers/fixture-console.js';
import { TestContainers, dockerEnv, uniqueName, until, type TestContainer } from '../helpers/docker-env.js';
import { privateDockerdEnv, type PrivateDockerd } from '../helpers/private-dockerd.js';
import { sshEnv, type SshFleet } from '../helpers/ssh-fleet.js';
import { startTwoEngineFleet, type TwoEngineFleet } from '../helpers/two-engine-fleet.js';
import { removeTempDirs, tempDir } from '../helpers/temp-dir.js';
import { expectJsonVocabulary } from '../helpers/json-vocabulary.js';

const ready = tmuxAvailable() && dockerEnv.available && sshEnv.available && privateDockerdEnv.available;
const why = !tmuxAvailable() ? 'tmux is not installed' : dockerEnv.reason || sshEnv.reason || privateDockerdEnv.reason;

describeIfAvailable('docker service on two hosts, end to end', ready, why, () => {
  let hosts: TwoEngineFleet | undefined;
  let fleet: SshFleet;
  let engineB: PrivateDockerd;
  let onA: TestContainers;
  let onB: TestContainers;
  let dir: string;
  let env: Record<string, string>;
  let pane: TmuxPane | undefined;
  const name = uniqueName('web');
  let b: TestContainer;

  beforeAll(async () => {
    ensureBuilt();
    hosts = await startTwoEngineFleet();
    ({ onA, onB, engineB, fleet } = hosts);
    // Stops on SIGTERM within a second (a bare sleep as PID 1 would hold docker stop for 10 s).
    await onA.create({ name, cmd: ['sh', '-c', 'trap "exit 0" TERM; touch /tmp/ok; while true; do sleep 1; done'], healthCmd: 'test -f /tmp/ok', healthIntervalMs: 300 });
    b = await onB.create({ name, cmd: ['sleep', '600'] });
    await onB.docker.getContainer(b.id).kill();
    dir = tempDir('opsdeck-e2e-hosts-');
    mkdirSync(join(dir, 'profiles'));
    writeFileSync(join(dir, 'profiles', 'fleet.yaml'), [
      'name: fleet',
      'hosts:',
      '  web-1: { ssh: web-1, labels: { role: web } }',
      '  web-2: { ssh: web-2, labels: { role: web } }',
      'environments:',
      '  local: {}',
      'services:',
      '  web:',
      '    on: { role: web }',
      `    docker: { container: ${name} }`,
      '',
    ].join('\n'));
    env = { OPSDECK_SSH_CONFIG: fleet.configFile, OPSDECK_STATE_DIR: join(dir, 'state'), PATH: process.env.PATH ?? '' };
  }, 180_000);

  afterEach(() => {
    pane?.kill();
    pane = undefined;
  });

  afterAll(async () => {
    await hosts?.close();
    removeTempDirs();
  }, 60_000);

  it('status --json lists the instances per host; the table says 1/2 running', async () => {
    const r = await runCli(['status', '--json', '--dir', dir, '--profile', 'fleet'], env);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout) as { services: { name: string; state: string; run: string; hosts: string[]; instances: Record<string, unknown>[] }[] };
    expectJsonVocabulary(doc);
    const web = doc.services[0]!;
    expect(web).toMatchObject({ name: 'web', state: 'degraded', run: 'running', hosts: ['web-1', 'web-2'] });
    expect(web.instances).toEqual([
      expect.objectContaining({ name: 'web@web-1', host: 'web-1', container: name, run: 'running', status: 'running', health: 'healthy', startedAt: expect.stringMatching(/^\d{4}-.*\.\d{3}Z$/), restartCount: 0, problem: null }),
      expect.objectContaining({ name: 'web@web-2', host: 'web-2', container: name, containerId: b.id, run: 'exited', status: 'exited', exitCode: 137, startedAt: null, problem: 'container exited (code 137)' }),
    ]);
    const text = await runCli(['status', '--dir', dir, '--profile', 'fleet'], env);
    expect(text.stdout).toMatch(/^web\s+1\/2 running\s+degraded\s+.*web@web-2 container exited \(code 137\)/m);
  }, 60_000);

  it('the console: one row, the instances panel, a restart on both hosts, a kill on web-2 seen only there', async () => {
    pane = openFixtureConsole(dir, { profile: 'fleet', stateDir: env.OPSDECK_STATE_DIR!, rows: 32, env });
    const p = pane;
    await p.waitFor(/web\s+1\/2 running\s+\S+ degraded .*web@web-2 exited/, 30_000);
    p.send('Enter');
    let screen = await p.waitFor(/Instances \(1\/2 running\)[\s\S]*web-2 /, 20_000);
    expect(screen).toMatch(new RegExp(`web-1\\s+${name}\\s+running\\s+healthy`));
    expect(screen).toMatch(new RegExp(`web-2\\s+${name}\\s+exited`));

    await p.waitFor(/r\s+restart/);
    p.send('r');
    await p.waitFor('[y/N]');
    p.send('y');
    await p.waitFor(/web: restart done in [\d.]+s: web@web-1 restarted, web@web-2 started/, 60_000);
    await p.waitFor(/Instances \(2\/2 running\)/, 20_000);

    await onB.docker.getContainer(b.id).kill();
    screen = await p.waitFor(new RegExp(`Instances \\(1/2 running\\)[\\s\\S]*web-2\\s+${name}\\s+exited`), 20_000);
    expect(screen).toMatch(new RegExp(`web-1\\s+${name}\\s+running`));
    // The other engine was not touched: web-1's container runs on, as the engine itself says.
    await until('web-1 still running on its engine', async () => (await onA.engine.find({ kind: 'docker', container: name }))?.runState === 'running');
  }, 120_000);

  it("opsdeck restart with web-2's engine gone: web-1 restarted, web-2 named with the reason, exit 1", async () => {
    const before = await onA.engine.find({ kind: 'docker', container: name });
    await engineB.stop();
    const r = await runCli(['restart', 'web', '--dir', dir, '--profile', 'fleet'], env);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/FAILED: web@web-1 restarted, web@web-2 failed: cannot reach Docker at ssh:\/\/web-2: /);
    expect(r.stderr).toMatch(/web failed to stop: web@web-2 failed: cannot reach Docker at ssh:\/\/web-2/);
    const after = await onA.engine.find({ kind: 'docker', container: name });
    expect(after?.runState).toBe('running');
    expect(after?.startedAt).not.toBe(before?.startedAt);
  }, 120_000);
});
