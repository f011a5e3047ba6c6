// What an attached console says when its runner's socket closes before the run finished: the
// runner died (SIGKILL, out of memory, a reboot) and the run is interrupted, or only the
// connection went. Either way the operator learns what state the run is in and the way on;
// the attach used to end silently with exit 1.
import { readRunJournal } from '../../adapters/fs/fs-run-journal.js';
import { runStanding, summarizeRun } from '../../domain/runbook/run-summary.js';
import { runnerStatus } from './run-history.js';
import { describeLeftovers, runLeftovers } from './run-leftovers.js';

/**
 * Lines for the operator once the runner's connection closed with no run-finished. Waits (up to
 * `settleMs`) for a dying runner to be gone from the process table: its socket closes first.
 */
export async function runnerGoneLines(runId: string, settleMs = 3000): Promise<string[]> {
  const deadline = Date.now() + settleMs;
  while (runnerStatus(runId).alive && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  const { status, alive } = runnerStatus(runId);
  if (alive) return [`lost the connection to the runner of run ${runId}; the run goes on (${status?.state ?? 'running'}): \`opsdeck attach ${runId}\` to follow it again`];
  const at = runStanding(summarizeRun(readRunJournal(runId).records));
  const where = at.running
    ? `during step ${at.running}${at.phase === 'rollback' ? ' (rollback)' : ''}`
    : status?.state === 'waiting' ? `while waiting for an operator${status.detail ? ` (${status.detail})` : ''}` : 'between steps';
  const lines = [
    `the runner of run ${runId} is gone (pid ${status?.pid ?? '?'} died: killed, out of memory, or the host restarted) ${where}`,
    `run ${runId} is interrupted: ${at.finished} of ${at.total} step(s) done${at.running ? `, step ${at.running} did not finish` : ''}`,
  ];
  const leftovers = runLeftovers(runId);
  if (leftovers.length) {
    lines.push(`${leftovers.length} process${leftovers.length === 1 ? '' : 'es'} of ${at.running ? `step ${at.running}` : 'its step'} still running: ${describeLeftovers(leftovers).join('; ')}`);
    lines.push(`wait for ${leftovers.length === 1 ? 'it' : 'them'} to end and \`opsdeck resume ${runId}\`, or stop ${leftovers.length === 1 ? 'it' : 'them'} and resume: \`opsdeck resume ${runId} --stop-leftovers\``);
  } else lines.push(`resume it: \`opsdeck resume ${runId}\` (finished steps are not run again)`);
  return lines;
}
