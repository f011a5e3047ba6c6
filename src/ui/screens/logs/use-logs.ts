// Connects a LogsController to the log store at a bounded rate. The store bumps its version
// at most every ~80 ms. A pane that paints itself (painted-pane) flushes on each bump while the
// bytes it writes stay under a budget: new lines scroll in as they come, and a flood (a whole
// pane per frame) slows to a few frames a second. Rendered through Ink instead, the viewer
// repaints at most every `frameMs`, slower under a flood, and slower still when paused (only
// the "N new lines" counter changes).
import { useEffect, useReducer, useRef } from 'react';
import type { LogStore } from '../../../state/log-store.js';
import { LogsController } from './logs-controller.js';
import type { PaintedPane } from '../../paint/painted-pane.js';

export interface FrameRates {
  /** Normal repaint interval. @default 350 (measured: each frame repaints the pane, ~4 KB at 120x40) */
  frameMs?: number;
  /** Interval when more than `floodLines` rows arrive per frame. @default 500 */
  floodFrameMs?: number;
  /** @default 50 */
  floodLines?: number;
  /** Interval while paused. @default 1000 */
  pausedFrameMs?: number;
  /** Bytes per second a self-painting pane may write while following. @default 24000 */
  paneBytesPerSecond?: number;
  /** Shortest interval between a self-painting pane's flushes. @default 40 */
  paneFrameMs?: number;
}

export function useLogs(store: LogStore, services: readonly string[] | undefined, rates: FrameRates = {}, pane?: PaintedPane): { controller: LogsController; repaint: () => void } {
  const [, bump] = useReducer((n: number) => n + 1, 0);
  const ref = useRef<LogsController | null>(null);
  if (ref.current === null) ref.current = new LogsController(store.getState().buffersFor(services));
  const controller = ref.current;
  const key = services?.join('\0') ?? '*';

  useEffect(() => {
    let sourceCount = Object.keys(store.getState().sources).length;
    let lastPaint = 0;
    let paneGap = 0;
    let timer: NodeJS.Timeout | undefined;
    const paint = () => {
      timer = undefined;
      const before = controller.view.end;
      controller.sync();
      lastPaint = Date.now();
      if (pane?.surface && controller.following) {
        const bytes = pane.flush();
        paneGap = Math.max(rates.paneFrameMs ?? 40, (bytes * 1000) / (rates.paneBytesPerSecond ?? 24_000));
      } else if (controller.view.end !== before || !controller.following) bump();
    };
    let lastReceived = store.getState().received;
    const schedule = () => {
      if (timer) return;
      const s = store.getState();
      const flood = (s.received - lastReceived) > (rates.floodLines ?? 50);
      lastReceived = s.received;
      const interval = !controller.following ? (rates.pausedFrameMs ?? 1000) : pane?.surface ? paneGap : flood ? (rates.floodFrameMs ?? 500) : (rates.frameMs ?? 350);
      timer = setTimeout(paint, Math.max(0, lastPaint + interval - Date.now()));
    };
    const unsubscribe = store.subscribe((s, prev) => {
      const count = Object.keys(s.sources).length;
      if (count !== sourceCount) {
        // A source came or went: the merged view takes its buffer in.
        sourceCount = count;
        controller.setBuffers(store.getState().buffersFor(services));
        bump();
        return;
      }
      if (s.version !== prev.version) schedule();
      else if (s.sources !== prev.sources) bump(); // status or error of a source
    });
    controller.setBuffers(store.getState().buffersFor(services));
    bump();
    return () => {
      unsubscribe();
      if (timer) clearTimeout(timer);
    };
    // `key` stands for `services` (a new array each render): resubscribe only when the list changes.
  }, [store, key]);

  return { controller, repaint: bump };
}
