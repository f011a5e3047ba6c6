// A counting semaphore: at most `limit` tasks hold a slot at once, the rest wait in FIFO order.
// A task may give its slot back early (`release`) while it keeps running.

export class Semaphore {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`semaphore limit must be a positive integer, got ${limit}`);
  }

  get running(): number {
    return this.active;
  }

  get queued(): number {
    return this.waiting.length;
  }

  async run<T>(task: (release: () => void) => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((r) => this.waiting.push(r));
    else this.active++;
    let held = true;
    const release = (): void => {
      if (!held) return;
      held = false;
      // Hand the slot straight to the next waiter (active stays the same), or free it.
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    };
    try {
      return await task(release);
    } finally {
      release();
    }
  }
}
