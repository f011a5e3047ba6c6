// A second, real Docker engine that one test owns: its own dockerd (and the containerd it
// manages) with its socket, --data-root, --exec-root and --pidfile in a temporary directory, the
// image opsdeck-busybox:test built into it the way scripts/ci/services.sh builds it (no registry).
// A test may stop() the engine mid-session and start() it again on the same data root, as when a
// host's engine restarts (containers with a restart policy come back; with `liveRestore` they run
// on meanwhile); close() removes its containers, stops it and leaves no process, mount or file.
//
// dockerd runs in a network namespace of its own (`unshare --net`): with --bridge=none it deletes
// any interface named docker0 it can see, which in the host's namespace is the shared engine's
// bridge. Inside its namespace it touches nothing shared (no bridge, no iptables), so no machine
// lock is needed. The price: containers have no network beyond their loopback, and ports cannot be
// published to the host (use the shared engine for those). Its unix socket works from anywhere.
//
//   const engine = await startPrivateDockerd();
//   await engine.docker('run', '-d', '--name', 'x', TEST_IMAGE, 'sleep', '600');
//   // DOCKER_HOST=engine.host, or a profile's docker.host: engine.host
//   await engine.stop(); ... await engine.start(); ... await engine.close();
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { until } from './until.js';

const run = promisify(execFile);
const SERVICES_SCRIPT = resolve(fileURLToPath(new URL('../../scripts/ci/services.sh', import.meta.url)));

export interface PrivateDockerdEnv {
  available: boolean;
  reason: string;
}

function detect(): PrivateDockerdEnv {
  const setup = "install Debian's docker.io and util-linux (scripts/ci/install-deps.sh) and run as root";
  for (const bin of ['dockerd', 'docker', 'unshare']) {
    try {
      execFileSync('sh', ['-c', `command -v ${bin}`], { stdio: 'ignore' });
    } catch {
      return { available: false, reason: `${bin} not on PATH (${setup})` };
    }
  }
  if (process.getuid?.() !== 0) return { available: false, reason: `a private dockerd needs root (${setup})` };
  return { available: true, reason: '' };
}

/** Whether startPrivateDockerd() can work here; suites skip (or fail with CI=true) on the reason. */
export const privateDockerdEnv = detect();

export interface PrivateDockerdOptions {
  /**
   * dockerd --live-restore: containers keep running while the engine is stopped. Without it (as
   * Docker ships) stop() stops them (SIGKILL after 1 s) and start() restarts those whose restart
   * policy says so. Beware: engine 20.10 (Debian 12) never runs a live-restored container's
   * HEALTHCHECK again (moby#41871, fixed in 23.0): its health stays what it was.
   * @default false
   */
  liveRestore?: boolean;
  /** Build opsdeck-busybox:test into the engine. @default true */
  image?: boolean;
}

export interface PrivateDockerd {
  /** `unix://DIR/docker.sock`: for DOCKER_HOST or a profile's `docker.host`. */
  readonly host: string;
  readonly socket: string;
  /** The temporary directory holding everything the engine writes. */
  readonly dir: string;
  /** dockerd's output, appended across restarts. */
  readonly logFile: string;
  /** dockerd's pid while it runs. */
  readonly pid: number | undefined;
  /** The docker CLI against this engine; resolves with its stdout. */
  docker(...args: string[]): Promise<string>;
  /**
   * SIGTERM to dockerd; resolves once it has exited (the socket no longer answers). Containers
   * whose PID 1 ignores SIGTERM (a bare `sh -c` loop) hold it up for their stop timeout (10 s):
   * give them `trap "exit 0" TERM` or `--stop-timeout 1`.
   */
  stop(): Promise<void>;
  /** Starts dockerd again on the same data root; resolves once it answers. */
  start(): Promise<void>;
  /** Removes its containers, stops it, and removes every process, mount and file it made. */
  close(): Promise<void>;
}

/** Starts a private engine and resolves once it answers (with the test image, unless told not to). */
export async function startPrivateDockerd(options: PrivateDockerdOptions = {}): Promise<PrivateDockerd> {
  if (!privateDockerdEnv.available) throw new Error(`private dockerd unavailable: ${privateDockerdEnv.reason}`);
  // Short and fixed-depth: unix socket paths (containerd's among them) must fit in 108 bytes.
  const engine = new Engine(mkdtempSync('/tmp/opsdeck-dkd-'), options.liveRestore ?? false);
  try {
    await engine.start();
    if (options.image ?? true) {
      await run(SERVICES_SCRIPT, ['build-image'], { env: { ...process.env, OPSDECK_CI_DOCKER_SOCK: engine.socket } });
    }
  } catch (err) {
    await engine.close();
    throw err;
  }
  return engine;
}

class Engine implements PrivateDockerd {
  readonly socket: string;
  readonly host: string;
  readonly logFile: string;
  private child?: ChildProcess;
  private exited?: Promise<void>;

  constructor(readonly dir: string, private readonly liveRestore: boolean) {
    this.socket = join(dir, 'docker.sock');
    this.host = `unix://${this.socket}`;
    this.logFile = join(dir, 'dockerd.log');
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  async docker(...args: string[]): Promise<string> {
    const { stdout } = await run('docker', ['-H', this.host, ...args], { maxBuffer: 64 * 1024 * 1024 });
    return stdout;
  }

  async start(): Promise<void> {
    if (this.child) return;
    const args = [
      '--net', '--', 'dockerd', '--host', this.host, '--data-root', join(this.dir, 'data'), '--exec-root', join(this.dir, 'exec'),
      '--pidfile', join(this.dir, 'docker.pid'), '--config-file', this.emptyConfig(),
      '--bridge=none', '--iptables=false', '--ip6tables=false', '--ip-masq=false', '--shutdown-timeout=1',
      ...(this.liveRestore ? ['--live-restore'] : []),
    ];
    const log = openSync(this.logFile, 'a');
    // Its own session (setsid), so a test's Ctrl-C or process group never signals it directly.
    const child = spawn('unshare', args, { detached: true, stdio: ['ignore', log, log] });
    closeSync(log);
    this.child = child;
    this.exited = new Promise((r) => child.once('exit', () => r()));
    void this.exited.then(() => this.child === child && (this.child = undefined));
    const gone = (): boolean => child.exitCode !== null || child.signalCode !== null;
    await until('the private dockerd to answer', async () => gone() || ping(this.socket), 60_000, 100, () => this.logTail());
    if (gone()) throw new Error(`the private dockerd exited while starting:\n${this.logTail()}`);
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child) return;
    child.kill('SIGTERM');
    await this.exited;
    this.child = undefined;
  }

  async close(): Promise<void> {
    try {
      if (!this.child && existsSync(join(this.dir, 'data'))) await this.start();
      const ids = (await this.docker('ps', '-aq')).split('\n').filter(Boolean);
      if (ids.length) await this.docker('rm', '-f', ...ids);
    } catch {
      /* a broken engine: the sweep below still removes what it left */
    }
    await this.stop();
    this.sweep();
  }

  /** Kills what is left (containerd, shims, container processes), unmounts, removes the dir. */
  private sweep(): void {
    for (let round = 0; round < 3; round++) {
      const pids = [...processesNaming(this.dir), ...containerProcesses(join(this.dir, 'data', 'containers'))];
      if (pids.length === 0) break;
      for (const pid of pids) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          /* gone already */
        }
      }
      execFileSync('sleep', ['0.2']); // let the kernel reap them before the mounts go
    }
    for (const mount of mountsUnder(this.dir)) {
      try {
        execFileSync('umount', ['-l', mount], { stdio: 'ignore' });
      } catch {
        /* unmounted with its parent */
      }
    }
    rmSync(this.dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
  }

  private emptyConfig(): string {
    const file = join(this.dir, 'daemon.json');
    if (!existsSync(file)) execFileSync('sh', ['-c', 'echo "{}" > "$1"', 'sh', file]);
    return file;
  }

  private logTail(): string {
    try {
      return readFileSync(this.logFile, 'utf8').split('\n').slice(-15).join('\n');
    } catch {
      return '(no log)';
    }
  }
}

/** GET /_ping over the unix socket: true when the engine answers OK. */
function ping(socket: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request({ socketPath: socket, path: '/_ping', timeout: 2_000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => req.destroy());
    req.end();
  });
}

/** Processes whose command line names the directory (dockerd, containerd, its shims). */
function processesNaming(dir: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(dir)) found.push(Number(entry));
    } catch {
      /* exited meanwhile */
    }
  }
  return found;
}

/** Processes still inside the cgroups of this engine's containers (cgroup v1 or v2). */
function containerProcesses(containersDir: string): number[] {
  if (!existsSync(containersDir)) return [];
  const found = new Set<number>();
  for (const id of readdirSync(containersDir)) {
    for (const file of [`/sys/fs/cgroup/pids/docker/${id}/cgroup.procs`, `/sys/fs/cgroup/system.slice/docker-${id}.scope/cgroup.procs`, `/sys/fs/cgroup/docker/${id}/cgroup.procs`]) {
      try {
        for (const pid of readFileSync(file, 'utf8').split('\n').filter(Boolean)) found.add(Number(pid));
      } catch {
        /* no such cgroup */
      }
    }
  }
  return [...found];
}

/** Mount points inside the directory, deepest first. */
function mountsUnder(dir: string): string[] {
  return readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .map((line) => line.split(' ')[4]?.replace(/\\(\d{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8))))
    .filter((m): m is string => !!m && (m === dir || m.startsWith(`${dir}/`)))
    .sort((a, b) => b.length - a.length);
}
