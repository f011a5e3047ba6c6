// The mark the key router leaves for the bundle's Ink (src/ui/ink/key-frame.ts): one frame drawn
// at once per key, and a key that changed nothing does not speed up a later background frame.
import { describe, expect, it } from 'vitest';
import { drawKeyFrameSoon, takeKeyFrame, wantKeyFrame } from '../../../src/ui/ink/key-frame.js';

describe('key frames', () => {
  it('says yes once per key, and no without one', () => {
    expect(takeKeyFrame()).toBe(false);
    wantKeyFrame();
    expect(takeKeyFrame()).toBe(true);
    expect(takeKeyFrame()).toBe(false);
    wantKeyFrame();
    wantKeyFrame();
    expect(takeKeyFrame()).toBe(true);
    expect(takeKeyFrame()).toBe(false);
  });

  it('a mark no commit took within 50 ms is dropped', async () => {
    wantKeyFrame();
    const t0 = performance.now();
    // Waits on the clock this test is about, not on another component.
    await new Promise<void>((resolve) => {
      const poll = () => (performance.now() - t0 > 60 ? resolve() : setTimeout(poll, 10));
      poll();
    });
    expect(takeKeyFrame()).toBe(false);
  });

  it('draws a key frame in the next turn of the event loop, once however often asked meanwhile', async () => {
    const order: string[] = [];
    drawKeyFrameSoon(() => order.push('draw'));
    drawKeyFrameSoon(() => order.push('second ask'));
    order.push('commit done');
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(order).toEqual(['commit done', 'draw']);
    drawKeyFrameSoon(() => order.push('next key'));
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(order).toEqual(['commit done', 'draw', 'next key']);
  });
});
