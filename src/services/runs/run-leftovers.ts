// Resuming a run whose runner died must not start anything beside a step that is still going:
// the dead runner's step processes live on in their own process groups. Both ways to resume
// (the CLI and the console) check here first; stopping them is explicit, and audited.
import { AuditLog } from '../../adapters/fs/audit-log.js';
import { findRunProcesses, stopRunProcesses, type RunProcess } from '../../adapters/system/run-processes.js';
import { StepFailedError } from '../../domain/errors.js';

export type { RunProcess };

export function runLeftovers(runId: string): RunProcess[] {
  return findRunProcesses(runId);
}

export function describeLeftovers(processes: readonly RunProcess[]): string[] {
  return processes.map((p) => `pid ${p.pid} (group ${p.pgid}): ${p.command}`);
}

export function leftoversError(runId: string, processes: readonly RunProcess[]): StepFailedError {
  return new StepFailedError(
    `run ${runId}: ${processes.length} process${processes.length === 1 ? '' : 'es'} of its interrupted step ${processes.length === 1 ? 'is' : 'are'} still running (${describeLeftovers(processes).join('; ')})`,
    undefined,
    `wait for ${processes.length === 1 ? 'it' : 'them'} to end, or stop ${processes.length === 1 ? 'it' : 'them'}: \`opsdeck resume ${runId} --stop-leftovers\``,
  );
}

/** Stops them (SIGTERM, then SIGKILL) and records it in the audit log. Throws if any survive. */
export async function stopLeftovers(runId: string, processes: readonly RunProcess[], facts: { profile: string; environment: string; runbook: string }, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const left = await stopRunProcesses(runId, processes);
  new AuditLog({ env }).append({
    action: 'run.stop-leftovers',
    ...facts,
    runId,
    outcome: left.length ? 'failed' : 'stopped',
    detail: describeLeftovers(processes).join('; '),
  });
  if (left.length) throw new StepFailedError(`run ${runId}: could not stop ${describeLeftovers(left).join('; ')}`);
}
