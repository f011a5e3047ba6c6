import { describe, expect, it } from 'vitest';
import { acquireMachineLock } from './machine-lock.js';

const name = `lock-test-${process.pid}`;
const order: string[] = [];

describe('acquireMachineLock', () => {
  it('lets one holder in at a time, the next in once the first releases', async () => {
    const first = await acquireMachineLock(name);
    const second = acquireMachineLock(name).then((release) => {
      order.push('second');
      return release;
    });
    await expect(acquireMachineLock(name, 300)).rejects.toThrow(/still held by another process after 300 ms/);
    order.push('first releases');
    first();
    (await second)();
    expect(order).toEqual(['first releases', 'second']);
  });
});
