// The rows the viewer shows: lines of the selected sources merged in time order (each batch of
// new lines by the time in the line, else by arrival; history read on open is one batch, so it
// interleaves rather than coming source by source), narrowed
// by level and filter, with grep -C style context. Updated incrementally from the per-source
// ring buffers (only lines pushed since the last sync are looked at) and bounded: the rows
// live in a ring buffer as large as the sources' buffers together.
import { RingBuffer } from '../ring-buffer.js';
import { atLeast, isWarnOrError, type LogLevel, type LogLine } from './log-line.js';
import type { TextMatcher } from './log-filter.js';

export type ViewRow = { kind: 'line'; line: LogLine; match: boolean } | { kind: 'gap' };

export interface ViewCriteria {
  filter?: TextMatcher;
  minLevel?: LogLevel;
  /** Lines shown before and after each match (only when a filter or level is set). @default 0 */
  context?: number;
}

const byTime = (x: LogLine, y: LogLine) => (x.ts ?? x.at) - (y.ts ?? y.at) || x.seq - y.seq;

export class LogView {
  private rows: RingBuffer<ViewRow>;
  private consumed = new Map<RingBuffer<LogLine>, number>();
  private criteria: ViewCriteria = {};
  // Context state: merged lines not shown yet (at most `context`), lines still owed after a match.
  private lookback: LogLine[] = [];
  private after = 0;
  private mergedIndex = 0;
  private lastShownIndex = -2;

  constructor(private buffers: RingBuffer<LogLine>[]) {
    this.rows = new RingBuffer(this.capacityFor(buffers));
    this.rebuild();
  }

  /** Total rows ever appended (absolute index of the row after the newest). */
  get end(): number {
    return this.rows.totalPushed;
  }

  /** Absolute index of the oldest row still kept. */
  get start(): number {
    return this.rows.totalPushed - this.rows.size;
  }

  get size(): number {
    return this.rows.size;
  }

  /** Row by absolute index (undefined once evicted). */
  row(abs: number): ViewRow | undefined {
    return this.rows.at(abs - this.start);
  }

  /** Rows [from, to) by absolute index, clamped to what is kept. */
  slice(from: number, to: number): ViewRow[] {
    return this.rows.slice(from - this.start, to - this.start);
  }

  setSources(buffers: RingBuffer<LogLine>[]): void {
    this.buffers = buffers;
    this.rows = new RingBuffer(this.capacityFor(buffers));
    this.rebuild();
  }

  setCriteria(criteria: ViewCriteria): void {
    this.criteria = criteria;
    this.rows.clear();
    this.rows = new RingBuffer(this.rows.capacity);
    this.rebuild();
  }

  get active(): boolean {
    return !!(this.criteria.filter || this.criteria.minLevel);
  }

  /** Takes in the lines pushed since the last sync; returns how many rows were added. */
  sync(): number {
    const before = this.rows.totalPushed;
    const fresh: LogLine[] = [];
    for (const b of this.buffers) {
      const seen = this.consumed.get(b) ?? 0;
      const n = Math.min(b.totalPushed - seen, b.size);
      if (n > 0) for (let i = b.size - n; i < b.size; i++) fresh.push(b.at(i)!);
      this.consumed.set(b, b.totalPushed);
    }
    if (this.buffers.length > 1) fresh.sort(byTime);
    for (const line of fresh) this.take(line);
    return this.rows.totalPushed - before;
  }

  /** Next (dir 1) or previous (dir -1) row after `from` whose line satisfies `pred`. */
  find(from: number, dir: 1 | -1, pred: (line: LogLine) => boolean): number | undefined {
    for (let i = from + dir; i >= this.start && i < this.end; i += dir) {
      const r = this.row(i);
      if (r?.kind === 'line' && pred(r.line)) return i;
    }
    return undefined;
  }

  findWarnOrError(from: number, dir: 1 | -1): number | undefined {
    return this.find(from, dir, isWarnOrError);
  }

  /** The shown lines, oldest first (for saving the filtered buffer). */
  lines(): LogLine[] {
    const out: LogLine[] = [];
    for (const r of this.rows.toArray()) if (r.kind === 'line') out.push(r.line);
    return out;
  }

  private capacityFor(buffers: RingBuffer<LogLine>[]): number {
    // Rows plus the gap separators context mode can add between them.
    return Math.max(1, buffers.reduce((n, b) => n + b.capacity, 0) * 2);
  }

  private rebuild(): void {
    this.consumed = new Map(this.buffers.map((b) => [b, b.totalPushed - b.size]));
    this.lookback = [];
    this.after = 0;
    this.mergedIndex = 0;
    this.lastShownIndex = -2;
    this.sync();
  }

  private take(line: LogLine): void {
    const { filter, minLevel } = this.criteria;
    const context = this.active ? (this.criteria.context ?? 0) : 0;
    const index = this.mergedIndex++;
    const match = atLeast(line.level, minLevel) && (!filter || filter.test(line.text));
    if (match) {
      const firstIndex = index - this.lookback.length;
      if (this.active && context > 0 && this.lastShownIndex >= 0 && firstIndex > this.lastShownIndex + 1) this.rows.push({ kind: 'gap' });
      for (const l of this.lookback) this.rows.push({ kind: 'line', line: l, match: false });
      this.lookback = [];
      this.rows.push({ kind: 'line', line, match: true });
      this.lastShownIndex = index;
      this.after = context;
    } else if (this.after > 0) {
      this.after--;
      this.rows.push({ kind: 'line', line, match: false });
      this.lastShownIndex = index;
    } else if (context > 0) {
      this.lookback.push(line);
      if (this.lookback.length > context) this.lookback.shift();
    }
  }
}
