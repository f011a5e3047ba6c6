// What a start/stop did to each instance of a service that has several (one per host, one per
// replica), and how that reads: "web@web-1 restarted, web@web-2 failed: cannot reach Docker ...".
import { EXIT, OpsdeckError } from '../errors.js';

/** What an action did to one instance of a service with several (hosts, replicas). */
export interface InstanceActionReport {
  /** The instance's name: "web@web-1". */
  instance: string;
  outcome: 'started' | 'stopped' | 'already-running' | 'already-stopped' | 'failed';
  /** Why it failed. */
  message?: string;
}

const WORDS: Record<InstanceActionReport['outcome'], string> = {
  started: 'started', stopped: 'stopped', 'already-running': 'already running', 'already-stopped': 'already stopped', failed: 'failed',
};

/** "web@web-1 stopped, web@web-2 failed: cannot reach Docker at ssh://web-2: ...". */
export function describeInstanceReports(reports: readonly InstanceActionReport[]): string {
  return reports.map((r) => `${r.instance} ${WORDS[r.outcome]}${r.message ? `: ${r.message}` : ''}`).join(', ');
}

/**
 * A restart is a stop then a start: each instance's two reports as one ("restarted" when it was
 * stopped and started again, "started" when it was not running, the failure when either failed).
 */
export function restartReports(stopped: readonly InstanceActionReport[], started: readonly InstanceActionReport[]): string {
  const names = [...new Set([...stopped, ...started].map((r) => r.instance))];
  return names
    .map((name) => {
      const s = stopped.find((r) => r.instance === name);
      const t = started.find((r) => r.instance === name);
      const failed = [s, t].find((r) => r?.outcome === 'failed');
      if (failed) return `${name} failed: ${failed.message ?? 'failed'}`;
      if (s?.outcome === 'stopped' && t && t.outcome !== 'already-running') return `${name} restarted`;
      return describeInstanceReports([t ?? s!]);
    })
    .join(', ');
}

/** Some instances failed (each named), after the others were acted on. */
export class InstancesActionError extends OpsdeckError {
  readonly exitCode = EXIT.failed;
  constructor(readonly reports: InstanceActionReport[]) {
    super(describeInstanceReports(reports.filter((r) => r.outcome === 'failed')));
    this.name = 'InstancesActionError';
  }
}
