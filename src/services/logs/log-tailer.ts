// Runs log sources into the log store: chunks → pipeline (split, mask, classify) → the source's
// ring buffer, published to the UI as one version bump per flush interval. Source errors are
// masked too (a failing command may echo its arguments). Stops everything on abort.
import type { LogSource } from '../../ports/log-source.js';
import type { Redactor } from '../../domain/text/redaction.js';
import { LogPipeline, type SeqCounter } from '../../domain/logs/log-pipeline.js';
import type { LogLine } from '../../domain/logs/log-line.js';
import type { LogStore } from '../../state/log-store.js';

export interface LogTailerOptions {
  store: LogStore;
  redactor: Redactor;
  /** How often the UI hears about new lines. @default 80 */
  flushMs?: number;
  /** @default 8192 */
  maxLine?: number;
  /** Sees every line as it is stored (headless output); keep it cheap. */
  onLines?: (lines: LogLine[]) => void;
  /** Called when every source has ended (non-follow mode). */
  onAllEnded?: () => void;
}

export class LogTailer {
  private readonly seq: SeqCounter = { next: 1 };
  private running = 0;

  constructor(private readonly opts: LogTailerOptions) {}

  /** Starts the sources; all of them stop when `signal` aborts. */
  start(sources: LogSource[], signal: AbortSignal): void {
    const { store, redactor } = this.opts;
    const timer = setInterval(() => store.getState().flush(), this.opts.flushMs ?? 80);
    timer.unref?.();
    signal.addEventListener('abort', () => {
      clearInterval(timer);
      store.getState().flush();
    }, { once: true });
    for (const source of sources) {
      this.running++;
      store.getState().addSource(source.id, source.service, source.host);
      const pipeline = new LogPipeline({ source: source.id, service: source.service, host: source.host, redactor, seq: this.seq, maxLine: this.opts.maxLine });
      const put = (lines: LogLine[]) => {
        if (lines.length === 0) return;
        store.getState().append(source.id, lines);
        this.opts.onLines?.(lines);
      };
      let ended = false;
      source.start(
        {
          chunk: (c) => put(pipeline.push(c)),
          error: (message) => store.getState().setError(source.id, redactor.redact(message)),
          status: (status, detail) => {
            store.getState().setStatus(source.id, status, detail === undefined ? undefined : redactor.redact(detail));
            if (status === 'ended' && !ended) {
              ended = true;
              put(pipeline.flush());
              store.getState().flush();
              if (--this.running === 0) this.opts.onAllEnded?.();
            }
          },
        },
        signal,
      );
    }
    if (sources.length === 0) queueMicrotask(() => this.opts.onAllEnded?.());
  }
}
