// A sleep that ends early on abort or on a wake-up call (a file changed, a stream ended).

// The handlers are made once per Waker, not per wait: a follower waits many times a second under
// a flood, and V8 throws away the optimised code of closures made per call at each full GC, only
// to compile it again (npm run bench -- soak with --log-code showed these among the most
// re-optimised functions).
export class Waker {
  private resolve?: () => void;
  private timer?: ReturnType<typeof setTimeout>;
  private signal?: AbortSignal;
  private pending = false;
  private readonly done = (): void => {
    const resolve = this.resolve;
    if (!resolve) return;
    clearTimeout(this.timer);
    this.signal?.removeEventListener('abort', this.done);
    this.resolve = this.timer = this.signal = undefined;
    resolve();
  };
  private readonly begin = (resolve: () => void): void => {
    this.resolve = resolve;
  };

  /** Ends the current (or the next) wait now. */
  wake(): void {
    if (this.resolve) this.done();
    else this.pending = true;
  }

  /** One wait at a time: a wait begun while another is pending ends that one first. */
  wait(ms: number, signal: AbortSignal): Promise<void> {
    if (signal.aborted) return Promise.resolve();
    if (this.pending) {
      this.pending = false;
      return Promise.resolve();
    }
    this.done();
    const waiting = new Promise<void>(this.begin);
    this.signal = signal;
    this.timer = setTimeout(this.done, ms);
    signal.addEventListener('abort', this.done, { once: true });
    return waiting;
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
