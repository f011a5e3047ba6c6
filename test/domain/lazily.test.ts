import { describe, expect, it } from 'vitest';
import { lazily } from '../../src/domain/lazily.js';

describe('lazily', () => {
  it('builds on the first call only, and hands out the same value after (also a falsy one)', () => {
    let builds = 0;
    const get = lazily(() => ({ n: ++builds }));
    expect(builds).toBe(0);
    const first = get();
    expect(get()).toBe(first);
    expect(builds).toBe(1);
    let zeros = 0;
    const zero = lazily(() => (zeros++, 0));
    expect([zero(), zero()]).toEqual([0, 0]);
    expect(zeros).toBe(1);
  });
});
