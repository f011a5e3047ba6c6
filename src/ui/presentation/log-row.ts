// A log row as styled segments for one or more screen lines: optional time, a coloured service
// prefix, the text with highlighted matches, cut or wrapped to the width. Pure: tested without Ink.
import { terminalSafe } from '../../domain/text/terminal-text.js';
import { linePrefix, type LogLine } from '../../domain/logs/log-line.js';
import type { ViewRow } from '../../domain/logs/log-view.js';

export interface Segment {
  text: string;
  color?: string;
  dim?: boolean;
  bold?: boolean;
  inverse?: boolean;
}

export type ScreenLine = Segment[];

export interface RowFormat {
  width: number;
  wrap: boolean;
  timestamps: boolean;
  /** Service prefix width (0 = none, single-service view). */
  prefixWidth: number;
  prefixColor: (service: string) => string;
  highlight?: (text: string) => Array<[number, number]>;
  /** The current search hit or jump target. */
  current?: boolean;
  /** Dim context rows (shown around filter matches, not matching themselves). */
  dimContext?: boolean;
  /** ASCII marks (--ascii): '>' and '|' instead of '▶' and '│'. */
  ascii?: boolean;
}

export const LEVEL_COLORS: Record<string, string | undefined> = { fatal: 'redBright', error: 'red', warn: 'yellow', debug: 'gray', trace: 'gray' };

export function formatTime(ms: number): string {
  const d = new Date(ms);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}`;
}

/** Screen lines for one row (one unless wrapping). Control characters are made visible. */
export function formatRow(row: ViewRow, f: RowFormat): ScreenLine[] {
  if (row.kind === 'gap') return [[{ text: '--', dim: true }]];
  const line: LogLine = row.line;
  const head: Segment[] = [];
  if (f.current) head.push({ text: f.ascii ? '>' : '▶', color: 'cyan', bold: true });
  if (f.timestamps) head.push({ text: `${formatTime(line.ts ?? line.at)} `, dim: true });
  if (f.prefixWidth > 0) {
    const name = linePrefix(line);
    head.push({ text: `${name.slice(0, f.prefixWidth).padEnd(f.prefixWidth)} ${f.ascii ? '|' : '│'} `, color: f.prefixColor(name) });
  }
  const headWidth = head.reduce((n, s) => n + s.text.length, 0);
  const text = sanitize(line.text);
  const color = LEVEL_COLORS[line.level ?? ''];
  const dim = !!f.dimContext && !row.match;
  const body = styled(text, color, f.highlight?.(text) ?? [], dim);
  const room = Math.max(1, f.width - headWidth);
  if (!f.wrap || text.length <= room) return [[...head, ...cut(body, 0, room)]];
  const out: ScreenLine[] = [];
  const indent = { text: ' '.repeat(Math.min(headWidth, f.width - 1)) };
  for (let at = 0; at < text.length; at += room) out.push([at === 0 ? head : [indent], cut(body, at, at + room)].flat());
  return out;
}

/** How many screen lines a row takes. */
export function rowHeight(row: ViewRow, f: RowFormat): number {
  if (!f.wrap || row.kind === 'gap') return 1;
  const headWidth = (f.current ? 1 : 0) + (f.timestamps ? 13 : 0) + (f.prefixWidth > 0 ? f.prefixWidth + 3 : 0);
  const room = Math.max(1, f.width - headWidth);
  return Math.max(1, Math.ceil(row.line.text.length / room));
}

function styled(text: string, color: string | undefined, ranges: Array<[number, number]>, dim: boolean): Segment[] {
  if (ranges.length === 0) return [{ text, color, dim }];
  const out: Segment[] = [];
  let pos = 0;
  for (const [a, b] of ranges) {
    if (a > pos) out.push({ text: text.slice(pos, a), color, dim });
    out.push({ text: text.slice(a, b), inverse: true, bold: true });
    pos = b;
  }
  if (pos < text.length) out.push({ text: text.slice(pos), color, dim });
  return out;
}

/** Segments covering text columns [from, to). */
function cut(segs: Segment[], from: number, to: number): Segment[] {
  const out: Segment[] = [];
  let pos = 0;
  for (const s of segs) {
    const end = pos + s.text.length;
    if (end > from && pos < to) out.push({ ...s, text: s.text.slice(Math.max(0, from - pos), Math.min(s.text.length, to - pos)) });
    pos = end;
    if (pos >= to) break;
  }
  return out;
}

// A log line must not be able to move the cursor or recolour the console: the one sanitizer
// shows its control characters (C1 included) and expands its tabs.
export function sanitize(text: string): string {
  return terminalSafe(text);
}
