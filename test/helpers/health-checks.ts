// Health check specs for tests, with the defaults the profile model would give.
import type { HealthCheckSpec } from '../../src/domain/profile/profile-model.js';

type Http = Extract<HealthCheckSpec, { kind: 'http' }>;

export function httpCheck(url: string, extra: Partial<Http> = {}): Http {
  return { kind: 'http', name: 'http', intervalMs: 5000, timeoutMs: 2000, url, method: 'GET', headers: {}, ...extra };
}

export function tcpCheck(port: number | string, extra: Partial<Extract<HealthCheckSpec, { kind: 'tcp' }>> = {}): HealthCheckSpec {
  return { kind: 'tcp', name: 'tcp', intervalMs: 5000, timeoutMs: 2000, host: '127.0.0.1', port: String(port), ...extra };
}

export function commandCheck(command: string[], extra: Partial<Extract<HealthCheckSpec, { kind: 'command' }>> = {}): HealthCheckSpec {
  return { kind: 'command', name: 'command', intervalMs: 5000, timeoutMs: 2000, command, ...extra };
}
