// The mark the key router leaves for the bundle's Ink (src/ui/ink/key-frame.ts): one frame drawn
// at once per key, and a key that changed nothing does not speed up a later background frame.
import { describe, expect, it } from 'vitest';
import { takeKeyFrame, wantKeyFrame } from '../../../src/ui/ink/key-frame.js';

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
});
