// A sleep that ends early on abort or on a wake-up call (a file changed, a stream ended).

export class Waker {
  private resolve?: () => void;
  private pending = false;

  /** Ends the current (or the next) wait now. */
  wake(): void {
    if (this.resolve) {
      const r = this.resolve;
      this.resolve = undefined;
      r();
    } else this.pending = true;
  }

  wait(ms: number, signal: AbortSignal): Promise<void> {
    if (signal.aborted) return Promise.resolve();
    if (this.pending) {
      this.pending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        this.resolve = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener('abort', done, { once: true });
      this.resolve = done;
    });
  }
}

export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Waker().wait(ms, signal);
}

/** Exponential backoff: 1s, 2s, 4s… capped; reset after a run that lasted long enough. */
export class Backoff {
  private current: number;
  constructor(private readonly initialMs = 1000, private readonly maxMs = 30_000, private readonly resetAfterMs = 10_000) {
    this.current = initialMs;
  }

  /** Delay before the next attempt, given how long the last one ran. */
  next(ranForMs: number): number {
    if (ranForMs >= this.resetAfterMs) this.current = this.initialMs;
    const d = this.current;
    this.current = Math.min(this.maxMs, this.current * 2);
    return d;
  }
}
