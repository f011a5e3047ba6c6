// Lets a pane (the log viewer) paint its rows itself while Ink owns the rest of the screen.
// The pane is an empty box in Ink's frame; Ink writes through `surface.stdout`, and a pane
// flushes on its own schedule, writing only what changed (see pane-paint.ts).
//
// Ink must render incrementally (render it with `surface.inkOptions()`): it then rewrites only
// the lines of its frame that changed, and a pane's rows, blank in every frame while the pane
// stays put, are left alone — a keypress costs the status line, not the pane. Around each Ink
// write: before it, a pane that hid or moved has its old rows blanked (Ink believes they hold
// its own blank lines and would leave them); after it, a pane Ink wrote over (a full frame) or
// that moved is painted whole, in the same write.
//
// Assumes Ink's frame starts at the top-left cell: the console enters the alternate screen
// with the cursor home before mounting Ink, and keeps its frame shorter than the terminal.
import { clearPane, paintPane, samePlace, type PaneLine, type PaneRect, type PaneScreen } from './pane-paint.js';
import type { ElementRect } from './element-rect.js';

/**
 * Ink starts an incremental frame by moving the cursor up to the frame's first line, by one line
 * too few when the frame ended with a newline (Ink 6.8), so each frame would land a row lower.
 * The frame starts at the top-left cell here, so that move becomes "cursor home".
 */
// eslint-disable-next-line no-control-regex -- reads Ink's own escape sequences
const TO_FRAME_TOP = /^\x1b\[\d+A/;
const HOME = '\x1b[H';
/** Ink erases whole lines (ESC[2K) or the screen (ESC[2J) only when it rewrites its frame whole. */
// eslint-disable-next-line no-control-regex -- reads Ink's own escape sequences
const FULL_FRAME = /\x1b\[2[KJ]/;
/** Ink brackets a frame with these when the terminal supports synchronized output. */
const BEGIN_SYNC = '\x1b[?2026h';
const END_SYNC = '\x1b[?2026l';

export interface PaneContent {
  /** Where the pane is now; undefined while hidden or not laid out. */
  rect(): ElementRect | undefined;
  /** The rows to show, top first, at most `height`, each cut to `width` columns. */
  lines(width: number, height: number): readonly PaneLine[];
}

export interface PaneHandle {
  /** Writes what changed since the last paint; returns the bytes written. */
  flush(): number;
  dispose(): void;
}

interface AttachedPane {
  content: PaneContent;
  shown: PaneScreen | undefined;
  /** Where it was last painted; undefined when nothing of it is on screen. */
  placed: PaneRect | undefined;
}

export class TerminalSurface {
  /** The stream to give Ink instead of the terminal. */
  readonly stdout: NodeJS.WriteStream;
  private readonly panes = new Set<AttachedPane>();
  private held: string | undefined;
  private closed = false;

  constructor(
    private readonly terminal: NodeJS.WriteStream,
    /** Colour in pane rows (NO_COLOR turns it off; emphasis stays). */
    readonly colour: boolean,
  ) {
    const write = this.inkWrite.bind(this);
    this.stdout = new Proxy(terminal, {
      get(target, prop) {
        if (prop === 'write') return write;
        const value = Reflect.get(target, prop, target) as unknown;
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  }

  /** What Ink's render() must be given to work with the surface (it must render incrementally). */
  inkOptions(): { stdout: NodeJS.WriteStream; incrementalRendering: true } {
    return { stdout: this.stdout, incrementalRendering: true };
  }

  attach(content: PaneContent): PaneHandle {
    const pane: AttachedPane = { content, shown: undefined, placed: undefined };
    this.panes.add(pane);
    return {
      flush: () => {
        const bytes = this.paint(pane);
        if (bytes) this.terminal.write(bytes);
        return bytes.length;
      },
      dispose: () => {
        const bytes = this.vacate(pane, undefined);
        this.panes.delete(pane);
        if (bytes) this.terminal.write(bytes);
      },
    };
  }

  /** Stops painting (before the terminal is restored on exit). */
  close(): void {
    this.closed = true;
    this.panes.clear();
  }

  private inkWrite(written: unknown, ...rest: unknown[]): boolean {
    if (this.closed || typeof written !== 'string' || rest.length > 0) return (this.terminal.write as (...a: unknown[]) => boolean)(written, ...rest);
    const data = written.replace(TO_FRAME_TOP, HOME);
    if (data === BEGIN_SYNC) {
      this.held = '';
      return true;
    }
    if (this.held !== undefined) {
      if (data !== END_SYNC) {
        this.held += data;
        return true;
      }
      const frame = this.held;
      this.held = undefined;
      return this.terminal.write(BEGIN_SYNC + this.beforeInk() + frame + this.afterInk(frame) + END_SYNC);
    }
    return this.terminal.write(this.beforeInk() + data + this.afterInk(data));
  }

  /**
   * Blanks the rows of panes that are no longer where they were painted (hidden, moved): Ink
   * believes those rows hold its own blank lines and, rendering incrementally, leaves them be.
   */
  private beforeInk(): string {
    let out = '';
    for (const pane of this.panes) out += this.vacate(pane, this.placement(pane));
    return out;
  }

  /** Paints what Ink's write covered: every pane after a full frame, else the panes that moved. */
  private afterInk(written: string): string {
    const full = FULL_FRAME.test(written);
    let out = '';
    for (const pane of this.panes) {
      if (full) pane.shown = undefined;
      out += this.paint(pane);
    }
    return out;
  }

  private paint(pane: AttachedPane): string {
    if (this.closed) return '';
    const place = this.placement(pane);
    const vacated = this.vacate(pane, place);
    if (!place) return vacated;
    if (!pane.placed) pane.shown = undefined; // new place: Ink may have written there
    pane.placed = place;
    const painted = paintPane(place, pane.shown, pane.content.lines(place.width, place.height));
    pane.shown = painted.screen;
    return vacated + painted.bytes;
  }

  /** Where the pane is to be painted now; undefined while hidden, or laid out for another
   *  terminal size (Ink lays out and paints the new size next). */
  private placement(pane: AttachedPane): PaneRect | undefined {
    const rect = pane.content.rect();
    const columns = this.terminal.columns ?? 80;
    const rows = this.terminal.rows ?? 24;
    if (!rect || rect.left + rect.width > columns || rect.top >= rows) return undefined;
    return { ...rect, height: Math.min(rect.height, rows - rect.top), screenColumns: columns, screenRows: rows };
  }

  /** Bytes that blank what the pane painted, when it is no longer at `now`. */
  private vacate(pane: AttachedPane, now: PaneRect | undefined): string {
    const was = pane.placed;
    if (this.closed || !was || (now && samePlace(was, now))) return '';
    pane.placed = undefined;
    pane.shown = undefined;
    return clearPane(was);
  }
}
