// Small pure formatters shared by every screen: widths, latencies, ages.
import { terminalSafe } from '../../domain/text/terminal-text.js';

/**
 * Cuts `text` to `width` columns with an ellipsis, or pads it with spaces. A cell is one line of
 * text from services, files and configs: its control characters are shown (^[), never obeyed.
 */
export function fit(raw: string, width: number, ellipsis = '…'): string {
  if (width <= 0) return '';
  const text = terminalSafe(raw);
  const chars = [...text];
  if (chars.length <= width) return text + ' '.repeat(width - chars.length);
  if (width <= ellipsis.length) return chars.slice(0, width).join('');
  return chars.slice(0, width - [...ellipsis].length).join('') + ellipsis;
}

/** Right-aligned variant of `fit`. */
export function fitRight(text: string, width: number): string {
  const len = [...text].length;
  return len >= width ? fit(text, width) : ' '.repeat(width - len) + text;
}

export function formatLatency(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '-';
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 10_000) return `${(ms / 1000).toFixed(1)}s`;
  return `${Math.round(ms / 1000)}s`;
}

/** "3s", "2m", "1h", "3d": how long ago, coarse on purpose (it changes less often). */
export function formatAge(thenMs: number | undefined, nowMs: number): string {
  if (thenMs === undefined) return '-';
  const s = Math.max(0, Math.floor((nowMs - thenMs) / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h`;
  return `${Math.floor(s / 86_400)}d`;
}

/**
 * A check's age for a table that must not redraw every second: "<10s" while checks keep
 * coming, then 10 s steps ("10s".."50s"), then as formatAge. A service checked every few
 * seconds shows the same text from one check to the next.
 */
export function formatCheckAge(thenMs: number | undefined, nowMs: number): string {
  if (thenMs === undefined) return '-';
  const s = Math.max(0, Math.floor((nowMs - thenMs) / 1000));
  if (s < 10) return '<10s';
  if (s < 60) return `${Math.floor(s / 10) * 10}s`;
  return formatAge(thenMs, nowMs);
}

/**
 * A latency at a resolution that ignores jitter: "<10ms", then 10 ms steps below 100 ms, 50 ms
 * steps below 1 s, then as formatLatency. Fed a bucket's median (latency-buckets.ts), a steady
 * service keeps its text.
 */
export function formatLatencyCoarse(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '-';
  if (ms < 10) return '<10ms';
  if (ms < 100) return `${Math.round(ms / 10) * 10}ms`;
  if (ms < 1000) return `${Math.min(950, Math.round(ms / 50) * 50)}ms`;
  return formatLatency(ms);
}

/** Shell-like rendering of an argv for display only (never executed). */
export function displayCommand(argv: readonly string[]): string {
  return argv.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}

/** How many rows `text` takes wrapped at word boundaries in `width` columns (as Ink's wrap="wrap" lays it out). */
export function wrappedRows(text: string, width: number): number {
  if (width <= 0) return 1;
  let rows = 1;
  let col = 0;
  for (const word of text.split(' ')) {
    let len = [...word].length;
    const need = col === 0 ? len : col + 1 + len;
    if (need <= width) {
      col = need;
      continue;
    }
    if (col > 0) rows++;
    // A word longer than the line is cut hard.
    while (len > width) {
      rows++;
      len -= width;
    }
    col = len;
  }
  return rows;
}
