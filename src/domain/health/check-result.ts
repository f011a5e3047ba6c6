// Building CheckResults and the short error texts shared by every prober.
import { formatDuration } from '../duration.js';
import type { CheckResult } from './health-model.js';

export function passed(check: string, at: number, latencyMs: number, slow = false): CheckResult {
  return slow ? { check, ok: true, slow: true, latencyMs, at } : { check, ok: true, latencyMs, at };
}

export function failed(check: string, at: number, latencyMs: number, error: string): CheckResult {
  return { check, ok: false, latencyMs, at, error };
}

export function timeoutError(timeoutMs: number): string {
  return `timeout after ${formatDuration(timeoutMs)}`;
}

/** Socket / DNS / TLS error codes as an operator reads them. */
export function networkError(code: string | undefined, message: string, host?: string): string {
  switch (code) {
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ECONNRESET':
    case 'EPIPE':
      return 'connection reset';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_NONAME':
      return host ? `host not found: ${host}` : 'host not found';
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return 'host unreachable';
    case 'ETIMEDOUT':
      return 'connect timed out';
    case undefined:
      return message || 'failed';
    default:
      return code.startsWith('ERR_TLS') || code.includes('CERT') ? `tls: ${code}` : `${code}${message && !message.includes(code) ? `: ${message}` : ''}`;
  }
}

/** Last non-empty line of some output, trimmed to a length that fits an error column. */
export function lastLine(text: string, max = 120): string {
  const line = text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean).pop() ?? '';
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
