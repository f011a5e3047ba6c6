// sshd bounds the sessions one connection carries (MaxSessions, default 10, the master's own
// included). Against real sshd servers at MaxSessions 10 (and 5, below what opsdeck assumes):
// 14 concurrent streams on one host (log followers and command checks) all work, over a second
// master connection; with connections capped, the streams past the cap wait and say why, and
// go live as soon as a session frees.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { SshHost } from '../../../src/adapters/ssh/ssh-host.js';
import { RemoteLogSource } from '../../../src/adapters/ssh/remote-log-source.js';
import { closeSshHosts, sshHostFor } from '../../../src/adapters/ssh/ssh-hosts.js';
import type { LogSourceEvents } from '../../../src/ports/log-source.js';
import { describeIfAvailable } from '../../helpers/requirements.js';
import { sshEnv, startFleet, type SshFleet } from '../../helpers/ssh-fleet.js';
import { removeTempDirs, tempDir } from '../../helpers/temp-dir.js';
import { until } from '../../helpers/until.js';

describeIfAvailable('ssh sessions beyond sshd MaxSessions', sshEnv.available, sshEnv.reason, () => {
  let fleet: SshFleet;
  const saved = { ...process.env };
  const aborts: AbortController[] = [];

  beforeAll(async () => {
    fleet = await startFleet([
      { name: 'ten', maxSessions: 10 },
      { name: 'capped', maxSessions: 10 },
      { name: 'five', maxSessions: 5 },
    ]);
    const state = tempDir('opsdeck-ssh-sessions-');
    Object.assign(process.env, fleet.env, { OPSDECK_STATE_DIR: join(state, 'state') });
    for (const h of Object.values(fleet.hosts)) writeFileSync(join(h.home, 'app.log'), 'boot\n');
  }, 60_000);

  afterAll(async () => {
    for (const ac of aborts) ac.abort();
    await closeSshHosts();
    await fleet?.stop();
    process.env = saved;
    removeTempDirs();
  });

  /** The process's shared host (as checks and log sources get it), its connections capped by OPSDECK_SSH_MAX_CONNECTIONS. */
  const host = (name: string, maxConnections?: number): SshHost => {
    if (maxConnections) process.env.OPSDECK_SSH_MAX_CONNECTIONS = String(maxConnections);
    try {
      return sshHostFor(name);
    } finally {
      delete process.env.OPSDECK_SSH_MAX_CONNECTIONS;
    }
  };
  const logins = (name: string): number => readFileSync(fleet.hosts[name]!.logFile, 'utf8').match(/Accepted publickey/g)?.length ?? 0;

  /** A `tail -F` follower of app.log on `h` (through the same shared host). */
  const follow = (h: SshHost): { lines: string[]; statuses: string[]; stop: () => void } => {
    const lines: string[] = [];
    const statuses: string[] = [];
    const ac = new AbortController();
    aborts.push(ac);
    const events: LogSourceEvents = { chunk: (c) => void lines.push(c.text), error: () => undefined, status: (s, d) => void statuses.push(`${s}${d ? `: ${d}` : ''}`) };
    new RemoteLogSource({ service: 'app', host: { name: h.name, ssh: h.name, labels: {}, dockerHost: '' }, spec: { kind: 'file', path: 'app.log', name: 'app' } }).start(events, ac.signal);
    return { lines, statuses, stop: () => ac.abort() };
  };

  it('14 concurrent streams on a host at MaxSessions 10 all work, over a second connection', async () => {
    const h = host('ten');
    const followers = Array.from({ length: 8 }, () => follow(h));
    await until('8 followers live', () => followers.every((f) => f.lines.join('').includes('boot')));
    const checks = await Promise.all(Array.from({ length: 6 }, (_, i) => h.exec(['sh', '-c', `sleep 1; echo check-${i}`], { timeoutMs: 10_000 })));
    expect(checks.map((r) => [r.exitCode, r.stdout])).toEqual(Array.from({ length: 6 }, (_, i) => [0, `check-${i}\n`]));
    expect(h.connectionCount).toBe(2);
    expect(logins('ten')).toBe(2);
    for (const f of followers) f.stop();
  }, 60_000);

  it('a host allowing fewer sessions than assumed (MaxSessions 5): refused sessions run on another connection', async () => {
    const h = host('five');
    const checks = await Promise.all(Array.from({ length: 12 }, (_, i) => h.exec(['sh', '-c', `sleep 1; echo check-${i}`], { timeoutMs: 20_000 })));
    expect(checks.map((r) => [r.exitCode, r.stdout])).toEqual(Array.from({ length: 12 }, (_, i) => [0, `check-${i}\n`]));
    expect(h.connectionCount).toBeGreaterThanOrEqual(3);
  }, 60_000);

  it('with its connections capped, a stream waits, says why, and goes live when a session frees', async () => {
    const h = host('capped', 1);
    const first = Array.from({ length: 9 }, () => follow(h));
    await until('9 followers live', () => first.every((f) => f.lines.join('').includes('boot')));
    const late = follow(h);
    await until('the 10th says why it waits', () => late.statuses.find((s) => /waiting for an ssh session on capped: all 9 in use over 1 connection/.test(s)));
    const check = await h.exec(['true'], { timeoutMs: 1500 }).then(() => 'ran', (e: Error) => e.message);
    expect(check).toMatch(/gave up waiting for an ssh session on capped: all 9 in use/);
    first[0]!.stop();
    await until('the waiting follower live', () => late.lines.join('').includes('boot'));
    expect(h.connectionCount).toBe(1);
    expect(logins('capped')).toBe(1);
  }, 60_000);
});
