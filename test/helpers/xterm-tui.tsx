// Renders a component with Ink onto a real terminal emulator (xterm.js headless) instead of
// ink-testing-library's frame capture, so tests see what a terminal would show: Ink's frames
// and anything painted beside them (the log pane's scroll-region writes) on the same screen.
//
// Ink renders nothing while it believes it runs in CI (is-in-ci reads the environment when Ink
// is imported): a test file using this helper must set CI=false in vi.hoisted() first.
import { EventEmitter } from 'node:events';
import type { ReactElement } from 'react';
import { render } from 'ink';
import xterm from '@xterm/headless';
import { TerminalSurface } from '../../src/ui/paint/terminal-surface.js';
import { PaintSurfaceProvider } from '../../src/ui/paint/painted-pane.js';
import { ALT_SCREEN_ENTER } from '../../src/ui/terminal.js';

class FakeStdin extends EventEmitter {
  isTTY = true;
  private data: string | null = null;
  write(data: string) {
    this.data = data;
    this.emit('readable');
    this.emit('data', data);
  }
  read = () => {
    const d = this.data;
    this.data = null;
    return d;
  };
  setEncoding() {}
  setRawMode() {}
  resume() {}
  pause() {}
  ref() {}
  unref() {}
}

class EmulatedTty extends EventEmitter {
  isTTY = true;
  bytes = 0;
  constructor(readonly term: InstanceType<typeof xterm.Terminal>, public columns: number, public rows: number) {
    super();
  }
  write(data: string | Uint8Array): boolean {
    this.bytes += data.length;
    this.term.write(data);
    return true;
  }
}

export interface XtermTui {
  /** The screen's rows as text (trailing blanks trimmed), after pending output is parsed. */
  screen(): Promise<string[]>;
  waitFor(pattern: RegExp | string, timeoutMs?: number): Promise<string[]>;
  press(...keys: string[]): Promise<void>;
  resize(columns: number, rows: number): void;
  /** Bytes written to the terminal so far. */
  bytes(): number;
  unmount(): void;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function renderInXterm(tree: ReactElement, options: { columns?: number; rows?: number; paint?: boolean } = {}): Promise<XtermTui> {
  const columns = options.columns ?? 80;
  const rows = options.rows ?? 24;
  const term = new xterm.Terminal({ cols: columns, rows, allowProposedApi: true, convertEol: true }) // a pty's ONLCR;
  const tty = new EmulatedTty(term, columns, rows);
  const stdin = new FakeStdin();
  const surface = options.paint === false ? undefined : new TerminalSurface(tty as unknown as NodeJS.WriteStream, true);
  tty.write(ALT_SCREEN_ENTER);
  const ink = render(<PaintSurfaceProvider surface={surface}>{tree}</PaintSurfaceProvider>, {
    stdin: stdin as unknown as NodeJS.ReadStream,
    exitOnCtrlC: false,
    patchConsole: false,
    maxFps: 60,
    ...(surface?.inkOptions() ?? { stdout: tty as unknown as NodeJS.WriteStream }),
  });
  const screen = async () => {
    await new Promise<void>((r) => term.write('', r));
    const out: string[] = [];
    const buffer = term.buffer.active;
    for (let i = 0; i < term.rows; i++) out.push(buffer.getLine(buffer.viewportY + i)?.translateToString(true, 0, term.cols) ?? '');
    return out;
  };
  return {
    screen,
    async waitFor(pattern, timeoutMs = 3000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const s = await screen();
        const text = s.join('\n');
        if (typeof pattern === 'string' ? text.includes(pattern) : pattern.test(text)) return s;
        if (Date.now() > deadline) throw new Error(`screen never showed ${String(pattern)}:\n${text}`);
        await sleep(20);
      }
    },
    async press(...keys) {
      for (const k of keys) {
        stdin.write(k);
        await sleep(30);
      }
    },
    resize(c, r) {
      term.resize(c, r);
      tty.columns = c;
      tty.rows = r;
      tty.emit('resize');
    },
    bytes: () => tty.bytes,
    unmount() {
      surface?.close();
      ink.unmount();
      term.dispose();
    },
  };
}
