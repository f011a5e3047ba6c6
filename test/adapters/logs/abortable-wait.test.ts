import { describe, expect, it } from 'vitest';
import { Backoff, sleep, Waker } from '../../../src/adapters/logs/abortable-wait.js';

const HOUR = 3_600_000;

describe('Waker', () => {
  it('a wake ends the wait in progress, and the next wait waits again', async () => {
    const waker = new Waker();
    const signal = new AbortController().signal;
    const first = waker.wait(HOUR, signal);
    waker.wake();
    await first;
    let second = false;
    const next = waker.wait(5, signal).then(() => (second = true));
    await Promise.resolve();
    expect(second).toBe(false);
    await next;
    expect(second).toBe(true);
  });

  it('a wake with no wait in progress ends the next wait at once, only that one', async () => {
    const waker = new Waker();
    const signal = new AbortController().signal;
    waker.wake();
    await waker.wait(HOUR, signal);
    const order: string[] = [];
    const waiting = waker.wait(HOUR, signal).then(() => order.push('woken'));
    await sleep(5, signal).then(() => order.push('slept'));
    waker.wake();
    await waiting;
    expect(order).toEqual(['slept', 'woken']);
  });

  it('an abort ends the wait, and an aborted signal does not wait at all', async () => {
    const waker = new Waker();
    const controller = new AbortController();
    const waiting = waker.wait(HOUR, controller.signal);
    controller.abort();
    await waiting;
    await waker.wait(HOUR, controller.signal);
    await sleep(HOUR, controller.signal);
  });

  it('the timer ends the wait, and leaves no abort listener behind', async () => {
    const waker = new Waker();
    const controller = new AbortController();
    let added = 0;
    let removed = 0;
    const signal = controller.signal;
    const add = signal.addEventListener.bind(signal);
    const remove = signal.removeEventListener.bind(signal);
    signal.addEventListener = ((...a: Parameters<typeof add>) => (added++, add(...a))) as typeof add;
    signal.removeEventListener = ((...a: Parameters<typeof remove>) => (removed++, remove(...a))) as typeof remove;
    for (let i = 0; i < 3; i++) await waker.wait(1, signal);
    expect(added).toBe(3);
    expect(removed).toBe(3);
  });

  it('a wait begun while another is pending ends that one first', async () => {
    const waker = new Waker();
    const signal = new AbortController().signal;
    const first = waker.wait(HOUR, signal);
    const second = waker.wait(HOUR, signal);
    await first;
    waker.wake();
    await second;
  });
});

describe('Backoff', () => {
  it('doubles up to the cap and starts over after a long run', () => {
    const b = new Backoff(100, 350, 1000);
    expect([b.next(0), b.next(0), b.next(0), b.next(0)]).toEqual([100, 200, 350, 350]);
    expect(b.next(1000)).toBe(100);
  });
});
