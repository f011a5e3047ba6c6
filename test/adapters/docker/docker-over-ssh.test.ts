// The Docker engine reached at ssh:// as the Docker CLI does it: `docker system dial-stdio` on the
// far side of the operator's OpenSSH (here: a test sshd whose user may use the shared engine),
// multiplexed over that host's one master connection. No ssh2, no DeprecationWarning.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DockerEngine, watchEngineEvents, type EngineEvent, type EngineEventsStatus } from '../../../src/adapters/docker/index.js';
import { DockerLogSource } from '../../../src/adapters/logs/docker-log-source.js';
import { closeSshHosts, openSshHosts } from '../../../src/adapters/ssh/ssh-hosts.js';
import { describeIfAvailable } from '../../helpers/requirements.js';
import { TestContainers, dockerEnv, until } from '../../helpers/docker-env.js';
import { sshEnv, startFleet, type SshFleet } from '../../helpers/ssh-fleet.js';
import { removeTempDirs, tempDir } from '../../helpers/temp-dir.js';

const both = dockerEnv.available && sshEnv.available;
describeIfAvailable('docker over ssh:// (dial-stdio over OpenSSH)', both, dockerEnv.reason || sshEnv.reason, () => {
  let fleet: SshFleet;
  let env: NodeJS.ProcessEnv;
  const containers = new TestContainers();
  const warnings: Error[] = [];
  const onWarning = (w: Error): void => void warnings.push(w);
  let url: string;

  beforeAll(async () => {
    process.on('warning', onWarning);
    fleet = await startFleet([{ name: 'dock', docker: true }, { name: 'nodocker' }]);
    env = { ...process.env, ...fleet.env, OPSDECK_STATE_DIR: join(tempDir('opsdeck-ssh-docker-'), 'state') };
    const socket = containers.engine.target.options.socketPath;
    if (!socket) throw new Error(`needs the engine on a unix socket, got ${dockerEnv.host}`);
    url = `ssh://dock${socket}`;
  }, 60_000);

  afterAll(async () => {
    process.off('warning', onWarning);
    await containers.removeAll();
    await closeSshHosts();
    await fleet?.stop();
    removeTempDirs();
  });

  it('finds, stops and starts a container, follows its logs and the engine events, over one ssh connection', async () => {
    const engine = new DockerEngine(url, env);
    expect(await engine.ping()).toMatch(/^\d+\./);
    const c = await containers.create({ cmd: ['sh', '-c', 'i=0; while true; do i=$((i+1)); echo "tick $i"; sleep 0.2; done'] });
    expect((await engine.find({ kind: 'docker', container: c.name }))?.runState).toBe('running');

    const events: EngineEvent[] = [];
    const statuses: EngineEventsStatus[] = [];
    const lines: string[] = [];
    const ac = new AbortController();
    try {
      watchEngineEvents(engine, { event: (e) => events.push(e), status: (s) => statuses.push(s) }, ac.signal, { backoffMs: 100 });
      new DockerLogSource({ service: 'ticker', docker: engine.streams, container: c.name, tail: 5 }).start({ chunk: (ch) => lines.push(ch.text), error: () => undefined }, ac.signal);
      await until('connected to the event stream', () => statuses.some((s) => s.state === 'connected'));
      await until('log lines over ssh', () => lines.some((l) => /tick \d+/.test(l)));

      await engine.stop(c.id, 1000);
      await until('the die event over ssh', () => events.some((e) => e.id === c.id && e.action === 'die'), 15_000);
      expect((await engine.find({ kind: 'docker', container: c.name }))?.runState).toBe('exited');
      await engine.start(c.id);
      await until('running again', async () => (await engine.find({ kind: 'docker', container: c.name }))?.runState === 'running');
    } finally {
      ac.abort();
    }
    // Every call, stream and dial went through the host's single master: sshd saw one login.
    expect(openSshHosts().map((h) => h.name)).toEqual(['dock']);
    expect(readFileSync(fleet.hosts.dock!.logFile, 'utf8').match(/Accepted publickey/g)).toHaveLength(1);
    expect(warnings.map((w) => `${w.name}: ${w.message}`)).toEqual([]);
  }, 60_000);

  it('an engine the ssh user cannot reach is a clear error naming the host', async () => {
    const engine = new DockerEngine(`ssh://nodocker${containers.engine.target.options.socketPath}`, env);
    await expect(engine.ping()).rejects.toThrow(/cannot reach Docker at ssh:\/\/nodocker.*(permission denied|dial-stdio)/i);
  }, 30_000);

  it('a host that refuses the connection is an ssh error, not a hang', async () => {
    const engine = new DockerEngine('ssh://nobody@127.0.0.1:1', env);
    const err = await engine.ping().then(() => undefined, (e: Error & { hint?: string }) => e);
    expect(err?.message).toMatch(/^ssh ssh:\/\/nobody@127\.0\.0\.1:1: .*refused/i);
    expect(err?.hint).toMatch(/^try: ssh .*-o BatchMode=yes ssh:\/\/nobody@127\.0\.0\.1:1 true$/);
  }, 30_000);
});
