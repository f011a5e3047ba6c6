// Connects a LogsController to the log store at a bounded rate. The store bumps its version
// at most every ~80 ms. A pane that paints itself (painted-pane) flushes on each bump while the
// bytes it writes stay under a budget: new lines scroll in as they come, and a flood (a whole
// pane per frame) slows to a few frames a second. Rendered through Ink instead, the viewer
// repaints at most every `frameMs`, slower under a flood, and slower still when paused (only
// the "N new lines" counter changes).
import { useEffect, useReducer, useRef } from 'react';
import { useSameList } from '../../use-same.js';
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

/** Stands for "every service" (services undefined) in useSameList. */
const ALL: readonly string[] = ['\0every service'];

export function useLogs(store: LogStore, services: readonly string[] | undefined, rates: FrameRates = {}, pane?: PaintedPane): { controller: LogsController; repaint: () => void } {
  const [, bump] = useReducer((n: number) => n + 1, 0);
  const ref = useRef<LogsController | null>(null);
  if (ref.current === null) ref.current = new LogsController(store.getState().buffersFor(services));
  const controller = ref.current;
  // `services` is a new array each render: resubscribe only when the list itself changes.
  const same = useSameList(services ?? ALL);
  const shown = same === ALL ? undefined : same;
  const { frameMs = 350, floodFrameMs = 500, floodLines = 50, pausedFrameMs = 1000, paneBytesPerSecond = 24_000, paneFrameMs = 40 } = rates;

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
        paneGap = Math.max(paneFrameMs, (bytes * 1000) / (paneBytesPerSecond));
      } else if (controller.view.end !== before || !controller.following) bump();
    };
    let lastReceived = store.getState().received;
    const schedule = () => {
      if (timer) return;
      const s = store.getState();
      const flood = (s.received - lastReceived) > (floodLines);
      lastReceived = s.received;
      const interval = !controller.following ? (pausedFrameMs) : pane?.surface ? paneGap : flood ? (floodFrameMs) : (frameMs);
      timer = setTimeout(paint, Math.max(0, lastPaint + interval - Date.now()));
    };
    const unsubscribe = store.subscribe((s, prev) => {
      const count = Object.keys(s.sources).length;
      if (count !== sourceCount) {
        // A source came or went: the merged view takes its buffer in.
        sourceCount = count;
        controller.setBuffers(store.getState().buffersFor(shown));
        bump();
        return;
      }
      if (s.version !== prev.version) schedule();
      else if (s.sources !== prev.sources) bump(); // status or error of a source
    });
    controller.setBuffers(store.getState().buffersFor(shown));
    bump();
    return () => {
      unsubscribe();
      if (timer) clearTimeout(timer);
    };
  }, [store, shown, controller, pane, frameMs, floodFrameMs, floodLines, pausedFrameMs, paneBytesPerSecond, paneFrameMs]);

  return { controller, repaint: bump };
}
