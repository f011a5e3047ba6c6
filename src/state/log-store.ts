// Logs for the viewer: one ring buffer per source (mutable, outside React state) plus a small
// reactive part — a version counter bumped at a bounded rate and each source's status. The UI
// subscribes to `version` and reads the buffers; it never receives one update per line.
import { createStore, type StoreApi } from 'zustand/vanilla';
import { RingBuffer } from '../domain/ring-buffer.js';
import type { LogLine } from '../domain/logs/log-line.js';

export const DEFAULT_BUFFER_LINES = 5000;

export interface LogSourceInfo {
  id: string;
  service: string;
  host?: string;
  status: 'starting' | 'live' | 'reconnecting' | 'ended';
  detail?: string;
  /** The newest problem with the source itself (masked). */
  error?: string;
  errorAt?: number;
}

export interface LogStoreState {
  /** Bumped (at most every flush interval) when lines arrived. */
  version: number;
  sources: Record<string, LogSourceInfo>;
  /** Lines ever received, all sources. */
  received: number;
}

export interface LogStoreActions {
  addSource(id: string, service: string, host?: string): RingBuffer<LogLine>;
  removeSource(id: string): void;
  /** Stores lines without notifying; `flush` publishes them. */
  append(id: string, lines: LogLine[]): void;
  /** Publishes appended lines as one version bump; returns whether anything was new. */
  flush(): boolean;
  setStatus(id: string, status: LogSourceInfo['status'], detail?: string): void;
  setError(id: string, message: string, at?: number): void;
  buffer(id: string): RingBuffer<LogLine> | undefined;
  /** Buffers of the given services (all when omitted), in source order. */
  buffersFor(services?: readonly string[]): RingBuffer<LogLine>[];
}

export type LogStore = StoreApi<LogStoreState & LogStoreActions>;

export function createLogStore(capacity = DEFAULT_BUFFER_LINES): LogStore {
  const buffers = new Map<string, RingBuffer<LogLine>>();
  let pending = 0;
  return createStore<LogStoreState & LogStoreActions>()((set, get) => ({
    version: 0,
    sources: {},
    received: 0,
    addSource(id, service, host) {
      let b = buffers.get(id);
      if (!b) {
        b = new RingBuffer<LogLine>(capacity);
        buffers.set(id, b);
        set((s) => ({ sources: { ...s.sources, [id]: { id, service, ...(host ? { host } : {}), status: 'starting' } } }));
      }
      return b;
    },
    removeSource(id) {
      buffers.delete(id);
      set((s) => {
        const { [id]: _gone, ...rest } = s.sources;
        return { sources: rest, version: s.version + 1 };
      });
    },
    append(id, lines) {
      const b = buffers.get(id);
      if (!b) return;
      for (const l of lines) b.push(l);
      pending += lines.length;
    },
    flush() {
      if (pending === 0) return false;
      const n = pending;
      pending = 0;
      set((s) => ({ version: s.version + 1, received: s.received + n }));
      return true;
    },
    setStatus(id, status, detail) {
      const cur = get().sources[id];
      if (!cur || (cur.status === status && cur.detail === detail)) return;
      set((s) => ({ sources: { ...s.sources, [id]: { ...cur, status, detail } } }));
    },
    setError(id, message, at = Date.now()) {
      const cur = get().sources[id];
      if (!cur) return;
      set((s) => ({ sources: { ...s.sources, [id]: { ...cur, error: message, errorAt: at } } }));
    },
    buffer: (id) => buffers.get(id),
    buffersFor(services) {
      const ids = Object.values(get().sources).filter((s) => !services || services.includes(s.service)).map((s) => s.id);
      return ids.map((id) => buffers.get(id)).filter((b): b is RingBuffer<LogLine> => !!b);
    },
  }));
}
