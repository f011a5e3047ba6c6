// Renders a component with ink-testing-library at a chosen terminal size, types keys with a
// pause between them (React must settle; a lone ESC is resolved a tick late), and waits for
// frames. Assertions run on ANSI-stripped frames.
import { stripVTControlCharacters } from 'node:util';
import { cloneElement, type ReactElement } from 'react';
import { render } from 'ink-testing-library';

const KEYS: Record<string, string> = {
  enter: '\r',
  escape: '\x1b',
  up: '\x1b[A',
  down: '\x1b[B',
  left: '\x1b[D',
  right: '\x1b[C',
  backspace: '\x7f',
  tab: '\t',
  'ctrl+c': '\x03',
};

export interface TuiHarness {
  frame(): string;
  /** Named keys ('enter', 'down', …) or literal text. */
  press(...keys: string[]): Promise<void>;
  type(text: string): Promise<void>;
  /** Each chunk a read of its own, all written at once: keys that arrive before React commits. */
  burst(...chunks: string[]): Promise<void>;
  waitFor(pattern: RegExp | string, timeoutMs?: number): Promise<string>;
  waitForGone(pattern: RegExp | string, timeoutMs?: number): Promise<string>;
  resize(columns: number, rows: number): void;
  unmount(): void;
  /** Every frame written so far, stripped. */
  frames(): string[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function renderTui(tree: ReactElement, size: { columns?: number; rows?: number } = {}): TuiHarness {
  const r = render(tree);
  const setSize = (columns: number, rows: number) => {
    Object.defineProperty(r.stdout, 'columns', { value: columns, configurable: true });
    Object.defineProperty(r.stdout, 'rows', { value: rows, configurable: true });
    // Ink listens for 'resize' only outside CI (is-in-ci); with CI=true the new size takes
    // effect at the next commit, so one is made (a fresh element: React bails out on the same one).
    if (r.stdout.listenerCount('resize') > 0) r.stdout.emit('resize');
    else r.rerender(cloneElement(tree));
  };
  setSize(size.columns ?? 80, size.rows ?? 24);
  const frame = () => stripVTControlCharacters(r.lastFrame() ?? '');
  const wait = async (pattern: RegExp | string, present: boolean, timeoutMs: number) => {
    const re = typeof pattern === 'string' ? new RegExp(pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) : pattern;
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (re.test(frame()) === present) {
        // Let effects of the commit that drew this frame run (key layers register in effects).
        await sleep(30);
        return frame();
      }
      await sleep(20);
    }
    throw new Error(`timed out waiting for ${present ? '' : 'absence of '}${re}; last frame:\n${frame()}`);
  };
  // The fake stdin drops what is written before Ink listens (a real TTY would buffer it): Ink
  // attaches its listener in an effect after the first frame, later still on a loaded machine.
  const listening = async () => {
    const deadline = Date.now() + 5000;
    while (r.stdin.listenerCount('readable') === 0 && Date.now() < deadline) await sleep(10);
  };
  return {
    frame,
    async press(...keys) {
      await listening();
      for (const k of keys) {
        r.stdin.write(KEYS[k] ?? k);
        await sleep(k === 'escape' ? 120 : 40);
      }
    },
    async type(text) {
      await listening();
      for (const ch of text) {
        r.stdin.write(ch);
        await sleep(15);
      }
      await sleep(30);
    },
    async burst(...chunks) {
      await listening();
      for (const c of chunks) r.stdin.write(KEYS[c] ?? c);
      await sleep(30);
    },
    waitFor: (p, t = 5000) => wait(p, true, t),
    waitForGone: (p, t = 5000) => wait(p, false, t),
    resize: setSize,
    unmount: () => {
      r.unmount();
      r.cleanup();
    },
    frames: () => r.frames.map((f) => stripVTControlCharacters(f)),
  };
}
