// SshHost against real sshd servers on loopback: multiplexed commands, ProxyJump, the three
// ways a host can fail (each a clear error within the connect timeout while the others keep
// working), hostile argv staying literal, and secrets that never reach a command line.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { SshHost } from '../../../src/adapters/ssh/ssh-host.js';
import { SshConnectError } from '../../../src/adapters/ssh/ssh-errors.js';
import { describeIfAvailable } from '../../helpers/requirements.js';
import { sshEnv, startFleet, type SshFleet } from '../../helpers/ssh-fleet.js';
import { removeTempDirs, tempDir } from '../../helpers/temp-dir.js';
import { until } from '../../helpers/until.js';

describeIfAvailable('ssh hosts over OpenSSH', sshEnv.available, sshEnv.reason, () => {
  let fleet: SshFleet;
  let controlDir: string;
  const opened: SshHost[] = [];
  const host = (name: string, connectTimeoutMs = 3000): SshHost => {
    const h = new SshHost({ name, destination: name, controlDir, configFile: fleet.configFile, connectTimeoutMs });
    opened.push(h);
    return h;
  };

  beforeAll(async () => {
    fleet = await startFleet([
      { name: 'web-1' },
      { name: 'web-2' },
      { name: 'bastion', bastion: true },
      { name: 'inner', via: 'bastion' },
      { name: 'locked', fault: 'refuses-key' },
      { name: 'moved', fault: 'changed-host-key' },
      { name: 'stranger', fault: 'unknown-host-key' },
      { name: 'silent', fault: 'never-answers' },
    ]);
    controlDir = join(tempDir('opsdeck-ssh-state-'), 'ssh');
  }, 60_000);

  afterAll(async () => {
    await Promise.all(opened.map((h) => h.close()));
    await fleet?.stop();
    removeTempDirs();
  });

  it('runs commands over one master connection per host, its socket in a 0700 directory', async () => {
    const h = host('web-1');
    const results = await Promise.all([1, 2, 3, 4, 5].map((i) => h.exec(['sh', '-c', `echo run-${i}; id -un`])));
    for (const [i, r] of results.entries()) {
      expect(r.exitCode).toBe(0);
      expect(r.stdout).toBe(`run-${i + 1}\n${fleet.hosts['web-1']!.user}\n`);
    }
    expect(statSync(controlDir).mode & 0o777).toBe(0o700);
    expect(existsSync(h.controlPath)).toBe(true);
    // One authenticated connection for the five commands: sshd logs one accepted key per connection.
    const accepted = readFileSync(fleet.hosts['web-1']!.logFile, 'utf8').match(/Accepted publickey/g) ?? [];
    expect(accepted).toHaveLength(1);
  });

  it('reaches a host that only a ProxyJump bastion can see', async () => {
    const r = await host('inner').exec(['sh', '-c', 'echo "$HOME"']);
    expect(r.stdout.trim()).toBe(fleet.hosts.inner!.home);
    // The bastion forwarded the connection; the inner host listens only inside the namespace.
    expect(readFileSync(fleet.hosts.bastion!.logFile, 'utf8')).toMatch(new RegExp(`direct_tcpip.*target 127\\.0\\.0\\.1 port ${fleet.hosts.inner!.port}`));
    const direct = new SshHost({ name: 'direct', destination: `${fleet.hosts.inner!.user}@127.0.0.1`, controlDir, configFile: fleet.configFile, connectTimeoutMs: 2000 });
    opened.push(direct);
    await expect(direct.exec(['true'])).rejects.toBeInstanceOf(SshConnectError);
  });

  it.each([
    ['locked', 'auth', /refused the login/],
    ['moved', 'host-key-changed', /host key has CHANGED/],
    ['stranger', 'host-key-unknown', /not in known_hosts/],
    ['silent', 'timeout', /no answer|connect timeout/],
  ] as const)('%s: a clear error naming the host and the ssh command to try, within the connect timeout', async (name, kind, words) => {
    const t0 = Date.now();
    const healthy = host('web-2');
    const [bad, good] = await Promise.allSettled([host(name, 2000).exec(['true']), healthy.exec(['echo', 'still here'])]);
    expect(Date.now() - t0).toBeLessThan(2000 + 1500);
    expect(bad.status).toBe('rejected');
    const err = (bad as PromiseRejectedResult).reason as SshConnectError;
    expect(err).toBeInstanceOf(SshConnectError);
    expect(err.kind).toBe(kind);
    expect(err.message).toContain(`ssh ${name}:`);
    expect(err.message).toMatch(words);
    expect(err.tryCommand).toContain(`-o BatchMode=yes ${name}`);
    expect(good.status === 'fulfilled' && good.value.stdout).toBe('still here\n');
  });

  it('passes hostile values as literal arguments', async () => {
    const h = host('web-2');
    const marker = join(fleet.hosts['web-2']!.home, 'pwned');
    const hostile = [`$(touch ${marker})`, `; touch ${marker}`, "it's \"quoted\"", 'two\nlines', '`touch x`', '*', '-n'];
    const r = await h.exec(['printf', '%s\\0', ...hostile]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout.split('\0').slice(0, -1)).toEqual(hostile);
    expect(existsSync(marker)).toBe(false);
  });

  it('sends secrets on stdin: no remote command line ever shows them', async () => {
    const h = host('web-1');
    const secret = `s3cr3t-${process.pid}-value`;
    const user = fleet.hosts['web-1']!.user;
    // While the remote command runs, read every process's command line (the far side is this machine).
    let done = false;
    const running = h.exec(['sh', '-c', 'sleep 1; printf "%s" "$DB_PASSWORD"'], { env: { DB_PASSWORD: secret } }).finally(() => (done = true));
    const seen: string[] = [];
    while (!done) {
      for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
        try {
          seen.push(readFileSync(`/proc/${pid}/cmdline`, 'utf8'));
        } catch {
          /* gone */
        }
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    const r = await running;
    expect(r.stdout).toBe(secret);
    expect(seen.some((c) => c.includes('sleep 1'))).toBe(true); // the scan did see the step
    expect(seen.filter((c) => c.includes(secret))).toEqual([]);
    expect(user).toBeTruthy();
  });

  it('reconnects after the master connection dies, and close() leaves no ssh process', async () => {
    const h = host('web-2');
    await h.exec(['true']);
    const first = h.masterPid!;
    process.kill(first, 'SIGKILL');
    await until('the next command over a fresh master', async () => (await h.exec(['echo', 'back'])).stdout === 'back\n', 10_000);
    expect(h.masterPid).not.toBe(first);
    const second = h.masterPid!;
    await h.close();
    expect(existsSync(`/proc/${second}`) && readFileSync(`/proc/${second}/stat`, 'utf8')).toBe(false);
    expect(existsSync(h.controlPath)).toBe(false);
  });
});
