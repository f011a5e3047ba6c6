// One remote host reached through the operator's own OpenSSH client: their ~/.ssh/config,
// agent, known_hosts and ProxyJump apply as in their shell. One master connection per host
// (ControlMaster, socket in a 0700 directory) carries every command, log stream and Docker
// dial; BatchMode=yes turns any prompt into an error; host-key checking is left as configured.
// When the sessions open on a host exceed what one connection may carry (sshd MaxSessions), a
// further master is opened (ssh-session-pool.ts).
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { posixQuote } from '../../domain/remote/posix-quote.js';
import { reaperCommand, reaperInput, wrappedCommand, wrapperPreamble, type RemoteStdin } from '../../domain/remote/remote-wrapper.js';
import { SshConnectError, sshFailure } from './ssh-errors.js';
import { SessionPool, type AcquireOptions } from './ssh-session-pool.js';
import { collectOutput, type RemoteExecResult } from './remote-output.js';

export type { RemoteExecResult } from './remote-output.js';

export const DEFAULT_CONNECT_TIMEOUT_MS = 5000;
/** sshd's own default MaxSessions (the master's session included). */
export const DEFAULT_MAX_SESSIONS = 10;
export const DEFAULT_MAX_CONNECTIONS = 4;
/** What a client prints when the server refused its session (MaxSessions reached). */
export const SESSION_REFUSED = /Session open refused/;
/** A mux client that found no master falls back to connecting itself, which ProxyCommand=false stops. */
const NO_MASTER = /kex_exchange_identification|Connection closed by UNKNOWN port 65535|Control socket connect/;
const MAX_OUTPUT = 64 * 1024;
const MAX_UNIX_PATH = 100;
/** The follow-up that ends a stopped command's processes gets this long. */
const REAP_TIMEOUT_MS = 5000;
/** A remote command's processes get this long between SIGTERM and SIGKILL unless told otherwise. */
const DEFAULT_REMOTE_GRACE_MS = 1000;

export interface SshHostOptions {
  /** The host's name in the profile (shown in every message). */
  name: string;
  /** An ssh destination: an alias from ~/.ssh/config, user@host, or ssh://user@host:port. */
  destination: string;
  /** Where the control socket goes (created 0700). */
  controlDir: string;
  /** An ssh_config file passed with -F (OPSDECK_SSH_CONFIG); default: ssh's own choice. */
  configFile?: string;
  /** @default 5000 */
  connectTimeoutMs?: number;
  /** @default 'ssh' (from PATH) */
  sshBinary?: string;
  /** First wait after a failed connect before trying again; doubles up to 30 s. @default 1000 */
  retryMs?: number;
  /** Sessions one connection may carry, its master's own included (sshd MaxSessions). @default 10 */
  maxSessions?: number;
  /** Connections (masters) to the host at most; past them sessions wait. @default 4 */
  maxConnections?: number;
  /** Which of the host's connections this is (0, the first, owns the pool). */
  slot?: number;
}

export interface RemoteExecOptions {
  /** Variables exported on the far side; their values travel on stdin, never on a command line. */
  env?: Readonly<Record<string, string>>;
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface RemoteStartOptions extends AcquireOptions {
  /**
   * 'watched': the command's stdin is /dev/null and the channel's end ends it (checks, log
   * followers); 'passthrough': the command reads the channel (docker dial-stdio).
   */
  stdin: RemoteStdin;
  env?: Readonly<Record<string, string>>;
  /** When it is ended: how long its processes on the host get between SIGTERM and SIGKILL. @default 1000 */
  graceMs?: number;
}

/** A command running on the host under the wrapper (domain/remote/remote-wrapper.ts). */
export interface RemoteProcess {
  /** The local ssh client; write to its stdin in 'passthrough' mode. */
  child: ChildProcess;
  /** The per-exec marker every process of the command carries on the host (OPSDECK_REMOTE_EXEC). */
  marker: string;
  /** Ends the command on the host and its client here (idempotent). */
  stop(): void;
  /** stop(), resolved once the reaper has ended every marked process on the host (or given up); again: another reaper pass. */
  end(): Promise<void>;
}


export type SshHostState = 'idle' | 'connecting' | 'connected' | 'failed';

export class SshHost {
  readonly name: string;
  readonly controlPath: string;
  private master?: ChildProcess;
  private ready?: Promise<void>;
  private failure?: { error: SshConnectError; retryAt: number };
  private retryMs: number;
  private closed = false;
  private readonly listeners = new Set<(state: SshHostState, error?: SshConnectError) => void>();
  /** Sessions open on this connection now, and how many it may carry (see SessionPool). */
  sessions = 0;
  capacity: number;
  refusing = 0;
  private readonly pool?: SessionPool<SshHost>;

  constructor(private readonly opts: SshHostOptions) {
    if (opts.destination.startsWith('-')) throw new RangeError(`host ${opts.name}: ssh destination "${opts.destination}" starts with "-"`);
    this.name = opts.name;
    this.retryMs = opts.retryMs ?? 1000;
    this.controlPath = controlSocketPath(opts.controlDir, `${opts.destination}\0${opts.configFile ?? ''}${opts.slot ? `\0${opts.slot}` : ''}`);
    this.capacity = Math.max(1, (opts.maxSessions ?? DEFAULT_MAX_SESSIONS) - 1);
    if (!opts.slot) this.pool = new SessionPool<SshHost>([this], (slot) => new SshHost({ ...opts, slot }), opts.maxConnections ?? DEFAULT_MAX_CONNECTIONS, opts.name);
  }

  /** Master connections up now (normally 1; more while one cannot carry every session). */
  get connectionCount(): number {
    return (this.pool?.connections ?? [this]).filter((c) => c.masterPid !== undefined).length;
  }

  get state(): SshHostState {
    if (this.master && this.ready && !this.failure) return existsSync(this.controlPath) ? 'connected' : 'connecting';
    return this.failure ? 'failed' : 'idle';
  }

  /** The master ssh process while there is one (tests and the connection count). */
  get masterPid(): number | undefined {
    return this.master?.pid;
  }

  /** The last connect error while the host is in its retry wait. */
  get lastError(): SshConnectError | undefined {
    return this.failure?.error;
  }

  onState(fn: (state: SshHostState, error?: SshConnectError) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** What the operator can paste into their shell to see the same connection. */
  get tryCommand(): string {
    const cfg = this.opts.configFile ? ` -F ${posixQuote(this.opts.configFile)}` : '';
    return `ssh${cfg} -o BatchMode=yes ${this.opts.destination} true`;
  }

  private get timeoutMs(): number {
    return this.opts.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  }

  /** Options every ssh invocation for this host shares. */
  private baseArgs(): string[] {
    return [
      ...(this.opts.configFile ? ['-F', this.opts.configFile] : []),
      '-o', 'BatchMode=yes',
      '-o', `ConnectTimeout=${Math.max(1, Math.ceil(this.timeoutMs / 1000))}`,
      '-o', 'ServerAliveInterval=10',
      '-o', 'ServerAliveCountMax=3',
      '-o', `ControlPath=${this.controlPath}`,
    ];
  }

  /** Resolves once the master connection is up (starting it if needed); rejects with SshConnectError. */
  connect(): Promise<void> {
    if (this.closed) return Promise.reject(new SshConnectError(this.name, 'other', 'connection closed', this.tryCommand));
    if (this.ready) return this.ready;
    if (this.failure && Date.now() < this.failure.retryAt) return Promise.reject(this.failure.error);
    this.emit('connecting');
    const p = this.startMaster().then(
      () => {
        this.failure = undefined;
        this.retryMs = this.opts.retryMs ?? 1000;
        this.emit('connected');
      },
      (err: SshConnectError) => {
        if (this.ready === p) this.ready = undefined;
        this.failure = { error: err, retryAt: Date.now() + this.retryMs };
        this.retryMs = Math.min(this.retryMs * 2, 30_000);
        this.emit('failed', err);
        throw err;
      },
    );
    this.ready = p;
    return p;
  }

  private startMaster(): Promise<void> {
    rmSync(this.controlPath, { force: true });
    // The master runs `cat` with our pipe as stdin: if opsdeck dies, even by SIGKILL, the pipe
    // closes, the remote cat ends and the master exits (ControlPersist=no): nothing is orphaned.
    const args = [...this.baseArgs(), '-o', 'ControlMaster=yes', '-o', 'ControlPersist=no', '-T', '--', this.opts.destination, 'exec cat >/dev/null'];
    const child = spawn(this.opts.sshBinary ?? 'ssh', args, { stdio: ['pipe', 'ignore', 'pipe'] });
    this.master = child;
    // The master never keeps opsdeck alive by itself (a headless command exits when done).
    child.unref();
    for (const p of [child.stdin, child.stderr]) (p as unknown as { unref?(): void } | null)?.unref?.();
    let stderr = '';
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (t: string) => {
      if (stderr.length < MAX_OUTPUT) stderr += t;
    });
    child.stdin!.on('error', () => undefined);
    return new Promise<void>((resolve, reject) => {
      let settled = false;
      const finish = (err?: SshConnectError): void => {
        if (settled) return;
        settled = true;
        clearInterval(poll);
        clearTimeout(deadline);
        if (err) {
          child.kill('SIGKILL');
          reject(err);
        } else resolve();
      };
      const poll = setInterval(() => {
        if (existsSync(this.controlPath)) finish();
      }, 15);
      const deadline = setTimeout(() => finish(new SshConnectError(this.name, 'timeout', `no answer within ${this.timeoutMs} ms (connect timeout)`, this.tryCommand)), this.timeoutMs + 500);
      child.on('error', (e: NodeJS.ErrnoException) => {
        finish(new SshConnectError(this.name, 'ssh-missing', e.code === 'ENOENT' ? 'the ssh client is not installed (needs OpenSSH on PATH)' : e.message, this.tryCommand));
      });
      child.on('exit', () => {
        if (this.master === child) {
          this.master = undefined;
          this.ready = undefined;
          if (settled && !this.closed) this.emit('idle');
        }
        finish(sshFailure(this.name, stderr, this.tryCommand));
      });
    });
  }

  /** Spawns `ssh` for a remote command line over the master (connect() first). */
  private async spawnMux(remoteCommand: string): Promise<ChildProcess> {
    await this.connect();
    // ProxyCommand=false: should the master be gone, this client fails instead of quietly
    // opening a connection of its own (the mux path never runs a proxy command).
    const args = [...this.baseArgs(), '-o', 'ControlMaster=no', '-o', 'ProxyCommand=false', '-T', '--', this.opts.destination, remoteCommand];
    return spawn(this.opts.sshBinary ?? 'ssh', args, { stdio: ['pipe', 'pipe', 'pipe'] });
  }

  /**
   * Starts argv on the host (each element one literal argument) under the wrapper that ends it
   * with its client. The marker and variables go first on stdin; stdin stays open: its end is
   * what tells the host the client is gone.
   */
  async start(argv: readonly string[], options: RemoteStartOptions): Promise<RemoteProcess> {
    return (await this.startOn(argv, options)).remote;
  }

  private async startOn(argv: readonly string[], options: RemoteStartOptions): Promise<{ remote: RemoteProcess; via: SshHost }> {
    const marker = randomUUID();
    const preamble = wrapperPreamble(marker, options.env, options.graceMs);
    const { child, via } = await this.openSession(wrappedCommand(argv, options.stdin), options);
    child.stdin!.on('error', () => undefined);
    child.stdin!.write(preamble);
    let stopped = false;
    let reaped: Promise<void> = Promise.resolve();
    const stop = (): void => {
      if (stopped) return;
      stopped = true;
      if (child.exitCode !== null || child.signalCode !== null) return;
      if (options.stdin === 'step') {
        // A step's processes get their grace with the channel still open: a cleanup that
        // writes a line (or a shell saying "Terminated") must not die of SIGPIPE on a closed
        // channel, and what it says still reaches the run's output. The client goes after.
        reaped = this.reap(marker, options.graceMs).then(() => void child.kill('SIGTERM'));
        return;
      }
      // The client's end reaches the host as EOF (the watched wrapper ends everything); the
      // reaper also finds what left the session by the marker, and ends a passthrough command.
      child.kill('SIGTERM');
      reaped = this.reap(marker, options.graceMs);
    };
    // Called again: one more reaper pass once the last is done (what was still exiting, or
    // forked as the first pass scanned, is found then).
    const end = (): Promise<void> => {
      if (stopped) return (reaped = reaped.then(() => this.reap(marker, options.graceMs)));
      stop();
      return reaped;
    };
    return { remote: { child, marker, stop, end }, via };
  }

  /**
   * A client over a connection with a free session. The session is held until the client's last
   * pipe closes (the master holds them until the server closed the channel). A refusal tells the
   * pool that connection carries fewer sessions than assumed.
   */
  private async openSession(remoteCommand: string, options: AcquireOptions): Promise<{ child: ChildProcess; via: SshHost }> {
    const pool = this.pool!;
    const via = await pool.acquire(options);
    let child: ChildProcess;
    try {
      child = await via.spawnMux(remoteCommand);
    } catch (err) {
      pool.release(via);
      throw err;
    }
    let released = false;
    let refused = false;
    const release = (): void => {
      if (!released) pool.release(via, refused);
      released = true;
    };
    child.once('close', release);
    child.once('error', release);
    let said = '';
    const sniff = (d: Buffer | string): void => {
      said = (said + String(d)).slice(-200);
      if (!SESSION_REFUSED.test(said) || released) return;
      refused = true;
      pool.refused(via);
      child.stderr!.off('data', sniff);
    };
    child.stderr!.on('data', sniff);
    return { child, via };
  }

  /** Ends every process carrying the marker on the host (best effort; errors are ignored). */
  private async reap(marker: string, graceMs = DEFAULT_REMOTE_GRACE_MS): Promise<void> {
    try {
      const { child } = await this.openSession(reaperCommand(), { urgent: true });
      child.stdin!.on('error', () => undefined);
      child.stdin!.end(reaperInput(marker, graceMs));
      child.stdout!.resume();
      child.stderr!.resume();
      const t = setTimeout(() => child.kill('SIGKILL'), REAP_TIMEOUT_MS + graceMs);
      await new Promise<void>((r) => child.once('exit', () => r()));
      clearTimeout(t);
    } catch {
      // No master: the host's sessions ended with it; the wrapper's watcher did the rest.
    }
  }

  /**
   * Runs argv on the host (each element a literal argument) and collects its output. Waiting
   * for a free session counts against `timeoutMs`; a session the server refused is run again
   * on a connection with room.
   */
  async exec(argv: readonly string[], options: RemoteExecOptions = {}): Promise<RemoteExecResult> {
    await this.connect();
    for (let attempt = 0; ; attempt++) {
      const { result, masterDied } = await this.execOnce(argv, options);
      const again = result.exitCode === 255 && !options.signal?.aborted && attempt < 8;
      // A refused session never ran; nor did a client that found its master gone. One whose
      // master died while the command ran did run: it is not run twice.
      const neverRan = SESSION_REFUSED.test(result.stderr) || (masterDied && attempt === 0 && NO_MASTER.test(result.stderr));
      if (again && neverRan) continue;
      return result;
    }
  }

  private async execOnce(argv: readonly string[], options: RemoteExecOptions): Promise<{ result: RemoteExecResult; masterDied: boolean }> {
    const t0 = performance.now();
    const waitFor = options.timeoutMs ? AbortSignal.timeout(options.timeoutMs) : undefined;
    const signal = waitFor && options.signal ? AbortSignal.any([waitFor, options.signal]) : (waitFor ?? options.signal);
    const { remote, via } = await this.startOn(argv, { stdin: 'watched', env: options.env, signal });
    const { child, stop } = remote;
    const master = via.master;
    const result = await collectOutput(child, stop, t0, options.timeoutMs, options.signal);
    return { result, masterDied: Boolean(master && (master.exitCode !== null || master.signalCode !== null)) };
  }

  /** Ends the master connection (and with it every session on it). */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all((this.pool?.connections ?? []).filter((c) => c !== this).map((c) => c.close()));
    const m = this.master;
    this.master = undefined;
    this.ready = undefined;
    if (!m || m.exitCode !== null) return;
    const gone = new Promise<void>((r) => m.once('exit', () => r()));
    m.stdin?.end();
    m.kill('SIGTERM');
    const t = setTimeout(() => m.kill('SIGKILL'), 2000);
    await gone;
    clearTimeout(t);
    rmSync(this.controlPath, { force: true });
  }

  private emit(state: SshHostState, error?: SshConnectError): void {
    for (const fn of this.listeners) fn(state, error);
  }
}

/** A short socket path (unix sockets allow ~104 bytes) unique to this process and destination. */
export function controlSocketPath(dir: string, key: string): string {
  let base = dir;
  const name = `${createHash('sha256').update(key).digest('hex').slice(0, 16)}-${process.pid}.sock`;
  if (join(base, name).length > MAX_UNIX_PATH) base = join('/tmp', `opsdeck-ssh-${process.getuid?.() ?? 'u'}`);
  mkdirSync(base, { recursive: true, mode: 0o700 });
  chmodSync(base, 0o700);
  return join(base, name);
}
