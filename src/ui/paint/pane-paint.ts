// What to write so that a rectangle of the terminal shows `next`, given what it shows now.
// Pure: the terminal surface calls it; tests replay its output in a terminal emulator.
//
// A following log pane mostly gains lines at the bottom. When the rows on screen are the wanted
// rows shifted up by k, the pane scrolls itself (a scroll region, DECSTBM) and only the k new
// lines are written: each log line crosses the wire once, as with `tail -f`. Anything else is a
// row-by-row diff. The cursor and attributes are saved and restored around every write, so the
// renderer that owns the rest of the screen (Ink) finds its cursor where it left it.
import type { TerminalLine } from './terminal-line.js';

export interface PaneRect {
  /** 0-based screen row and column of the pane's top-left cell. */
  top: number;
  left: number;
  width: number;
  height: number;
  /** The terminal's size: whether the pane spans whole rows (needed to scroll), and the
   *  full-screen scroll region to restore. */
  screenColumns: number;
  screenRows: number;
}

export interface PaneLine extends TerminalLine {
  /** Identity of the content (a log row and its wrapped part), to recognise it after a scroll. */
  key: string;
}

/** What the pane's rows show; undefined = unknown (after something else wrote over them). */
export type PaneScreen = (PaneLine | null)[];

const SAVE = '\x1b7';
const RESTORE = '\x1b8';
const ERASE_RIGHT = '\x1b[K';
const at = (row: number, col: number) => `\x1b[${row + 1};${col + 1}H`;

export interface PanePaint {
  bytes: string;
  screen: PaneScreen;
}

export function paintPane(rect: PaneRect, shown: PaneScreen | undefined, next: readonly PaneLine[]): PanePaint {
  const h = rect.height;
  const want = rowsOf(next, h);
  if (!shown || shown.length !== h) return { bytes: wrap(repaintAll(rect, want)), screen: want };

  let screen = shown.slice();
  let out = '';
  const wholeRows = rect.left === 0 && rect.width >= rect.screenColumns;
  const k = wholeRows && h > 1 ? shiftBetween(screen, want) : 0;
  if (k > 0) {
    // Scroll the region up k rows, writing each new bottom row as it appears.
    out += `\x1b[${rect.top + 1};${rect.top + h}r` + at(rect.top + h - 1, 0);
    for (let i = 0; i < k; i++) out += '\r\n' + (want[h - k + i]?.text ?? '');
    // The whole screen again, spelled out: some emulators (pyte, which ttybench uses) read a
    // bare CSI r as "top 1, bottom unchanged" and would keep clamping the cursor.
    out += `\x1b[1;${rect.screenRows}r`;
    screen = [...screen.slice(k), ...want.slice(h - k)];
  }
  for (let r = 0; r < h; r++) {
    if (same(screen[r], want[r])) continue;
    out += at(rect.top + r, rect.left) + rowText(rect, want[r], !!screen[r]);
  }
  return { bytes: out ? wrap(out) : '', screen: want };
}

/**
 * The pane's h rows, blank past `next`. A loop rather than Array.from with an arrow: an arrow made
 * per paint has its optimised code thrown away at each full GC and compiled again (a soak showed
 * it among the functions V8 re-optimised most, npm run bench -- soak with --log-code).
 */
function rowsOf(next: readonly PaneLine[], h: number): PaneScreen {
  const rows: (PaneLine | null)[] = new Array(h);
  for (let r = 0; r < h; r++) rows[r] = next[r] ?? null;
  return rows;
}

/** Blanks the pane's rows (a pane that is gone, hidden or moved leaves nothing behind). */
export function clearPane(rect: PaneRect): string {
  let out = '';
  for (let r = 0; r < rect.height; r++) out += at(rect.top + r, rect.left) + rowText(rect, null, true);
  return wrap(out);
}

export function samePlace(a: PaneRect, b: PaneRect): boolean {
  return a.top === b.top && a.left === b.left && a.width === b.width && a.height === b.height && a.screenColumns === b.screenColumns && a.screenRows === b.screenRows;
}

function repaintAll(rect: PaneRect, want: PaneScreen): string {
  let out = '';
  for (let r = 0; r < rect.height; r++) out += at(rect.top + r, rect.left) + rowText(rect, want[r], true);
  return out;
}

/** The row's text, clearing what remains of the old one to the pane's right edge. */
function rowText(rect: PaneRect, line: PaneLine | null | undefined, clear: boolean): string {
  const text = line?.text ?? '';
  const width = line?.width ?? 0;
  if (!clear || width >= rect.width) return text;
  // Erase-to-end-of-line only when the pane reaches the right edge; otherwise pad.
  return rect.left + rect.width >= rect.screenColumns ? text + ERASE_RIGHT : text + ' '.repeat(rect.width - width);
}

/**
 * k > 0 when the wanted rows are the shown ones moved up by k (the rows both show agree) and
 * scrolling saves writing at least one row; 0 otherwise.
 */
function shiftBetween(screen: PaneScreen, want: PaneScreen): number {
  const first = want[0];
  if (!first) return 0;
  const k = screen.findIndex((l) => l !== null && l.key === first.key);
  if (k <= 0) return 0;
  let kept = 0;
  for (let i = 0; i + k < screen.length; i++) {
    const s = screen[i + k];
    if (s === null) continue;
    if (!same(s, want[i])) return 0;
    kept++;
  }
  return kept > 0 ? k : 0;
}

function same(a: PaneLine | null | undefined, b: PaneLine | null | undefined): boolean {
  if (!a || !b) return !a && !b;
  return a.key === b.key && a.text === b.text;
}

function wrap(bytes: string): string {
  return SAVE + bytes + RESTORE;
}
