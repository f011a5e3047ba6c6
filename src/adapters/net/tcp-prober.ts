// TCP health checks: the port accepts a connection within the timeout. Nothing is sent.
import net from 'node:net';
import type { HealthCheckSpec } from '../../domain/profile/profile-model.js';
import type { CheckResult } from '../../domain/health/health-model.js';
import type { HealthProber } from '../../ports/health-prober.js';
import { failed, passed, networkError, timeoutError } from '../../domain/health/check-result.js';

export class TcpProber implements HealthProber {
  probe(check: HealthCheckSpec, signal: AbortSignal): Promise<CheckResult> {
    const at = Date.now();
    const start = performance.now();
    if (check.kind !== 'tcp') return Promise.resolve(failed(check.name, at, 0, `not a tcp check (${check.kind})`));
    const port = Number(check.port);
    if (!Number.isInteger(port) || port < 1 || port > 65535) return Promise.resolve(failed(check.name, at, 0, `invalid port "${check.port}"`));
    return new Promise<CheckResult>((resolve) => {
      let settled = false;
      const elapsed = (): number => Math.round(performance.now() - start);
      const socket = net.connect({ host: check.host, port });
      const finish = (error?: string): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        socket.destroy();
        resolve(error === undefined ? passed(check.name, at, elapsed()) : failed(check.name, at, elapsed(), error));
      };
      const timer = setTimeout(() => finish(timeoutError(check.timeoutMs)), check.timeoutMs);
      const onAbort = (): void => finish('cancelled');
      socket.once('connect', () => finish());
      socket.once('error', (e: NodeJS.ErrnoException) => finish(networkError(e.code, e.message, check.host)));
      if (signal.aborted) onAbort();
      else signal.addEventListener('abort', onAbort, { once: true });
    });
  }
}
