// A long-running command whose stdout is the log (journalctl -f, kubectl logs -f). Run without
// a shell in its own process group; restarted with backoff when it exits; its stderr is the
// source's error, never mixed into the log; the whole group is killed on abort.
import { spawn } from 'node:child_process';
import type { LogSource, LogSourceEvents } from '../../ports/log-source.js';
import { LineSplitter } from '../../domain/logs/line-splitter.js';
import { Backoff, sleep } from './abortable-wait.js';

export interface CommandLogSourceOptions {
  service: string;
  command: string[];
  name?: string;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Restart when it exits; false runs it once. @default true */
  follow?: boolean;
  /** First restart delay; doubles up to maxBackoffMs. @default 1000 */
  backoffMs?: number;
  /** @default 30000 */
  maxBackoffMs?: number;
  /** SIGTERM → SIGKILL grace on abort. @default 2000 */
  killGraceMs?: number;
}

export class CommandLogSource implements LogSource {
  readonly id: string;
  readonly service: string;

  constructor(private readonly opts: CommandLogSourceOptions) {
    if (opts.command.length === 0) throw new RangeError('command log source: empty command');
    this.service = opts.service;
    this.id = `${opts.service}:${opts.name ?? opts.command[0]}:command`;
  }

  start(events: LogSourceEvents, signal: AbortSignal): void {
    void this.loop(events, signal).catch((e: unknown) => events.error((e as Error).message));
  }

  private async loop(events: LogSourceEvents, signal: AbortSignal): Promise<void> {
    const backoff = new Backoff(this.opts.backoffMs ?? 1000, this.opts.maxBackoffMs ?? 30_000);
    const shown = this.opts.command.join(' ');
    while (!signal.aborted) {
      const started = Date.now();
      const result = await this.runOnce(events, signal);
      if (signal.aborted) return;
      if (this.opts.follow === false) {
        events.status?.('ended', result);
        return;
      }
      const delay = backoff.next(Date.now() - started);
      events.error(`\`${shown}\` ${result}; restarting in ${Math.round(delay / 100) / 10}s`);
      events.status?.('reconnecting', result);
      await sleep(delay, signal);
    }
  }

  /** Runs the command until it exits or the signal aborts; resolves with how it ended. */
  private runOnce(events: LogSourceEvents, signal: AbortSignal): Promise<string> {
    const [file, ...args] = this.opts.command as [string, ...string[]];
    return new Promise((resolve) => {
      const child = spawn(file, args, { cwd: this.opts.cwd, env: this.opts.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
      let settled = false;
      let killTimer: NodeJS.Timeout | undefined;
      const killGroup = (sig: NodeJS.Signals) => {
        try {
          if (child.pid) process.kill(-child.pid, sig);
        } catch {
          // Already gone.
        }
      };
      const onAbort = () => {
        killGroup('SIGTERM');
        killTimer = setTimeout(() => killGroup('SIGKILL'), this.opts.killGraceMs ?? 2000);
        killTimer.unref();
      };
      const errLines = new LineSplitter(2000);
      const finish = (how: string) => {
        if (settled) return;
        settled = true;
        signal.removeEventListener('abort', onAbort);
        // The leader is gone; reap anything it left in its group.
        if (!signal.aborted) killGroup('SIGTERM');
        for (const l of errLines.flush()) if (l) events.error(l);
        resolve(how);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      events.status?.('live');
      child.stdout.setEncoding('utf8');
      child.stdout.on('data', (text: string) => events.chunk({ text, stream: 'stdout' }));
      child.stderr.setEncoding('utf8');
      child.stderr.on('data', (text: string) => {
        for (const l of errLines.push(text)) if (l.trim()) events.error(l);
      });
      child.on('error', (e: NodeJS.ErrnoException) => {
        events.error(`cannot run \`${file}\`: ${e.code === 'ENOENT' ? 'command not found' : e.message}`);
        finish(`failed to start (${e.code ?? e.message})`);
      });
      child.on('close', (code, sig) => finish(sig ? `was killed by ${sig}` : `exited with code ${code}`));
    });
  }
}
