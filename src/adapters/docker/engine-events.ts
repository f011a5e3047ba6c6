// A live subscription to the engine's container events that survives the engine going away:
// it reconnects with backoff, resumes from the last event seen, and tells the caller each time.
import type { DockerEngine } from './docker-engine.js';
import { onJsonLines } from './json-lines.js';
import { errorMessage } from '../../domain/errors.js';

export interface EngineEvent {
  /** start, die, stop, kill, health_status: healthy, create, destroy, ... */
  action: string;
  id: string;
  name?: string;
  attributes: Record<string, string>;
  at: number;
}

export type EngineEventsStatus =
  | { state: 'connected' }
  | { state: 'disconnected'; reason: string; retryInMs: number }
  | { state: 'reconnected'; afterMs: number };

export interface EngineEventsHandlers {
  event(e: EngineEvent): void;
  status?(s: EngineEventsStatus): void;
}

export interface EngineEventsOptions {
  /** First reconnect delay, doubled up to maxBackoffMs. */
  backoffMs?: number;
  maxBackoffMs?: number;
}

interface RawEvent {
  Type?: string;
  Action?: string;
  status?: string;
  id?: string;
  Actor?: { ID?: string; Attributes?: Record<string, string> };
  time?: number;
  timeNano?: number;
}

/** Streams container events until `signal` aborts. */
export function watchEngineEvents(engine: DockerEngine, handlers: EngineEventsHandlers, signal: AbortSignal, options: EngineEventsOptions = {}): void {
  const base = options.backoffMs ?? 250;
  const max = options.maxBackoffMs ?? 5_000;
  let delay = base;
  let lastNano = 0;
  let lostAt: number | undefined;
  let everConnected = false;
  let timer: NodeJS.Timeout | undefined;
  let stream: NodeJS.ReadableStream | undefined;

  const stop = (): void => {
    clearTimeout(timer);
    (stream as unknown as { destroy?: () => void } | undefined)?.destroy?.();
  };
  signal.addEventListener('abort', stop, { once: true });

  /** Drops the current stream (if any) and schedules the next attempt. */
  const lost = (reason: string): void => {
    if (signal.aborted) return;
    (stream as unknown as { destroy?: () => void } | undefined)?.destroy?.();
    stream = undefined;
    lostAt ??= Date.now();
    handlers.status?.({ state: 'disconnected', reason, retryInMs: delay });
    timer = setTimeout(connect, delay);
    delay = Math.min(delay * 2, max);
  };

  const onLine = (line: string): void => {
    let raw: RawEvent;
    try {
      raw = JSON.parse(line) as RawEvent;
    } catch {
      return;
    }
    const nano = raw.timeNano ?? (raw.time ?? 0) * 1e9;
    if (nano && nano <= lastNano) return; // replayed by `since` after a reconnect
    if (nano) lastNano = nano;
    const attributes = raw.Actor?.Attributes ?? {};
    handlers.event({ action: raw.Action ?? raw.status ?? '', id: raw.Actor?.ID ?? raw.id ?? '', name: attributes.name, attributes, at: Math.floor(nano / 1e6) || Date.now() });
  };

  const connect = async (): Promise<void> => {
    if (signal.aborted) return;
    const since = lastNano ? Math.floor(lastNano / 1e9) : undefined;
    let announced = false;
    const announce = (): void => {
      if (announced || signal.aborted) return;
      announced = true;
      delay = base;
      if (!everConnected) handlers.status?.({ state: 'connected' });
      else handlers.status?.({ state: 'reconnected', afterMs: Date.now() - (lostAt ?? Date.now()) });
      everConnected = true;
      lostAt = undefined;
    };
    // Older engines (20.10) send the events response headers only with the first event, so a
    // quiet engine would look unreachable: a ping tells us sooner that it answers.
    void engine.ping().then(announce, () => undefined);
    let s: NodeJS.ReadableStream;
    try {
      s = await engine.call('events', (d) => d.getEvents({ since, filters: { type: ['container'] } }), engine.streams);
    } catch (err) {
      announced = true; // this attempt failed: no late "connected" from the ping
      lost(errorMessage(err));
      return;
    }
    if (signal.aborted) {
      (s as unknown as { destroy(): void }).destroy();
      return;
    }
    stream = s;
    announce();
    onJsonLines(s, onLine);
    s.on('error', (err: Error) => s === stream && lost(err.message));
    s.on('end', () => s === stream && lost('event stream ended'));
    s.on('close', () => s === stream && lost('event stream closed'));
  };

  void connect();
}
