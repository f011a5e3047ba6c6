// Turns a stream of text chunks into complete lines. A partial line is held until its newline
// arrives; a line longer than the limit keeps its head and says how much was cut, so one
// runaway line (a minified JSON blob, a binary dump) can never grow memory without bound.

export const DEFAULT_MAX_LINE = 8192;

export function cutMarker(dropped: number): string {
  return ` …[+${dropped} chars cut]`;
}

export class LineSplitter {
  private partial = '';
  /** Characters dropped from the current over-long line. */
  private dropped = 0;

  constructor(private readonly maxLine = DEFAULT_MAX_LINE) {
    if (!(maxLine > 0)) throw new RangeError(`maxLine must be positive, got ${maxLine}`);
  }

  /** Complete lines in `text` (joined with what was held), without terminators. */
  push(text: string): string[] {
    const out: string[] = [];
    let start = 0;
    for (;;) {
      const nl = text.indexOf('\n', start);
      if (nl === -1) break;
      this.append(text, start, nl);
      out.push(this.take());
      start = nl + 1;
    }
    if (start < text.length) this.append(text, start, text.length);
    return out;
  }

  /** The held partial line, if any (at end of stream). */
  flush(): string[] {
    if (this.partial === '' && this.dropped === 0) return [];
    return [this.take()];
  }

  /** Characters currently held (bounded by maxLine). */
  get pending(): number {
    return this.partial.length;
  }

  private append(text: string, from: number, to: number): void {
    const room = this.maxLine - this.partial.length;
    const len = to - from;
    if (len <= room) {
      this.partial += from === 0 && to === text.length ? text : text.slice(from, to);
    } else {
      if (room > 0) this.partial += text.slice(from, from + room);
      this.dropped += len - Math.max(room, 0);
    }
  }

  private take(): string {
    let line = this.partial;
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (this.dropped > 0) line += cutMarker(this.dropped);
    this.partial = '';
    this.dropped = 0;
    return line;
  }
}
