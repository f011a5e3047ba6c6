// A frame that answers a key is drawn at once, not held back by Ink's frame throttle (maxFps 30:
// a commit within 34 ms of the previous frame waits out the window). Background frames (a health
// flush, the clock) still merge under the throttle; a key pressed just after one waited up to
// 34 ms for its frame: those were the home screen's slowest keys (npm run bench -- home-keys).
// The key router marks a key (wantKeyFrame); the bundle's Ink asks takeKeyFrame() on each
// commit and draws at once when it says yes (scripts/bundle-options.mjs, patch 'ink-key-frame').
// Unbundled (the tests' Ink) nothing asks, and frames stay throttled as before.
// The frame is drawn in the event loop's next turn, not inside the commit: React's render and
// Yoga's layout are one task, turning the tree into text and writing it another, so a key that
// opens a full new screen (5,000 runs' history: 38 fresh rows) holds timers and input for the
// longer of the two, not their sum (npm run bench -- runs-history).

/** A key's commit comes within a task or two of the key; a mark older than this is dropped. */
const MARK_MS = 50;

let markedAt: number | undefined;

/** The next commit answers a key: draw it at once. */
export function wantKeyFrame(): void {
  markedAt = performance.now();
}

/** True once after wantKeyFrame(), if asked within MARK_MS of it. */
export function takeKeyFrame(): boolean {
  const at = markedAt;
  markedAt = undefined;
  return at !== undefined && performance.now() - at <= MARK_MS;
}

let drawScheduled = false;

/** Runs `draw` in the event loop's next turn (once, however often asked meanwhile). */
export function drawKeyFrameSoon(draw: () => void): void {
  if (drawScheduled) return;
  drawScheduled = true;
  setImmediate(() => {
    drawScheduled = false;
    draw();
  });
}
