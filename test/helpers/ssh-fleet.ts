// A fleet of real OpenSSH servers for the suites: one `sshd -f CONF` per test host on its own
// loopback address (127.0.0.11, .12, …, on a free port), one local user per host (its home is
// the host's disk), generated host and user keys, and an ssh_config in a temporary HOME with an
// alias per host. A bastion and the hosts behind it live in a network namespace of their own:
// the bastion listens on the namespace's veth address, the hosts behind it only on the
// namespace's loopback, so they are reachable through ProxyJump and in no other way.
// Faulty hosts for the error paths: one that refuses the key, one whose host key changed, one
// whose key is unknown, one that accepts TCP and never says a word.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFileSync, chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { acquireMachineLock } from './machine-lock.js';
import { tempDir } from './temp-dir.js';
import { until } from './until.js';

export const SSHD = '/usr/sbin/sshd';

export interface SshTestEnv {
  available: boolean;
  reason: string;
}

function detect(): SshTestEnv {
  const setup = 'install Debian\'s openssh-server (scripts/ci/install-deps.sh) and run as root';
  if (!existsSync(SSHD)) return { available: false, reason: `${SSHD} missing (${setup})` };
  try {
    execFileSync('ssh', ['-V'], { stdio: 'ignore' });
  } catch {
    return { available: false, reason: `no ssh client on PATH (${setup})` };
  }
  if (process.getuid?.() !== 0) return { available: false, reason: `the fleet creates local users: needs root (${setup})` };
  return { available: true, reason: '' };
}

export const sshEnv = detect();

export type HostFault = 'refuses-key' | 'changed-host-key' | 'unknown-host-key' | 'never-answers';

export interface FleetHostSpec {
  /** The alias in ~/.ssh/config. */
  name: string;
  fault?: HostFault;
  /** The bastion this host sits behind (a host of the fleet with `bastion: true`). */
  via?: string;
  bastion?: boolean;
  /** The user may use the Docker engine socket (member of group docker). */
  docker?: boolean;
  /**
   * The engine this host's `docker` talks to (DOCKER_HOST in its ssh sessions, by sshd's SetEnv):
   * `docker system dial-stdio` then reaches it, so ssh://<host> is that host's own engine.
   */
  dockerHost?: string;
  /** sshd's MaxSessions (sessions one connection may carry). @default 50 (sshd's own default is 10) */
  maxSessions?: number;
}

export interface FleetHost {
  name: string;
  address: string;
  port: number;
  user: string;
  /** The user's home: the host's disk. */
  home: string;
  /** sshd's own log (-e, LogLevel DEBUG1). */
  logFile: string;
}

export interface SshFleet {
  dir: string;
  /** A temporary HOME whose ~/.ssh/config names every host. */
  home: string;
  configFile: string;
  hosts: Record<string, FleetHost>;
  /** For child processes: HOME and OPSDECK_SSH_CONFIG. */
  env: Record<string, string>;
  stop(): Promise<void>;
}

const keygen = (file: string): string => {
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'opsdeck-test', '-f', file]);
  return readFileSync(`${file}.pub`, 'utf8').trim();
};

function freePort(address: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, address, () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

const USER_PREFIX = 'odt';

/** The user's processes that still run; zombies are left out, they wait for PID 1 to reap them. */
const liveProcesses = (user: string): string[] => {
  try {
    const ps = execFileSync('ps', ['-o', 'stat=,pid=,args=', '-u', user], { encoding: 'utf8' });
    return ps.split('\n').filter((line) => line.trim() && !line.trim().startsWith('Z'));
  } catch {
    return []; // ps exits 1 when the user has none
  }
};

/**
 * Stopping a host's sshd leaves its per-connection children (and the sessions under them) running
 * as the host's user: end them first. Their zombies linger until PID 1 reaps them, and plain
 * `userdel` refuses a user that still owns one, hence `-f` once nothing of it runs. `userdel` can
 * also meet /etc/passwd locked by a suite on another Node, so it is retried.
 */
async function removeUser(user: string): Promise<void> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 40; attempt++) {
    const live = liveProcesses(user);
    if (live.length) {
      try {
        execFileSync('pkill', ['-KILL', '-u', user], { stdio: 'ignore' });
      } catch {
        // none left between ps and pkill
      }
      await new Promise((r) => setTimeout(r, 50));
      continue;
    }
    try {
      execFileSync('userdel', ['-f', user], { stdio: 'pipe' });
      return;
    } catch (error) {
      lastError = error;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  const reason = (lastError as { stderr?: Buffer } | undefined)?.stderr?.toString().trim() ?? `processes still running: ${liveProcesses(user).join('; ')}`;
  throw new Error(`could not remove test user ${user}: ${reason}`);
}

/** Users a dead test run left behind (the creating pid is in the comment field). */
function sweepStaleUsers(): void {
  for (const line of readFileSync('/etc/passwd', 'utf8').split('\n')) {
    const [user, , , , gecos] = line.split(':');
    const m = /^opsdeck-test pid=(\d+)$/.exec(gecos ?? '');
    if (!user?.startsWith(USER_PREFIX) || !m) continue;
    try {
      process.kill(Number(m[1]), 0);
    } catch {
      for (const command of [['pkill', '-KILL', '-u', user], ['userdel', '-f', user]]) {
        try {
          execFileSync(command[0]!, command.slice(1), { stdio: 'ignore' });
        } catch {
          // a user still busy is swept by the next run
        }
      }
    }
  }
}

export async function startFleet(specs: FleetHostSpec[]): Promise<SshFleet> {
  const dir = tempDir('opsdeck-fleet-');
  chmodSync(dir, 0o755); // the hosts' users read their authorized_keys under it
  const home = join(dir, 'home');
  mkdirSync(join(home, '.ssh'), { recursive: true, mode: 0o700 });
  mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  const clientKey = join(dir, 'id_ed25519');
  const clientPub = keygen(clientKey);
  const otherPub = keygen(join(dir, 'other_ed25519'));
  const knownHosts = join(dir, 'known_hosts');
  writeFileSync(knownHosts, '');
  const tag = randomBytes(2).toString('hex');
  const children: ChildProcess[] = [];
  const servers: Server[] = [];
  const sockets = new Set<Socket>();
  const users: string[] = [];
  let netns: string | undefined;
  const hosts: Record<string, FleetHost> = {};
  let config = '';

  const stop = async (): Promise<void> => {
    // sshd's last words (it logs its exit) may arrive after the fleet dir is gone: stop listening first.
    for (const c of children) c.stderr?.removeAllListeners('data').resume();
    for (const c of children) c.kill('SIGTERM');
    await Promise.all(children.map((c) => (c.exitCode === null && c.signalCode === null ? new Promise((r) => c.once('exit', r)) : undefined)));
    for (const s of sockets) s.destroy();
    for (const s of servers) s.close();
    if (netns) execFileSync('ip', ['netns', 'del', netns], { stdio: 'ignore' });
    if (users.length) {
      const release = await acquireMachineLock('etc-passwd');
      try {
        for (const u of users) await removeUser(u);
      } finally {
        release();
      }
    }
  };

  try {
    const release = await acquireMachineLock('etc-passwd');
    try {
      sweepStaleUsers();
      specs.forEach((spec, i) => {
        if (spec.fault === 'never-answers') return;
        const user = `${USER_PREFIX}${process.pid % 100000}${tag}${i}`;
        const hostHome = join(dir, 'hosts', spec.name);
        mkdirSync(hostHome, { recursive: true });
        execFileSync('useradd', ['-M', '-d', hostHome, '-s', '/bin/sh', '-c', `opsdeck-test pid=${process.pid}`, ...(spec.docker ? ['-G', 'docker'] : []), user]);
        users.push(user);
        execFileSync('usermod', ['-p', '*', user]); // sshd without PAM refuses a locked account
        execFileSync('chown', [user, hostHome]);
        hosts[spec.name] = { name: spec.name, address: '', port: 0, user, home: hostHome, logFile: join(dir, `${spec.name}.sshd.log`) };
      });
    } finally {
      release();
    }

    const behind = specs.filter((s) => s.via || s.bastion);
    let nsAddress = '';
    if (behind.length) {
      netns = `odt-${process.pid}-${tag}`;
      nsAddress = setUpNamespace(netns, tag);
    }

    let n = 11;
    for (const spec of specs) {
      if (spec.fault === 'never-answers') {
        const address = `127.0.0.${n++}`;
        const server = createServer((sock) => {
          sockets.add(sock); // accepted, and never a byte back
          sock.on('close', () => sockets.delete(sock));
        });
        await new Promise<void>((r) => server.listen(0, address, r));
        servers.push(server);
        const port = (server.address() as { port: number }).port;
        hosts[spec.name] = { name: spec.name, address, port, user: 'nobody', home: dir, logFile: '' };
        config += hostBlock(spec.name, address, port, 'nobody', clientKey, knownHosts);
        continue;
      }
      const h = hosts[spec.name]!;
      const inNs = Boolean(spec.via || spec.bastion);
      h.address = spec.via ? '127.0.0.1' : spec.bastion ? nsAddress : `127.0.0.${n++}`;
      h.port = inNs ? 20000 + Math.floor(Math.random() * 20000) : await freePort(h.address);
      const hostDir = join(dir, `${spec.name}.sshd`);
      mkdirSync(hostDir);
      const hostPub = keygen(join(hostDir, 'host_ed25519'));
      const authorized = join(hostDir, 'authorized_keys');
      writeFileSync(authorized, `${spec.fault === 'refuses-key' ? otherPub : clientPub}\n`);
      const conf = join(hostDir, 'sshd_config');
      writeFileSync(conf, sshdConfig(h, hostDir, authorized, spec.maxSessions ?? 50, spec.dockerHost));
      const known = spec.fault === 'changed-host-key' ? keygen(join(hostDir, 'old_host_ed25519')) : hostPub;
      if (spec.fault !== 'unknown-host-key') appendFileSync(knownHosts, `[${h.address}]:${h.port} ${known.split(' ').slice(0, 2).join(' ')}\n`);
      const argv = [SSHD, '-D', '-e', '-f', conf];
      const child = inNs ? spawn('ip', ['netns', 'exec', netns!, ...argv], { stdio: ['ignore', 'ignore', 'pipe'] }) : spawn(argv[0]!, argv.slice(1), { stdio: ['ignore', 'ignore', 'pipe'] });
      children.push(child);
      child.stderr!.on('data', (b: Buffer) => appendFileSync(h.logFile, b));
      config += hostBlock(spec.name, h.address, h.port, h.user, clientKey, knownHosts, spec.via);
    }
    for (const h of Object.values(hosts)) {
      if (!h.logFile) continue;
      await until(`sshd for ${h.name} listening`, () => existsSync(h.logFile) && /Server listening on/.test(readFileSync(h.logFile, 'utf8')), 15_000, 20, () => (existsSync(h.logFile) ? readFileSync(h.logFile, 'utf8') : 'no log'));
    }
    const configFile = join(home, '.ssh', 'config');
    writeFileSync(configFile, config, { mode: 0o600 });
    return { dir, home, configFile, hosts, env: { HOME: home, OPSDECK_SSH_CONFIG: configFile }, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

function hostBlock(name: string, address: string, port: number, user: string, key: string, knownHosts: string, via?: string): string {
  return [
    `Host ${name}`,
    `  HostName ${address}`,
    `  Port ${port}`,
    `  User ${user}`,
    `  IdentityFile ${key}`,
    '  IdentitiesOnly yes',
    `  UserKnownHostsFile ${knownHosts}`,
    '  GlobalKnownHostsFile /dev/null',
    ...(via ? [`  ProxyJump ${via}`] : []),
    '',
  ].join('\n');
}

function sshdConfig(h: FleetHost, hostDir: string, authorized: string, maxSessions: number, dockerHost?: string): string {
  return [
    ...(dockerHost ? [`SetEnv DOCKER_HOST=${dockerHost}`] : []),
    `ListenAddress ${h.address}:${h.port}`,
    `HostKey ${join(hostDir, 'host_ed25519')}`,
    `PidFile ${join(hostDir, 'sshd.pid')}`,
    `AuthorizedKeysFile ${authorized}`,
    `AllowUsers ${h.user}`,
    'StrictModes no', // the keys live in a temp dir, not under the user's home
    'UsePAM no',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'PubkeyAuthentication yes',
    'AllowTcpForwarding yes',
    `MaxSessions ${maxSessions}`,
    'MaxStartups 100',
    'LogLevel DEBUG1',
    '',
  ].join('\n');
}

/** A namespace joined to this one by a veth pair; returns the namespace side's address. */
function setUpNamespace(ns: string, tag: string): string {
  const ip = (...args: string[]): void => void execFileSync('ip', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  const a = 1 + (process.pid % 250);
  const b = 4 * (parseInt(tag, 16) % 60);
  const net = `10.${200 + (a % 50)}.${b}`;
  const outside = `odo${tag}${process.pid % 1000}`.slice(0, 15);
  const inside = `odi${tag}${process.pid % 1000}`.slice(0, 15);
  ip('netns', 'add', ns);
  ip('link', 'add', outside, 'type', 'veth', 'peer', 'name', inside);
  ip('link', 'set', inside, 'netns', ns);
  ip('addr', 'add', `${net}.1/30`, 'dev', outside);
  ip('link', 'set', outside, 'up');
  ip('netns', 'exec', ns, 'ip', 'addr', 'add', `${net}.2/30`, 'dev', inside);
  ip('netns', 'exec', ns, 'ip', 'link', 'set', inside, 'up');
  ip('netns', 'exec', ns, 'ip', 'link', 'set', 'lo', 'up');
  return `${net}.2`;
}

/** Live processes of `user` (zombies left out), as "pid cmdline". */
export function processesOf(user: string): string[] {
  const uid = readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.startsWith(`${user}:`))?.split(':')[2];
  const out: string[] = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      if (/Uid:\s+(\d+)/.exec(status)?.[1] !== uid || /State:\s+Z/.test(status)) continue;
      out.push(`${pid} ${readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim()}`);
    } catch {
      // gone
    }
  }
  return out;
}
