// Errors of waiting for health: they name the service and the check that kept it from passing.
import { EXIT, OpsdeckError } from '../errors.js';
import { formatDuration } from '../duration.js';
import type { ServiceHealth } from './health-model.js';

export class HealthTimeoutError extends OpsdeckError {
  readonly exitCode = EXIT.failed;
  constructor(
    /** The first service that did not pass in time. */
    readonly service: string,
    /** Its first failing check, when one ran and failed. */
    readonly check: string | undefined,
    readonly reason: string,
    readonly timeoutMs: number,
    /** Every service still not passing. */
    readonly pending: readonly string[],
  ) {
    super(`${service} not healthy after ${formatDuration(timeoutMs)}: ${reason}${pending.length > 1 ? ` (also waiting for ${pending.filter((p) => p !== service).join(', ')})` : ''}`);
    this.name = 'HealthTimeoutError';
    this.hint = `see \`opsdeck status\` and the logs of ${service}`;
  }
}

/** Why a service is not passing, in a few words, with the check to blame when there is one. */
export function notPassingReason(h: ServiceHealth | undefined, expected: number): { check?: string; reason: string } {
  if (!h) return { reason: 'no result yet' };
  if (h.state === 'stopped') return { reason: `it is ${h.run}` };
  const bad = h.checks.find((c) => !c.ok);
  if (bad) return { check: bad.check, reason: `check "${bad.check}" failed: ${bad.error ?? 'failed'}` };
  if (h.checks.length < expected) return { reason: 'checks have not completed yet' };
  if (expected === 0) return { reason: `no health checks and run state ${h.run}` };
  return { reason: `state ${h.state}` };
}
