import { describe, expect, it } from 'vitest';
import { Semaphore } from '../../../src/services/health/semaphore.js';

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('Semaphore', () => {
  it('runs at most `limit` tasks at once, in FIFO order', async () => {
    const sem = new Semaphore(2);
    const started: number[] = [];
    const gates: (() => void)[] = [];
    const tasks = [0, 1, 2, 3].map((i) => sem.run(() => (started.push(i), new Promise<number>((r) => gates.push(() => r(i))))));
    await tick();
    expect(started).toEqual([0, 1]);
    expect(sem.queued).toBe(2);
    gates[0]!();
    await tick();
    expect(started).toEqual([0, 1, 2]);
    gates[1]!();
    gates[2]!();
    await tick();
    gates[3]!();
    expect(await Promise.all(tasks)).toEqual([0, 1, 2, 3]);
    expect(sem.running).toBe(0);
  });

  it('lets a task give its slot back early while it keeps running', async () => {
    const sem = new Semaphore(1);
    let finishLong!: () => void;
    const long = sem.run((release) => new Promise<void>((r) => ((finishLong = r), setTimeout(release, 10))));
    const short = sem.run(async () => 'short');
    expect(await short).toBe('short'); // ran while `long` is still running
    finishLong();
    await long;
    expect(sem.running).toBe(0);
  });

  it('frees the slot when a task throws, and rejects bad limits', async () => {
    const sem = new Semaphore(1);
    await expect(sem.run(async () => { throw new Error('x'); })).rejects.toThrow('x');
    expect(await sem.run(async () => 1)).toBe(1);
    expect(() => new Semaphore(0)).toThrow(RangeError);
  });
});
