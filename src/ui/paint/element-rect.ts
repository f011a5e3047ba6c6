// Where an Ink box sits on the screen, from Yoga's computed layout: the sum of its ancestors'
// offsets, cut at the bottom by an ancestor that hides overflow. Undefined when the box or an
// ancestor is hidden (display none) or not laid out: a hidden pane must not be painted.
import type { DOMElement } from 'ink';

export interface ElementRect {
  top: number;
  left: number;
  width: number;
  height: number;
}

export function elementRect(element: DOMElement): ElementRect | undefined {
  const chain: DOMElement[] = [];
  for (let n: DOMElement | undefined = element; n; n = n.parentNode) {
    if (n.style?.display === 'none' || !n.yogaNode) return undefined;
    chain.push(n);
  }
  let top = 0;
  let left = 0;
  let clipBottom = Infinity;
  for (let i = chain.length - 1; i >= 0; i--) {
    const node = chain[i]!;
    const yoga = node.yogaNode!;
    top += yoga.getComputedTop();
    left += yoga.getComputedLeft();
    if (i > 0 && node.style?.overflowY === 'hidden') clipBottom = Math.min(clipBottom, top + yoga.getComputedHeight());
  }
  const yoga = element.yogaNode!;
  const height = Math.min(yoga.getComputedHeight(), clipBottom - top);
  const width = yoga.getComputedWidth();
  if (height <= 0 || width <= 0 || !Number.isFinite(top)) return undefined;
  return { top, left, width, height };
}
