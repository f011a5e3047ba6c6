// A log followed on a host over its OpenSSH connection: a `file:` as `tail -F` (follows
// rotation and truncation on the far side), or a `command:` whose stdout is the log. Lost
// connections and exits reconnect with backoff and say so; lines carry the host (service@host).
// The remote command ends when our side goes away: it runs under the host's wrapper (watched
// stdin), so an idle `tail -F` never outlives the console on the host.
import type { LogSource, LogSourceEvents } from '../../ports/log-source.js';
import type { Host } from '../../domain/fleet/hosts.js';
import { LineSplitter } from '../../domain/logs/line-splitter.js';
import { Backoff, sleep } from '../logs/abortable-wait.js';
import { SshConnectError } from './ssh-errors.js';
import { sshHostFor } from './ssh-hosts.js';
import { SESSION_REFUSED, type RemoteProcess } from './ssh-host.js';

export type RemoteLogSpec = { kind: 'file'; path: string; name: string } | { kind: 'command'; command: string[]; name: string };

export interface RemoteLogSourceOptions {
  service: string;
  host: Host;
  spec: RemoteLogSpec;
  /** Lines of history (file sources). @default 200 */
  tail?: number;
  /** @default true */
  follow?: boolean;
  /** @default 1000 */
  backoffMs?: number;
  /** @default 30000 */
  maxBackoffMs?: number;
}

/** After the client exits, how long its output is still read (the master may hold the pipes). */
const DRAIN_MS = 300;

export class RemoteLogSource implements LogSource {
  readonly id: string;
  readonly service: string;
  readonly host: string;

  constructor(private readonly opts: RemoteLogSourceOptions) {
    this.service = opts.service;
    this.host = opts.host.name;
    const what = opts.spec.kind === 'file' ? `file:${opts.spec.path}` : `${opts.spec.name}:command`;
    this.id = `${opts.service}@${opts.host.name}:${what}`;
  }

  /** The argv run on the host; after a reconnect a file resumes at its end (no repeated history). */
  argv(first: boolean): string[] {
    const { spec } = this.opts;
    if (spec.kind === 'command') return spec.command;
    const n = String(first ? (this.opts.tail ?? 200) : 0);
    return this.opts.follow === false ? ['tail', '-n', n, '--', spec.path] : ['tail', '-n', n, '-F', '--', spec.path];
  }

  start(events: LogSourceEvents, signal: AbortSignal): void {
    void this.loop(events, signal).catch((e: unknown) => events.error(`${this.host}: ${(e as Error).message}`));
  }

  private async loop(events: LogSourceEvents, signal: AbortSignal): Promise<void> {
    const backoff = new Backoff(this.opts.backoffMs ?? 1000, this.opts.maxBackoffMs ?? 30_000);
    const ssh = sshHostFor(this.opts.host.ssh, this.opts.host.name);
    let first = true;
    while (!signal.aborted) {
      const started = Date.now();
      let how: string;
      try {
        // Past what the host's connections may carry, the follower waits for a session and says so.
        const onWait = (why: string): void => events.status?.('reconnecting', why);
        const remote = await ssh.start(this.argv(first), { stdin: 'watched', signal, onWait });
        // Only a session that delivered lines has shown the history: one the server refused
        // (its freed slot not yet free on sshd's side) is retried with the history again.
        let delivered = false;
        how = await this.follow(remote, { ...events, chunk: (c) => ((delivered = true), events.chunk(c)) }, signal);
        if (delivered) first = false;
      } catch (err) {
        if (signal.aborted) return;
        how = err instanceof SshConnectError ? err.oneLine : (err as Error).message;
        events.error(how);
      }
      if (signal.aborted) return;
      if (this.opts.follow === false) {
        events.status?.('ended', how);
        return;
      }
      const delay = backoff.next(Date.now() - started);
      events.status?.('reconnecting', `${this.host}: ${how}; retrying in ${Math.round(delay / 100) / 10}s`);
      await sleep(delay, signal);
    }
  }

  private follow({ child, stop }: RemoteProcess, events: LogSourceEvents, signal: AbortSignal): Promise<string> {
    return new Promise((resolve) => {
      const errLines = new LineSplitter(2000);
      let refused = false;
      signal.addEventListener('abort', stop, { once: true });
      if (signal.aborted) stop();
      // stdin is held open: its end is what stops the remote command.
      events.status?.('live');
      child.stdout!.setEncoding('utf8');
      child.stdout!.on('data', (text: string) => events.chunk({ text, stream: 'stdout' }));
      child.stderr!.setEncoding('utf8');
      child.stderr!.on('data', (text: string) => {
        for (const l of errLines.push(text)) say(l);
      });
      // A refused session: what ssh prints after it (its fallback that cannot connect) is noise.
      const say = (l: string): void => {
        if (SESSION_REFUSED.test(l)) refused = true;
        else if (l.trim() && !refused) events.error(`${this.host}: ${l}`);
      };
      let done = false;
      const finish = (code: number | null, sig: NodeJS.Signals | null): void => {
        if (done) return;
        done = true;
        signal.removeEventListener('abort', stop);
        child.stdin!.end();
        for (const l of errLines.flush()) say(l);
        if (refused) resolve('the host refused one more session on this connection (sshd MaxSessions): trying another');
        else resolve(code === 255 ? 'ssh connection lost' : sig ? `killed by ${sig}` : `exited with code ${code}`);
      };
      child.on('close', finish);
      child.on('exit', (code, sig) => setTimeout(() => finish(code, sig), DRAIN_MS).unref());
    });
  }
}
