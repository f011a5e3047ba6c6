// Plain text tables for headless output: padded columns, optional per-cell styling, optional
// width limit (the last column is cut so a row never wraps on a terminal).
import { terminalSafe } from '../domain/text/terminal-text.js';

export interface TableOptions {
  /** Styles a cell after padding (colour codes do not count toward widths). */
  style?: (text: string, row: number, col: number) => string;
  /** Max line width; longer lines are cut with "…". */
  width?: number;
  gap?: number;
}

export function renderTable(headers: readonly string[], rows: readonly (readonly string[])[], options: TableOptions = {}): string[] {
  const gap = ' '.repeat(options.gap ?? 2);
  // Cells hold names, states and errors from services and configs: one line each, shown, not obeyed.
  const all = [headers, ...rows].map((r) => r.map((cell) => terminalSafe(cell)));
  const widths = headers.map((_, c) => Math.max(...all.map((r) => (r[c] ?? '').length)));
  return all.map((row, r) => {
    const cells = row.map((cell, c) => (c === row.length - 1 ? cell : cell.padEnd(widths[c]!)));
    let plain = cells.join(gap).trimEnd();
    if (options.width !== undefined && plain.length > options.width) plain = plain.slice(0, Math.max(0, options.width - 1)) + '…';
    if (!options.style) return plain;
    // Re-split the (possibly cut) plain line at the same column offsets to style each cell.
    const out: string[] = [];
    let pos = 0;
    for (let c = 0; c < cells.length && pos < plain.length; c++) {
      const len = c === cells.length - 1 ? plain.length - pos : widths[c]! + gap.length;
      const piece = plain.slice(pos, pos + len);
      const text = piece.trimEnd();
      out.push(options.style(text, r, c) + piece.slice(text.length));
      pos += len;
    }
    return out.join('');
  });
}
