// Which slice of a long list is visible: only the visible rows are rendered.

/** First index to show so that `selected` is inside a window of `height` rows. */
export function windowStart(selected: number, count: number, height: number, previousStart = 0): number {
  if (height <= 0 || count <= height) return 0;
  let start = Math.min(previousStart, count - height);
  if (selected < start) start = selected;
  if (selected >= start + height) start = selected - height + 1;
  return Math.max(0, Math.min(start, count - height));
}

/** Moves a selection by `delta`, clamped to the list. */
export function moveSelection(selected: number, delta: number, count: number): number {
  if (count === 0) return 0;
  return Math.max(0, Math.min(count - 1, selected + delta));
}
