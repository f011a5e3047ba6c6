// Writes log lines to stdout for `opsdeck logs`: batched per tick, stops quietly on EPIPE (the
// reader went away: `| head`), and never lets a slow reader grow memory — beyond a bound,
// lines are dropped and the drop is said in the output.
import { watchPipeReader } from '../../adapters/fs/pipe-reader-watch.js';
import { formatPlain, toJsonRecord } from '../../domain/logs/log-format.js';
import type { LogLine } from '../../domain/logs/log-line.js';
import { jsonLine } from '../json-output.js';

const MAX_QUEUED_BYTES = 8 * 1024 * 1024;

export interface PrinterOptions {
  json: boolean;
  color: boolean;
  prefixWidth: number;
}

export class LinePrinter {
  broken = false;
  onBroken?: () => void;
  private dropped = 0;
  private readonly colors = new Map<string, number>();

  private unwatch?: () => void;

  constructor(private readonly out: NodeJS.WriteStream, private readonly opts: PrinterOptions) {
    out.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code !== 'EPIPE') process.stderr.write(`opsdeck: cannot write output: ${e.message}\n`);
      this.gone();
    });
    this.unwatch = watchPipeReader((out as NodeJS.WriteStream & { fd?: number }).fd ?? 1, () => this.gone());
  }

  private gone(): void {
    if (this.broken) return;
    this.broken = true;
    this.onBroken?.();
  }

  write(lines: LogLine[]): void {
    if (this.broken || lines.length === 0) return;
    if (this.out.writableLength > MAX_QUEUED_BYTES) {
      this.dropped += lines.length;
      return;
    }
    let text = '';
    if (this.dropped > 0) {
      text += this.opts.json ? '' : `[opsdeck: ${this.dropped} lines dropped: output too slow]\n`;
      if (this.opts.json) process.stderr.write(`opsdeck: ${this.dropped} lines dropped: output too slow\n`);
      this.dropped = 0;
    }
    for (const l of lines) text += (this.opts.json ? jsonLine(toJsonRecord(l)) : formatPlain(l, { ...this.opts, colorOf: (s) => this.colorOf(s) })) + '\n';
    this.out.write(text);
  }

  /** Resolves once what was written has been handed to the OS (or the pipe is gone). */
  end(): Promise<void> {
    this.unwatch?.();
    if (this.broken || this.out.writableLength === 0) return Promise.resolve();
    return new Promise((resolve) => {
      this.out.once('drain', resolve);
      this.out.once('error', () => resolve());
    });
  }

  private colorOf(service: string): number {
    let c = this.colors.get(service);
    if (c === undefined) {
      c = this.colors.size;
      this.colors.set(service, c);
    }
    return c;
  }
}

