// A Docker service on two hosts, each with its own engine, for real: two sshd hosts whose
// `docker` talks to two different dockerds (the shared one, and a private one this file starts),
// reached as ssh://<host> through `docker system dial-stdio`. The same container name lives on
// both engines. Health, instances, actions and engine events must each go to the right host's
// engine: one healthy and one stopped reads "1/2 running" naming web@web-2; a restart acts on
// both hosts; a container killed on web-2 changes only web-2's instance, through the events; an
// engine that is gone is named while the other host still acts. The console (the real session,
// stores and screens, its health store fed by the monitor) shows the same on the home row and in
// the service's instances panel.
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createDockerController, type DockerServiceController } from '../../../src/adapters/docker/index.js';
import { closeSshHosts } from '../../../src/adapters/ssh/ssh-hosts.js';
import { createProber } from '../../../src/adapters/health/composite-prober.js';
import { HealthMonitor } from '../../../src/services/health/health-monitor.js';
import { lifecycleDeps } from '../../../src/services/lifecycle/lifecycle-deps.js';
import { runLifecycleAction } from '../../../src/services/lifecycle/lifecycle.js';
import { outcomeCounts } from '../../../src/domain/lifecycle/lifecycle-events.js';
import type { ServiceInstance } from '../../../src/domain/fleet/service-instance.js';
import type { Profile } from '../../../src/domain/profile/profile-model.js';
import { describeIfAvailable } from '../../helpers/requirements.js';
import { TestContainers, dockerEnv, uniqueName, until, type TestContainer } from '../../helpers/docker-env.js';
import { privateDockerdEnv, type PrivateDockerd } from '../../helpers/private-dockerd.js';
import { sshEnv, type SshFleet } from '../../helpers/ssh-fleet.js';
import { startTwoEngineFleet, type TwoEngineFleet } from '../../helpers/two-engine-fleet.js';
import { makeProfile } from '../../helpers/profiles.js';
import { removeTempDirs, tempDir } from '../../helpers/temp-dir.js';
import { recordingSession } from '../../helpers/console-session.js';
import { renderTui, type TuiHarness } from '../../helpers/ink.js';
import { ConsoleApp } from '../../../src/ui/app.js';
import type { ConsoleSession } from '../../../src/services/console/console-session-types.js';

const all = dockerEnv.available && sshEnv.available && privateDockerdEnv.available;
describeIfAvailable('a docker service on two hosts, each on its own engine', all, dockerEnv.reason || sshEnv.reason || privateDockerdEnv.reason, () => {
  let hosts: TwoEngineFleet | undefined;
  let fleet: SshFleet;
  let engineB: PrivateDockerd;
  let onA: TestContainers;
  let onB: TestContainers;
  let profile: Profile;
  let controller: DockerServiceController;
  let monitor: HealthMonitor;
  let session: ConsoleSession;
  let tui: TuiHarness | undefined;
  const name = uniqueName('web');
  let a: TestContainer;
  let b: TestContainer;
  const saved = { config: process.env.OPSDECK_SSH_CONFIG, state: process.env.OPSDECK_STATE_DIR };

  beforeAll(async () => {
    hosts = await startTwoEngineFleet();
    ({ onA, onB, engineB, fleet } = hosts);
    // What opsdeck reads: the fleet's ssh_config, and a state dir for the ssh control sockets.
    process.env.OPSDECK_SSH_CONFIG = fleet.configFile;
    process.env.OPSDECK_STATE_DIR = join(tempDir('opsdeck-docker-hosts-'), 'state');
    a = await onA.create({ name, cmd: ['sh', '-c', 'touch /tmp/ok; exec sleep 600'], healthCmd: 'test -f /tmp/ok', healthIntervalMs: 300 });
    b = await onB.create({ name, cmd: ['sleep', '600'] });
    await onB.docker.getContainer(b.id).kill();
    profile = makeProfile({
      hosts: { 'web-1': { ssh: 'web-1', labels: { role: 'web' } }, 'web-2': { ssh: 'web-2', labels: { role: 'web' } } },
      services: { web: { on: { role: 'web' }, docker: { container: name } } },
    });
    controller = createDockerController(profile.environments.local!, { stopGraceMs: 1000 });
    session = recordingSession(profile).session;
    // Polling once a minute: what changes sooner came from the engine events. It writes to the
    // console session's health store, as the console's own monitor does.
    monitor = new HealthMonitor({ profile, environment: profile.environments.local!, prober: createProber(), controllers: { docker: controller }, runStateIntervalMs: 60_000, store: session.health });
    monitor.start();
  }, 180_000);

  afterAll(async () => {
    tui?.unmount();
    await session?.dispose();
    await monitor?.stop();
    await closeSshHosts();
    await hosts?.close();
    process.env.OPSDECK_SSH_CONFIG = saved.config;
    process.env.OPSDECK_STATE_DIR = saved.state;
    removeTempDirs();
  }, 60_000);

  const web = () => monitor.store.getState().services.web;
  const instance = (n: string): ServiceInstance | undefined => web()?.instances?.find((i) => i.name === n);
  const deps = () => lifecycleDeps({ profile, environment: profile.environments.local!, controllers: { docker: controller }, monitor });

  it('one healthy, one stopped: 1/2 running, degraded, each instance from its own engine', async () => {
    await until('both instances seen, web-1 healthy', () => instance('web@web-1')?.health === 'healthy' && instance('web@web-2')?.run === 'exited', 60_000);
    expect(web()!.instances).toEqual([
      expect.objectContaining({ name: 'web@web-1', host: 'web-1', container: name, containerId: a.id, run: 'running', status: 'running', health: 'healthy', restartCount: 0 }),
      expect.objectContaining({ name: 'web@web-2', host: 'web-2', container: name, containerId: b.id, run: 'exited', status: 'exited', exitCode: 137, problem: 'container exited (code 137)' }),
    ]);
    expect(web()).toMatchObject({ run: 'running', state: 'degraded' });
    expect(web()!.checks[0]!.error).toBe('1/2 running: web@web-2 container exited (code 137)');

    // On screen: one row for the service with its count, then its instances panel.
    tui = renderTui(<ConsoleApp session={session} onQuit={() => undefined} />, { columns: 100, rows: 30 });
    await tui.waitFor(/web\s+1\/2 running\s+\S+ degraded/, 20_000);
    await tui.press('enter');
    const panel = await tui.waitFor(/Instances \(1\/2 running\)[\s\S]*web-2 /, 20_000);
    expect(panel).toMatch(new RegExp(`web-1\\s+${name}\\s+running\\s+healthy\\s+\\S+\\s+0\\s+-\\s+-`));
    expect(panel).toMatch(new RegExp(`web-2\\s+${name}\\s+exited\\s+-\\s+-\\s+0\\s+-\\s+-`));
  }, 90_000);

  it('restart acts on both hosts and reports each; a container killed on web-2 changes only web-2', async () => {
    const before = instance('web@web-1')!;
    const d = deps();
    const result = await runLifecycleAction('restart', ['web'], d.options);
    await d.close();
    expect(outcomeCounts(result)).toBe('web@web-1 restarted, web@web-2 started');
    expect(result.ok).toBe(true);
    await monitor.recheck('web');
    expect(instance('web@web-1')).toMatchObject({ containerId: a.id, run: 'running' });
    expect(instance('web@web-1')!.startedAt).not.toBe(before.startedAt);
    expect(instance('web@web-2')).toMatchObject({ containerId: b.id, run: 'running' });
    await until('healthy on both', () => web()?.state === 'healthy', 30_000);
    const web1 = instance('web@web-1')!;

    await onB.docker.getContainer(b.id).kill();
    await until('web-2 exited, from its engine events', () => instance('web@web-2')?.run === 'exited', 15_000);
    expect(instance('web@web-1')).toEqual(web1);
    expect(web()).toMatchObject({ run: 'running', state: 'degraded' });
    const panel = await tui!.waitFor(new RegExp(`web-2\\s+${name}\\s+exited`), 20_000);
    expect(panel).toMatch(new RegExp(`web-1\\s+${name}\\s+running\\s+healthy`));
    expect(panel).toContain('Instances (1/2 running)');
  }, 120_000);

  it("web-2's engine gone: its instance says so, and a restart still restarts web-1, naming web-2", async () => {
    const web1 = instance('web@web-1')!;
    await engineB.stop();
    await monitor.recheck('web');
    expect(instance('web@web-2')).toMatchObject({ host: 'web-2', run: 'unknown', status: 'unreachable', problem: expect.stringMatching(/^cannot reach Docker at ssh:\/\/web-2: /) });
    expect(instance('web@web-1')).toMatchObject({ containerId: a.id, run: 'running' });

    const d = deps();
    const result = await runLifecycleAction('restart', ['web'], d.options);
    await d.close();
    expect(result.ok).toBe(false);
    expect(outcomeCounts(result)).toMatch(/^web@web-1 restarted, web@web-2 failed: cannot reach Docker at ssh:\/\/web-2: /);
    await monitor.recheck('web');
    expect(instance('web@web-1')!.startedAt).not.toBe(web1.startedAt);
    expect(instance('web@web-1')!.run).toBe('running');
  }, 120_000);
});
