// React glue for panes that paint themselves: the console provides a TerminalSurface when it
// owns a real terminal; without one (tests, pipes) components render their rows through Ink.
import { createContext, useContext, useLayoutEffect, useRef, type ReactNode, type RefObject } from 'react';
import type { DOMElement } from 'ink';
import { elementRect } from './element-rect.js';
import type { PaneLine } from './pane-paint.js';
import type { PaneHandle, TerminalSurface } from './terminal-surface.js';

const SurfaceContext = createContext<TerminalSurface | undefined>(undefined);

export function PaintSurfaceProvider({ surface, children }: { surface: TerminalSurface | undefined; children: ReactNode }) {
  return <SurfaceContext.Provider value={surface}>{children}</SurfaceContext.Provider>;
}

export interface PaintedPane {
  /** Set when the pane paints itself; the component then renders an empty box of its size. */
  surface: TerminalSurface | undefined;
  /** Goes on that box: its laid-out position is where the rows are painted. */
  ref: RefObject<DOMElement | null>;
  /** Paints what changed; returns the bytes written (0 without a surface). */
  flush(): number;
}

/** `lines` is read at paint time, so the latest render's closure is always the one used. */
export function usePaintedPane(lines: (width: number, height: number) => readonly PaneLine[]): PaintedPane {
  const surface = useContext(SurfaceContext);
  const ref = useRef<DOMElement | null>(null);
  const handle = useRef<PaneHandle | undefined>(undefined);
  const latest = useRef(lines);
  latest.current = lines;

  useLayoutEffect(() => {
    if (!surface) return;
    const h = surface.attach({
      rect: () => (ref.current ? elementRect(ref.current) : undefined),
      lines: (width, height) => latest.current(width, height),
    });
    handle.current = h;
    return () => {
      h.dispose();
      handle.current = undefined;
    };
  }, [surface]);

  // After every commit: a key may have changed the rows without changing Ink's frame.
  useLayoutEffect(() => {
    handle.current?.flush();
  });

  const pane = useRef<PaintedPane>({ surface, ref, flush: () => handle.current?.flush() ?? 0 });
  pane.current.surface = surface;
  return pane.current;
}
