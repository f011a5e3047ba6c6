// A remote command ends with its ssh client, against a real sshd: a command check timing out,
// an aborted exec, a stopped passthrough command (as dial-stdio is), a closed log follower and a
// master connection that died all leave no process of the host's user behind, including ones
// that ignore TERM or left the session with `setsid`. The host's side is this machine: /proc,
// filtered by the host user's uid, shows what still runs there.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { SshHost } from '../../../src/adapters/ssh/ssh-host.js';
import { RemoteCommandProber } from '../../../src/adapters/ssh/remote-command-prober.js';
import { RemoteLogSource } from '../../../src/adapters/ssh/remote-log-source.js';
import { closeSshHosts } from '../../../src/adapters/ssh/ssh-hosts.js';
import type { HealthCheckSpec } from '../../../src/domain/profile/profile-model.js';
import { timeoutError } from '../../../src/domain/health/check-result.js';
import { describeIfAvailable } from '../../helpers/requirements.js';
import { processesOf, sshEnv, startFleet, type SshFleet } from '../../helpers/ssh-fleet.js';
import { removeTempDirs, tempDir } from '../../helpers/temp-dir.js';
import { until } from '../../helpers/until.js';

describeIfAvailable('remote commands end with their ssh client', sshEnv.available, sshEnv.reason, () => {
  let fleet: SshFleet;
  let controlDir: string;
  const saved = { ...process.env };
  const opened: SshHost[] = [];
  const host = (): SshHost => {
    const h = new SshHost({ name: 'app-1', destination: 'app-1', controlDir, configFile: fleet.configFile, connectTimeoutMs: 5000 });
    opened.push(h);
    return h;
  };
  const user = (): string => fleet.hosts['app-1']!.user;
  /** What the commands under test started: sleeps, tails, wrappers (the master's own session aside). */
  const leftovers = (): string[] => processesOf(user()).filter((p) => / (sleep|tail) |opsdeck-exec/.test(`${p} `));
  const running = (what: RegExp): Promise<unknown> => until(`${what} running on the host`, () => processesOf(user()).some((p) => what.test(p)), 10_000, 20);
  const nothingLeft = (): Promise<unknown> => until('no process of the command left on the host', () => leftovers().length === 0, 10_000, 50, () => leftovers().join('\n'));

  beforeAll(async () => {
    fleet = await startFleet([{ name: 'app-1' }]);
    const state = tempDir('opsdeck-ssh-end-');
    controlDir = join(state, 'ssh');
    Object.assign(process.env, fleet.env, { OPSDECK_STATE_DIR: join(state, 'state') });
    writeFileSync(join(fleet.hosts['app-1']!.home, 'app.log'), 'boot\n');
  }, 60_000);

  afterAll(async () => {
    await Promise.all(opened.map((h) => h.close()));
    await closeSshHosts();
    await fleet?.stop();
    process.env = saved;
    removeTempDirs();
  });

  const app1 = { name: 'app-1', ssh: 'app-1', labels: {}, dockerHost: 'ssh://app-1' };
  const check = (command: string[]): HealthCheckSpec => ({ kind: 'command', name: 'slow', command, timeoutMs: 1000, intervalMs: 10_000, remote: app1 });

  it.each([
    ['sleep 300', ['sh', '-c', 'sleep 300']],
    ['setsid sleep 301 &', ['sh', '-c', 'setsid sleep 301 & sleep 311']],
    ['a TERM-ignoring sleep 302', ['sh', '-c', 'trap "" TERM HUP; sleep 302']],
  ])('a command check (%s) timing out after 1 s leaves nothing running on the host', async (_what, command) => {
    const r = await new RemoteCommandProber().probe(check(command), new AbortController().signal);
    expect(r.ok).toBe(false);
    expect(r.error).toBe(timeoutError(1000));
    await nothingLeft();
  });

  it('an aborted exec ends its command, and the one that left with setsid', async () => {
    const ac = new AbortController();
    const exec = host().exec(['sh', '-c', 'setsid sleep 320 & sleep 321'], { signal: ac.signal });
    await running(/ sleep 320$/);
    await running(/ sleep 321$/);
    ac.abort();
    const r = await exec;
    expect(r.exitCode).not.toBe(0);
    await nothingLeft();
  });

  it('a stopped passthrough command (as docker dial-stdio runs) ends on the host', async () => {
    const remote = await host().start(['sh', '-c', 'setsid sleep 330 & cat'], { stdin: 'passthrough' });
    let out = '';
    remote.child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
    remote.child.stdin!.write('through\n');
    await until('stdin passed through', () => out === 'through\n');
    await running(/ sleep 330$/);
    remote.stop();
    await nothingLeft();
  });

  it('a closed log follower leaves no tail, and no child of a command log, behind', async () => {
    const ac = new AbortController();
    const lines: string[] = [];
    const events = { chunk: (c: { text: string }) => void lines.push(c.text), error: () => undefined };
    new RemoteLogSource({ service: 'app', host: app1, spec: { kind: 'file', path: 'app.log', name: 'app' } }).start(events, ac.signal);
    new RemoteLogSource({ service: 'app', host: app1, spec: { kind: 'command', command: ['sh', '-c', 'setsid sleep 340 & exec tail -F app.log'], name: 'cmd' } }).start(events, ac.signal);
    await until('both followers live', () => lines.filter((l) => l.includes('boot')).length === 2);
    await running(/ sleep 340$/);
    ac.abort();
    await nothingLeft();
  });

  it('an exec whose master dies while it runs is not run a second time', async () => {
    const h = host();
    const ran = join(fleet.hosts['app-1']!.home, 'ran');
    const exec = h.exec(['sh', '-c', 'echo once >> "$1"; exec sleep 360', 'x', ran]);
    await running(/ sleep 360$/);
    process.kill(h.masterPid!, 'SIGKILL');
    expect((await exec).exitCode).toBe(255);
    await nothingLeft();
    expect(readFileSync(ran, 'utf8')).toBe('once\n');
  });

  it('a master connection that dies (opsdeck killed) takes its commands with it', async () => {
    const h = host();
    const remote = await h.start(['sh', '-c', 'setsid sleep 350 & trap "" TERM; sleep 351'], { stdin: 'watched' });
    const exited = new Promise((r) => remote.child.once('exit', r));
    await running(/ sleep 351$/);
    process.kill(h.masterPid!, 'SIGKILL');
    await exited;
    await nothingLeft();
  });
});
