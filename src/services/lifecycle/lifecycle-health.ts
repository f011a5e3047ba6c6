// Waiting for a service to be healthy after its start, while watching its process so that a
// crash fails the start at once (with its exit status) instead of after the whole timeout.
import { UserAbort } from '../../domain/errors.js';
import { formatDuration } from '../../domain/duration.js';
import { HealthTimeoutError } from '../../domain/health/health-errors.js';
import type { Service } from '../../domain/profile/profile-model.js';
import type { LifecycleEvent } from '../../domain/lifecycle/lifecycle-events.js';
import type { ServiceController } from '../../ports/service-controller.js';

/** The outcome of waiting for a service to become healthy. */
export interface WaitHealthyResult {
  healthy: boolean;
  /** Name of the check that failed last, and why: "http: status 503 (expected 200)". */
  failedCheck?: string;
  error?: string;
}

/** Resolves once every check of `service` passes, or with healthy=false at the timeout/abort. */
export type WaitHealthy = (service: Service, options: { timeoutMs: number; signal: AbortSignal }) => Promise<WaitHealthyResult>;

/** What `monitorWaitHealthy` needs: the health monitor's own wait (see health-monitor.ts). */
export interface HealthWaiter {
  waitHealthy(names: readonly string[], timeoutMs: number, signal?: AbortSignal): Promise<unknown>;
}

/** Adapts a HealthMonitor (running or not: it re-checks on demand) to the lifecycle's WaitHealthy. */
export function monitorWaitHealthy(monitor: HealthWaiter): WaitHealthy {
  return async (service, { timeoutMs, signal }) => {
    try {
      await monitor.waitHealthy([service.name], timeoutMs, signal);
      return { healthy: true };
    } catch (e) {
      if (e instanceof HealthTimeoutError) return { healthy: false, failedCheck: e.check, error: e.reason };
      if (e instanceof UserAbort) return { healthy: false, error: e.message };
      throw e;
    }
  };
}

export interface HealthWaitOptions {
  waitHealthy: WaitHealthy;
  onEvent?: (event: LifecycleEvent) => void;
  signal?: AbortSignal;
  /** How often to look at the process while waiting. @default 500 */
  exitPollMs?: number;
}

/**
 * Waits for health while watching the process: a service that exits during the wait fails at
 * once with its exit status instead of after the whole start timeout.
 */
export async function waitForHealth(service: Service, ctl: ServiceController, timeoutMs: number, o: HealthWaitOptions): Promise<{ healthy: boolean; message: string; check?: string }> {
  const abort = new AbortController();
  const onOuterAbort = (): void => abort.abort();
  o.signal?.addEventListener('abort', onOuterAbort, { once: true });
  let died: string | undefined;
  const poll = setInterval(() => {
    void (async () => {
      const st = ctl.status ? await ctl.status(service) : { run: await ctl.runState(service), detail: undefined };
      if (st.run === 'exited' || st.run === 'stopped') {
        died = st.detail ? `the process ended during start: ${st.detail}` : `the process ended during start (${st.run})`;
        abort.abort();
      }
    })().catch(() => undefined);
  }, o.exitPollMs ?? 500);
  try {
    if (service.health.length === 0) {
      // Nothing to probe: give a crash-on-start a moment to show, then trust the process.
      await new Promise<void>((r) => {
        const t = setTimeout(r, Math.min(1000, timeoutMs));
        abort.signal.addEventListener('abort', () => { clearTimeout(t); r(); }, { once: true });
      });
      const run = await ctl.runState(service);
      if (died || run !== 'running') return { healthy: false, message: died ?? `not running after start (${run})` };
      return { healthy: true, message: '' };
    }
    o.onEvent?.({ kind: 'waiting-health', service: service.name, timeoutMs });
    const r = await o.waitHealthy(service, { timeoutMs, signal: abort.signal });
    if (r.healthy) return { healthy: true, message: '' };
    if (died) return { healthy: false, message: died };
    if (o.signal?.aborted) return { healthy: false, message: 'aborted while waiting for health' };
    const why = r.error ?? (r.failedCheck ? `check "${r.failedCheck}" failed` : 'no passing result');
    return { healthy: false, message: `not healthy after ${formatDuration(timeoutMs)}: ${why}`, check: r.failedCheck };
  } finally {
    clearInterval(poll);
    o.signal?.removeEventListener('abort', onOuterAbort);
  }
}

