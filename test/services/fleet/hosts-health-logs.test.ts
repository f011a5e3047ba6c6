// A profile's hosts, for real: command checks run on every host of a service over SSH (one
// master connection per host), a host that refuses the key fails its own checks with a clear
// error while the others stay healthy, and file logs are followed on each host with the host in
// the prefix; closing the feed leaves no `tail` behind on any host.
import { appendFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { HealthMonitor } from '../../../src/services/health/health-monitor.js';
import { createProber } from '../../../src/adapters/health/composite-prober.js';
import { serviceLogSources } from '../../../src/adapters/logs/service-log-sources.js';
import { closeSshHosts, openSshHosts } from '../../../src/adapters/ssh/ssh-hosts.js';
import { LogTailer } from '../../../src/services/logs/log-tailer.js';
import { createLogStore } from '../../../src/state/log-store.js';
import { createRedactor } from '../../../src/domain/text/redaction.js';
import { linePrefix } from '../../../src/domain/logs/log-line.js';
import { describeIfAvailable } from '../../helpers/requirements.js';
import { makeProfile } from '../../helpers/profiles.js';
import { sshEnv, startFleet, type SshFleet } from '../../helpers/ssh-fleet.js';
import { removeTempDirs, tempDir } from '../../helpers/temp-dir.js';
import { until } from '../../helpers/until.js';

describeIfAvailable('services on hosts over SSH', sshEnv.available, sshEnv.reason, () => {
  let fleet: SshFleet;
  const saved = { ...process.env };

  beforeAll(async () => {
    fleet = await startFleet([{ name: 'web-1' }, { name: 'web-2' }, { name: 'web-3', fault: 'refuses-key' }, { name: 'db-1' }]);
    Object.assign(process.env, fleet.env, { OPSDECK_STATE_DIR: join(tempDir('opsdeck-fleet-state-'), 'state'), OPSDECK_SSH_CONNECT_TIMEOUT_MS: '3000' });
    for (const h of ['web-1', 'web-2', 'db-1']) writeFileSync(join(fleet.hosts[h]!.home, 'app.log'), `boot on ${h}\n`);
  }, 60_000);

  afterAll(async () => {
    await closeSshHosts();
    await fleet?.stop();
    process.env = saved;
    removeTempDirs();
  });

  const profile = () =>
    makeProfile({
      hosts: {
        'web-1': { ssh: 'web-1', labels: { role: 'web', zone: 'a' } },
        'web-2': { ssh: 'web-2', labels: { role: 'web', zone: 'b' } },
        'web-3': { ssh: 'web-3', labels: { role: 'web', zone: 'c' } },
        'db-1': { ssh: 'db-1', labels: { role: 'db' } },
      },
      environments: { production: { hosts: { role: 'web' } }, everything: {} },
      services: {
        web: {
          on: { role: 'web' },
          health: [{ name: 'disk', command: ['test', '-s', 'app.log'] }],
          logs: [{ file: 'app.log' }],
        },
        db: { on: 'db-1', health: [{ command: ['sh', '-c', 'exit 0'] }] },
      },
    });

  it('runs a command check on every host of the service; the host refusing the key fails alone, saying why', async () => {
    const p = profile();
    const monitor = new HealthMonitor({ profile: p, environment: p.environments.production!, prober: createProber() });
    try {
      const t0 = Date.now();
      const health = await monitor.runOnce();
      expect(Date.now() - t0).toBeLessThan(3000 + 2000);
      const checks = Object.fromEntries(health.web!.checks.map((c) => [c.check, c]));
      expect(Object.keys(checks).sort()).toEqual(['disk@web-1', 'disk@web-2', 'disk@web-3']);
      expect(checks['disk@web-1']!.ok).toBe(true);
      expect(checks['disk@web-2']!.ok).toBe(true);
      expect(checks['disk@web-3']!.error).toMatch(/^ssh web-3: the server refused the login .*\(try: ssh -F .* -o BatchMode=yes web-3 true\)$/);
      expect(health.web!.state).toBe('degraded');
      // db-1 is not a host of production: its check does not apply there.
      expect(health.db!.checks).toEqual([]);
      expect(openSshHosts().map((h) => h.name).sort()).toEqual(['web-1', 'web-2', 'web-3']);
    } finally {
      await monitor.stop();
    }
  }, 30_000);

  it('follows a file on each host, the host in every line, and stops the remote tail on close', async () => {
    const p = profile();
    const store = createLogStore(1000);
    const ac = new AbortController();
    const sources = serviceLogSources(p, 'production', p.services.web!, { tail: 10 });
    expect(sources.map((s) => s.id)).toEqual(['web@web-1:file:app.log', 'web@web-2:file:app.log', 'web@web-3:file:app.log']);
    const errors: string[] = [];
    new LogTailer({ store, redactor: createRedactor([]), onLines: () => undefined }).start(sources, ac.signal);
    const lines = () => store.getState().buffersFor().flatMap((b) => b.toArray()).map((l) => `${linePrefix(l)} ${l.text}`);
    await until('history from both reachable hosts', () => lines().includes('web@web-1 boot on web-1') && lines().includes('web@web-2 boot on web-2'));
    appendFileSync(join(fleet.hosts['web-2']!.home, 'app.log'), 'hostile $(touch /tmp/x) line\n');
    await until('an appended line', () => lines().includes('web@web-2 hostile $(touch /tmp/x) line'));
    const web3 = Object.values(store.getState().sources).find((s) => s.id.startsWith('web@web-3'));
    expect(web3).toBeTruthy();
    ac.abort();
    const user = fleet.hosts['web-1']!.user;
    await until('no tail left running for the host users', () => !tailsOf([user, fleet.hosts['web-2']!.user]).length, 10_000, 100, () => tailsOf([user]).join('\n'));
    expect(errors).toEqual([]);
  }, 30_000);
});

/** `tail` processes whose owner is one of the users (the hosts' side is this machine). */
function tailsOf(users: string[]): string[] {
  const uids = new Set(readFileSync('/etc/passwd', 'utf8').split('\n').filter((l) => users.includes(l.split(':')[0]!)).map((l) => l.split(':')[2]));
  const out: string[] = [];
  for (const pid of readdirSync('/proc').filter((x) => /^\d+$/.test(x))) {
    try {
      const uid = /Uid:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (uids.has(uid) && cmd.startsWith('tail')) out.push(cmd);
    } catch {
      /* gone */
    }
  }
  return out;
}
