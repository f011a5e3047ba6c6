// The viewer's state and behaviour without React: scroll/follow, filter, level, search,
// context, toggles, and which rows make the visible window. The component owns one instance
// and re-renders when it says something changed; tests drive it directly.
import { LogView } from '../../../domain/logs/log-view.js';
import { parsePattern, type TextMatcher } from '../../../domain/logs/log-filter.js';
import type { LogLevel } from '../../../domain/logs/log-line.js';
import type { RingBuffer } from '../../../domain/ring-buffer.js';
import type { LogLine } from '../../../domain/logs/log-line.js';
import { rowHeight, type RowFormat } from '../../presentation/log-row.js';
import type { LogsCommand } from './logs-keys.js';
import { isErase } from '../../keys/key-name.js';

export const LEVEL_CYCLE: (LogLevel | undefined)[] = [undefined, 'warn', 'error'];
export const CONTEXT_CYCLE = [0, 2, 5];

export type InputMode = { kind: 'normal' } | { kind: 'filter' | 'search'; text: string };

export class LogsController {
  readonly view: LogView;
  following = true;
  /** When paused: absolute index just past the last visible row. */
  bottom = 0;
  /** Rows added since follow was paused. */
  newSincePause = 0;
  filterText = '';
  filter?: TextMatcher;
  /** Why filterText does not compile (a /regex/): the pane says so instead of "no line matches". */
  filterError?: string;
  level: LogLevel | undefined;
  context = 0;
  searchText = '';
  search?: TextMatcher;
  /** Row the last n/N/e/E landed on. */
  cursor?: number;
  wrap = false;
  timestamps = false;
  mode: InputMode = { kind: 'normal' };
  message?: { text: string; error?: boolean };

  constructor(buffers: RingBuffer<LogLine>[]) {
    this.view = new LogView(buffers);
    this.bottom = this.view.end;
  }

  setBuffers(buffers: RingBuffer<LogLine>[]): void {
    this.view.setSources(buffers);
    this.resetScroll();
  }

  /** Takes in new lines; returns true when the visible output may have changed. */
  sync(): boolean {
    const added = this.view.sync();
    if (added === 0) return false;
    if (this.following) this.bottom = this.view.end;
    else {
      this.newSincePause += added;
      if (this.bottom < this.view.start) this.bottom = Math.min(this.view.end, this.view.start + 1);
    }
    return true;
  }

  /** The rows that fit in `height` screen lines, oldest first, ending at the bottom row. */
  visible(height: number, fmt: Omit<RowFormat, 'current'>): number[] {
    const end = this.following ? this.view.end : Math.max(this.view.start, Math.min(this.bottom, this.view.end));
    const out: number[] = [];
    let used = 0;
    for (let i = end - 1; i >= this.view.start && used < height; i--) {
      const r = this.view.row(i)!;
      used += fmt.wrap ? rowHeight(r, fmt as RowFormat) : 1;
      out.push(i);
    }
    return out.reverse();
  }

  run(cmd: LogsCommand, page: number): void {
    this.message = undefined;
    switch (cmd) {
      case 'up': return this.scrollTo(this.currentBottom() - 1);
      case 'down': return this.scrollTo(this.currentBottom() + 1);
      case 'pageUp': return this.scrollTo(this.currentBottom() - Math.max(1, page - 1));
      case 'pageDown': return this.scrollTo(this.currentBottom() + Math.max(1, page - 1));
      case 'top': return this.scrollTo(this.view.start + page);
      case 'follow': return this.resume();
      case 'filter': this.mode = { kind: 'filter', text: this.filterText }; return;
      case 'search': this.mode = { kind: 'search', text: this.searchText }; return;
      case 'level': {
        this.level = LEVEL_CYCLE[(LEVEL_CYCLE.indexOf(this.level) + 1) % LEVEL_CYCLE.length];
        return this.applyCriteria();
      }
      case 'context': {
        this.context = CONTEXT_CYCLE[(CONTEXT_CYCLE.indexOf(this.context) + 1) % CONTEXT_CYCLE.length]!;
        return this.applyCriteria();
      }
      case 'nextMatch':
      case 'prevMatch': {
        if (!this.search) {
          this.message = { text: 'no search: press f to find' };
          return;
        }
        const m = this.search;
        return this.jump(this.view.find(this.from(cmd === 'nextMatch' ? 1 : -1), cmd === 'nextMatch' ? 1 : -1, (l) => m.test(l.text)), `"${this.searchText}"`);
      }
      case 'nextProblem':
      case 'prevProblem': {
        const dir = cmd === 'nextProblem' ? 1 : -1;
        return this.jump(this.view.findWarnOrError(this.from(dir), dir), 'warning or error');
      }
      case 'wrap': this.wrap = !this.wrap; return;
      case 'timestamps': this.timestamps = !this.timestamps; return;
      case 'clear': {
        this.filterText = '';
        this.filter = undefined;
        this.filterError = undefined;
        this.level = undefined;
        this.searchText = '';
        this.search = undefined;
        this.cursor = undefined;
        return this.applyCriteria();
      }
      case 'save': return; // handled by the component (it needs the export service)
    }
  }

  /** Typing into the filter or search line: `name` is the router's key name (keys/key-name.ts). */
  type(input: string, name: string): void {
    if (this.mode.kind === 'normal') return;
    const m = this.mode;
    if (name === 'escape') {
      this.mode = { kind: 'normal' };
      return;
    }
    if (name === 'enter') {
      this.mode = { kind: 'normal' };
      if (m.kind === 'filter') this.setFilter(m.text);
      else this.setSearch(m.text);
      return;
    }
    if (isErase(name)) m.text = m.text.slice(0, -1);
    else if (name === 'ctrl+u') m.text = '';
    // eslint-disable-next-line no-control-regex -- typed text: control keys are not characters
    else if (!name.startsWith('ctrl+') && input && !/[\x00-\x1f]/.test(input)) m.text += input;
    // The filter narrows as it is typed (when it parses); search highlights as it is typed.
    if (m.kind === 'filter') this.setFilter(m.text, true);
    else this.setSearch(m.text, true);
  }

  setFilter(text: string, live = false): void {
    const p = parsePattern(text);
    this.filterText = text;
    this.filterError = p.ok ? undefined : p.error;
    if (!p.ok && !live) this.message = { text: p.error, error: true };
    // A filter that does not compile keeps no line (nothing to save), never a stale earlier one.
    this.filter = p.ok ? p.matcher : { source: text, test: () => false, ranges: () => [] };
    this.applyCriteria();
  }

  setSearch(text: string, live = false): void {
    const p = parsePattern(text);
    if (!p.ok) {
      if (!live) this.message = { text: p.error, error: true };
      return;
    }
    this.searchText = text;
    this.search = p.matcher;
    if (!live && this.search) this.run('prevMatch', 0); // newest match first, like less's ?
  }

  private applyCriteria(): void {
    this.view.setCriteria({ filter: this.filter, minLevel: this.level, context: this.context });
    this.cursor = undefined;
    this.resetScroll();
  }

  private resetScroll(): void {
    this.following = true;
    this.newSincePause = 0;
    this.bottom = this.view.end;
  }

  private currentBottom(): number {
    return this.following ? this.view.end : this.bottom;
  }

  private from(dir: 1 | -1): number {
    if (this.cursor !== undefined && this.view.row(this.cursor)) return this.cursor;
    return dir === 1 ? this.view.start - 1 : this.view.end;
  }

  private jump(target: number | undefined, what: string): void {
    if (target === undefined) {
      this.message = { text: `no more: ${what}` };
      return;
    }
    this.cursor = target;
    this.scrollTo(target + 1, true);
  }

  private scrollTo(bottom: number, keepPaused = false): void {
    const b = Math.max(Math.min(this.view.start + 1, this.view.end), Math.min(bottom, this.view.end));
    if (b >= this.view.end && !keepPaused) return this.resume();
    if (this.following) this.newSincePause = 0;
    this.following = false;
    this.bottom = b;
  }

  private resume(): void {
    this.following = true;
    this.newSincePause = 0;
    this.bottom = this.view.end;
  }
}
