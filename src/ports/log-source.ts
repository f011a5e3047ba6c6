// A stream of raw log text from somewhere (process output, a file, a command, a container).
// Sources deliver chunks as they come; splitting, levels and masking happen downstream.

export interface RawLogChunk {
  text: string;
  stream?: 'stdout' | 'stderr';
  /** Source-provided timestamp (e.g. Docker's), ms since epoch. */
  at?: number;
  /** Which instance wrote it when one source merges several (a compose replica's container name). */
  instance?: string;
}

export interface LogSourceEvents {
  chunk(chunk: RawLogChunk): void;
  /** A problem with the source itself (not a log line): shown as the source's error. */
  error(message: string): void;
  /** The source is (re)connected / ended for good. */
  status?(status: 'live' | 'reconnecting' | 'ended', detail?: string): void;
}

export interface LogSource {
  /** Stable id, e.g. "api:file:/var/log/shop/api.log". */
  readonly id: string;
  readonly service: string;
  /** The host a remote source reads on (its lines are prefixed service@host). */
  readonly host?: string;
  /** Starts streaming; stops and releases everything when `signal` aborts. */
  start(events: LogSourceEvents, signal: AbortSignal): void;
}
