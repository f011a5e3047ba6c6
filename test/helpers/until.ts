// Polls until a probe returns something truthy; generous bounds, the machine is shared.
import { errorMessage } from '../../src/domain/errors.js';

type Probe<T> = () => T | undefined | false | Promise<T | undefined | false>;

/** `detail` adds context to the timeout error (e.g. the tmux screen). A throwing probe is retried. */
export async function until<T>(what: string, fn: Probe<T>, timeoutMs = 30_000, everyMs = 100, detail?: () => string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs}ms waiting for ${what}${last ? `: ${errorMessage(last)}` : ''}${detail ? `\n${detail()}` : ''}`);
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
