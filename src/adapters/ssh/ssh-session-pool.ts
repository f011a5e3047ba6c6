// How many sessions a host's connections may carry at once. sshd bounds the sessions of one
// connection (MaxSessions, default 10, the master's own session included) and refuses the next
// one ("Session open refused by peer"), so a console with more streams on one host than that
// (checks + log followers + Docker dials) needs more than one connection. The pool hands out a
// connection with room: the host's first master, then further masters up to `maxConnections`,
// then a first-come wait whose reason is said. A refusal teaches the pool the server's real limit.

export interface PooledConnection {
  /** Sessions open on it now (held from spawn to the client's last pipe closing). */
  sessions: number;
  /** Sessions it may carry besides the master's own. */
  capacity: number;
  /** Sessions the server refused that are still held (their clients are closing). */
  refusing: number;
}

export interface AcquireOptions {
  signal?: AbortSignal;
  /** Called once when the session has to wait, with the reason (for the screen). */
  onWait?: (reason: string) => void;
  /** Served before the others waiting (the reaper that ends a stopped command). */
  urgent?: boolean;
}

export class SessionPool<C extends PooledConnection> {
  private readonly waiters: (() => void)[] = [];

  constructor(
    readonly connections: C[],
    private readonly openConnection: (index: number) => C,
    readonly maxConnections: number,
    private readonly hostName: string,
  ) {}

  /** A connection with a free session, reserved for the caller (release() it when done). */
  async acquire(options: AcquireOptions = {}): Promise<C> {
    let told = false;
    for (;;) {
      if (options.signal?.aborted) throw new Error(this.busyReason('gave up waiting for'));
      const free = this.connections.find((c) => c.sessions < c.capacity);
      if (free) {
        free.sessions++;
        return free;
      }
      if (this.connections.length < this.maxConnections) {
        this.connections.push(this.openConnection(this.connections.length));
        continue;
      }
      if (!told) options.onWait?.(this.busyReason('waiting for'));
      told = true;
      await new Promise<void>((resolve, reject) => {
        const wake = (): void => {
          options.signal?.removeEventListener('abort', onAbort);
          resolve();
        };
        const onAbort = (): void => {
          const i = this.waiters.indexOf(wake);
          if (i >= 0) this.waiters.splice(i, 1);
          reject(new Error(this.busyReason('gave up waiting for')));
        };
        options.signal?.addEventListener('abort', onAbort, { once: true });
        if (options.urgent) this.waiters.unshift(wake);
        else this.waiters.push(wake);
      });
    }
  }

  release(c: C, wasRefused = false): void {
    c.sessions = Math.max(0, c.sessions - 1);
    if (wasRefused) c.refusing = Math.max(0, c.refusing - 1);
    this.waiters.shift()?.();
  }

  /**
   * The server refused a session on `c`: it carries at most the sessions held there that were
   * not refused (some of those may be refused yet, and lower it again).
   */
  refused(c: C): void {
    c.refusing++;
    c.capacity = Math.max(1, Math.min(c.capacity, c.sessions - c.refusing));
  }

  /** Sessions open over all connections. */
  get inUse(): number {
    return this.connections.reduce((n, c) => n + c.sessions, 0);
  }

  private busyReason(what: string): string {
    const total = this.connections.reduce((n, c) => n + c.capacity, 0);
    return (
      `${what} an ssh session on ${this.hostName}: all ${total} in use over ${this.connections.length} connection(s) ` +
      '(sshd allows MaxSessions per connection; see OPSDECK_SSH_MAX_SESSIONS and OPSDECK_SSH_MAX_CONNECTIONS)'
    );
  }
}
