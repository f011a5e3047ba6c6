// An HTTP agent whose connections are `docker system dial-stdio` run on the remote host over its
// OpenSSH master, as the Docker CLI's connhelper does: the Engine API then flows through the
// operator's ssh (config, agent, known_hosts, bastions) with nothing reimplemented.
import { Agent, type AgentOptions } from 'node:http';
import { Duplex } from 'node:stream';
import type { ChildProcess } from 'node:child_process';
import type { Socket } from 'node:net';
import type { RemoteProcess, SshHost } from './ssh-host.js';

/** A child's stdout/stdin as the Duplex an HTTP client writes requests to and reads replies from. */
export class ChildSocket extends Duplex {
  private idleMs = 0;
  private idleTimer?: NodeJS.Timeout;
  private stderr = '';
  private received = false;
  private readonly child: ChildProcess;
  private readonly stop: () => void;

  constructor(remote: RemoteProcess, private readonly what: string) {
    super();
    const child = remote.child;
    this.child = child;
    this.stop = remote.stop;
    child.stdout!.on('data', (b: Buffer) => {
      this.touch();
      this.received = true;
      if (!this.push(b)) child.stdout!.pause();
    });
    // The end of the stream waits for the exit code: a dial that failed before answering at all
    // becomes an error with ssh's / docker's own words instead of "socket hang up".
    child.stdout!.on('end', () => {
      const end = (code: number | null): void => {
        if (code && !this.received) this.fail(code);
        else this.push(null);
      };
      if (child.exitCode !== null || child.signalCode !== null) end(child.exitCode);
      else child.once('exit', end);
    });
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (t: string) => {
      if (this.stderr.length < 4000) this.stderr += t;
    });
    child.stdin!.on('error', () => undefined);
    // The far end is gone (the engine stopped, the link dropped): an idle kept-alive socket must
    // close, or the agent hands it to the next request, whose write then fails as an API error
    // ("write after a stream was destroyed") instead of the engine being unreachable.
    child.once('close', () => {
      this.gone = true;
      if (this.readableLength === 0) this.destroy();
      else this.once('end', () => this.destroy());
    });
  }

  private gone = false;

  private fail(code: number): void {
    if (this.destroyed) return;
    const why = this.stderr.trim().split('\n').at(-1) || `exited with code ${code}`;
    this.destroy(Object.assign(new Error(`${this.what}: ${why}`), { code: 'ECONNRESET' }));
  }

  override _read(): void {
    this.child.stdout!.resume();
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (err?: Error | null) => void): void {
    if (this.gone) return cb(Object.assign(new Error(`${this.what}: the connection ended`), { code: 'ECONNRESET' }));
    this.touch();
    this.child.stdin!.write(chunk, cb);
  }

  override _final(cb: () => void): void {
    this.child.stdin!.end();
    cb();
  }

  override _destroy(err: Error | null, cb: (err?: Error | null) => void): void {
    clearTimeout(this.idleTimer);
    // Ends dial-stdio on the host too (the reaper over the master), not only the local client.
    this.stop();
    cb(err);
  }

  // What http.ClientRequest expects of a net.Socket.
  setTimeout(ms: number, cb?: () => void): this {
    this.idleMs = ms;
    if (cb) {
      if (ms === 0) this.removeListener('timeout', cb);
      else this.once('timeout', cb);
    }
    this.touch();
    return this;
  }

  setNoDelay(): this {
    return this;
  }

  setKeepAlive(): this {
    return this;
  }

  // The agent unrefs a connection it keeps idle, so a finished command can exit with it open.
  ref(): this {
    this.child.ref();
    for (const p of [this.child.stdin, this.child.stdout, this.child.stderr]) (p as unknown as { ref?(): void } | null)?.ref?.();
    return this;
  }

  unref(): this {
    this.child.unref();
    for (const p of [this.child.stdin, this.child.stdout, this.child.stderr]) (p as unknown as { unref?(): void } | null)?.unref?.();
    return this;
  }

  private touch(): void {
    clearTimeout(this.idleTimer);
    if (this.idleMs > 0) this.idleTimer = setTimeout(() => this.emit('timeout'), this.idleMs);
  }
}

/** An HTTP agent dialling the engine over ssh by running `argv` (dial-stdio) on the host. */
export function sshDialAgent(hostOf: () => SshHost, argv: readonly string[], options: AgentOptions = {}): Agent {
  const agent = new Agent({ keepAlive: true, ...options });
  (agent as unknown as { createConnection: unknown }).createConnection = (_opts: unknown, cb: (err: Error | null, socket?: Socket) => void): void => {
    const host = hostOf();
    host.start(argv, { stdin: 'passthrough' }).then(
      (remote) => cb(null, new ChildSocket(remote, `docker system dial-stdio on ${host.name}`) as unknown as Socket),
      (err: Error) => cb(err),
    );
  };
  return agent;
}
