// A drop-in for Ink's internal frame buffer (ink/build/output.js), swapped in when the console
// is bundled (scripts/bundle-options.mjs). Same interface, same output; built for frames that
// are mostly empty. Ink's own buffer builds every cell of the frame and then turns every cell
// back into text, each frame: 120x40 = 4,800 cells, ~5 ms per keypress on these machines, most
// of it for the log pane's blank rows (the pane paints itself, beside Ink). Here a row gets
// cells only when something is written on it, blank rows become '', and lines already
// tokenized in an earlier frame are reused; so are whole rows whose writes are those of a row
// drawn before (a key on a 1,000-service list changes two rows of forty), and clipped lines.
import { ansiCodesToString, diffAnsiCodes, styledCharsFromTokens, type StyledChar } from '@alcalzone/ansi-tokenize';
import sliceAnsi from 'slice-ansi';
import stringWidth from 'string-width';
import { lineTokens } from './line-tokens.js';
import { BoundedCache } from './bounded-cache.js';

type Transformer = (line: string, index: number) => string;

interface Clip {
  x1?: number;
  x2?: number;
  y1?: number;
  y2?: number;
}

type Operation = { type: 'write'; x: number; y: number; text: string; transformers: Transformer[] } | { type: 'clip'; clip: Clip } | { type: 'unclip' };

const BLANK: StyledChar = Object.freeze({ type: 'char', value: ' ', fullWidth: false, styles: [] }) as StyledChar;

const styledChars = new BoundedCache<StyledChar[]>(2000);
const widths = new BoundedCache<number>(4000);
/** A row's text by its writes (frame width, then each write's column and line, in order). */
const rowTexts = new BoundedCache<string>(2000);
/** Clipped lines by line and cut: slice-ansi segments every line it cuts into graphemes. */
const slices = new BoundedCache<string>(4000);
const widthOf = (text: string) => widths.get(text, stringWidth);
const widestLine = (text: string) => text.split('\n').reduce((w, line) => Math.max(w, widthOf(line)), 0);

const sameStyles = (a: StyledChar['styles'], b: StyledChar['styles']) => a === b || (a.length === b.length && a.every((code, i) => code.code === b[i]!.code));

/**
 * What ansi-tokenize's styledCharsToString gives for these cells, without diffing the styles of
 * neighbours that have the same ones (most of a row: the diff builds three sets per cell).
 */
function cellsToString(cells: readonly StyledChar[]): string {
  let text = '';
  for (let i = 0; i < cells.length; i++) {
    const cell = cells[i]!;
    if (i === 0) text += ansiCodesToString(cell.styles);
    else if (!sameStyles(cells[i - 1]!.styles, cell.styles)) text += ansiCodesToString(diffAnsiCodes(cells[i - 1]!.styles, cell.styles));
    text += cell.value;
  }
  const last = cells.at(-1);
  return last && last.styles.length ? text + ansiCodesToString(diffAnsiCodes(last.styles, [])) : text;
}

/** A change every written text goes through (--ascii: asciiSameWidth), or none. */
let textFilter: ((text: string) => string) | undefined;

/** Set once by the console at start (process-wide, as the terminal it draws on is). */
export function filterFrameText(filter: ((text: string) => string) | undefined): void {
  textFilter = filter;
}

export default class SparseOutput {
  readonly width: number;
  readonly height: number;
  private readonly operations: Operation[] = [];

  constructor(options: { width: number; height: number }) {
    this.width = options.width;
    this.height = options.height;
  }

  write(x: number, y: number, text: string, options: { transformers: Transformer[] }): void {
    if (!text) return;
    this.operations.push({ type: 'write', x, y, text: textFilter ? textFilter(text) : text, transformers: options.transformers });
  }

  clip(clip: Clip): void {
    this.operations.push({ type: 'clip', clip });
  }

  unclip(): void {
    this.operations.push({ type: 'unclip' });
  }

  get(): { output: string; height: number } {
    // Per row, its writes in order: a row's text follows from them (and the width) alone.
    const rows: { column: number; line: string }[][] = [];
    const clips: Clip[] = [];
    for (const op of this.operations) {
      if (op.type === 'clip') clips.push(op.clip);
      else if (op.type === 'unclip') clips.pop();
      else this.place(op, clips.at(-1), rows);
    }
    const lines: string[] = [];
    for (let i = 0; i < this.height; i++) {
      const writes = rows[i];
      if (!writes) {
        lines.push('');
        continue;
      }
      let key = String(this.width);
      for (const w of writes) key += `\u0001${w.column}\u0002${w.line}`;
      lines.push(rowTexts.get(key, () => this.rowText(writes)));
    }
    return { output: lines.join('\n'), height: this.height };
  }

  private rowText(writes: readonly { column: number; line: string }[]): string {
    const cells: (StyledChar | undefined)[] = new Array<StyledChar>(this.width).fill(BLANK);
    for (const { column: start, line } of writes) {
      let column = start;
      for (const char of styledChars.get(line, (l) => styledCharsFromTokens(lineTokens(l)))) {
        cells[column] = char;
        const width = Math.max(1, widthOf(char.value));
        for (let k = 1; k < width; k++) cells[column + k] = { type: 'char', value: '', fullWidth: false, styles: char.styles };
        column += width;
      }
    }
    return cellsToString(cells.filter((c): c is StyledChar => c !== undefined)).trimEnd();
  }

  private place(op: Extract<Operation, { type: 'write' }>, clip: Clip | undefined, rows: { column: number; line: string }[][]): void {
    let { x, y } = op;
    let lines = op.text.split('\n');
    if (clip) {
      const horizontal = typeof clip.x1 === 'number' && typeof clip.x2 === 'number';
      const vertical = typeof clip.y1 === 'number' && typeof clip.y2 === 'number';
      if (horizontal && (x + widestLine(op.text) < clip.x1! || x > clip.x2!)) return;
      if (vertical && (y + lines.length < clip.y1! || y > clip.y2!)) return;
      if (horizontal) {
        const { x1, x2 } = clip as Required<Clip>;
        lines = lines.map((line) => {
          const width = widthOf(line);
          const from = x < x1 ? x1 - x : 0;
          const to = x + width > x2 ? x2 - x : width;
          return slices.get(`${from}\u0001${to}\u0001${line}`, () => sliceAnsi(line, from, to));
        });
        if (x < x1) x = x1;
      }
      if (vertical) {
        const { y1, y2 } = clip as Required<Clip>;
        const count = lines.length;
        lines = lines.slice(y < y1 ? y1 - y : 0, y + count > y2 ? y2 - y : count);
        if (y < y1) y = y1;
      }
    }
    // Like Ink's buffer: a line that falls outside the frame keeps the next line on the same
    // row index, so once one is out, the rest are too.
    let row = y;
    lines.forEach((text, index) => {
      if (!Number.isInteger(row) || row < 0 || row >= this.height) return;
      let line = text;
      for (const transform of op.transformers) line = transform(line, index);
      (rows[row] ??= []).push({ column: x, line });
      row++;
    });
  }
}
