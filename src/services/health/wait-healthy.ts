// Waits until named services pass their health checks (healthy, or degraded only by slowness),
// re-checking them until a deadline. Used after starts (lifecycle) and by wait_healthy steps.
import { isPassing, type ServiceHealth } from '../../domain/health/health-model.js';
import { HealthTimeoutError, notPassingReason } from '../../domain/health/health-errors.js';
import { UserAbort } from '../../domain/errors.js';

/** What waiting needs from the monitor. */
export interface HealthRechecker {
  recheck(name: string): Promise<ServiceHealth>;
  checkCount(name: string): number;
}

export interface WaitHealthyOptions {
  /** Pause between rounds of checks. @default 500 */
  pollMs?: number;
}

/**
 * Resolves with the passing health of every named service; rejects with HealthTimeoutError naming
 * the first service still failing and its failing check, or UserAbort when `signal` aborts.
 * A service that passed once is not waited for again.
 */
export async function waitHealthy(
  monitor: HealthRechecker,
  names: readonly string[],
  timeoutMs: number,
  signal?: AbortSignal,
  options: WaitHealthyOptions = {},
): Promise<Record<string, ServiceHealth>> {
  const deadline = Date.now() + timeoutMs;
  const pending = new Set(names);
  const latest: Record<string, ServiceHealth> = {};
  const timeout = (): HealthTimeoutError => {
    const first = [...pending][0]!;
    const why = notPassingReason(latest[first], monitor.checkCount(first));
    return new HealthTimeoutError(first, why.check, why.reason, timeoutMs, [...pending]);
  };
  while (pending.size > 0) {
    if (signal?.aborted) throw new UserAbort(`stopped waiting for ${[...pending].join(', ')} to be healthy`);
    const round = Promise.all([...pending].map(async (n) => [n, await monitor.recheck(n)] as const));
    const done = await until(round, deadline - Date.now(), signal);
    if (done === 'aborted') throw new UserAbort(`stopped waiting for ${[...pending].join(', ')} to be healthy`);
    if (done === 'timeout') throw timeout();
    for (const [n, h] of done) {
      latest[n] = h;
      if (isPassing(h, monitor.checkCount(n))) pending.delete(n);
    }
    if (pending.size === 0) break;
    if (Date.now() >= deadline) throw timeout();
    const pause = await until(new Promise<void>((r) => setTimeout(r, Math.min(options.pollMs ?? 500, Math.max(0, deadline - Date.now())))), Infinity, signal);
    if (pause === 'aborted') throw new UserAbort(`stopped waiting for ${[...pending].join(', ')} to be healthy`);
  }
  return Object.fromEntries(names.map((n) => [n, latest[n]!]));
}

/** The promise's value, or 'timeout' after `ms`, or 'aborted' when the signal fires first. */
function until<T>(p: Promise<T>, ms: number, signal?: AbortSignal): Promise<T | 'timeout' | 'aborted'> {
  return new Promise((resolve, reject) => {
    const timer = Number.isFinite(ms) ? setTimeout(() => finish('timeout'), Math.max(0, ms)) : undefined;
    const onAbort = (): void => finish('aborted');
    function finish(v: T | 'timeout' | 'aborted'): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      resolve(v);
    }
    signal?.addEventListener('abort', onAbort, { once: true });
    p.then(finish, (e: unknown) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      reject(e);
    });
  });
}
