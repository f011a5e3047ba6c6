// `opsdeck attach [RUN]`: follow a running or waiting run from any console on the host, and
// answer its questions on a terminal. Without RUN: the only active run, or a list.
import { EXIT, UsageError } from '../../domain/errors.js';
import { parseCommandArgs } from '../cli-args.js';
import { activeRuns, interruptedRuns, readRun } from '../../services/runs/run-history.js';
import { attachSession } from '../attach-session.js';
import { runListLines } from '../run-list.js';
import { readOnlyRequested } from '../cli-args.js';
import { runEnvironment } from '../read-only-guard.js';
import { readOnlyReason } from '../../domain/policy/action-policy.js';
import { readRunRequest } from '../../services/runs/run-request.js';
import { runPaths } from '../../adapters/fs/run-store.js';

const HELP = `Usage: opsdeck attach [RUN] [--watch]

Attaches to a run executing in its detached runner: shows its journal so far and live output.
On a terminal you answer its confirmations (only one console answers at a time; others watch).
Ctrl-C asks the runner to abort the current step; Ctrl-D leaves, and the run goes on.
--watch never answers. Without RUN: the only active run, or the list of active runs.`;

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('attach', args, { watch: { type: 'boolean' } });
  if (values.help) {
    process.stdout.write(HELP + '\n');
    return EXIT.ok;
  }
  let runId = positionals[0];
  if (!runId) {
    const active = activeRuns();
    if (active.length === 0) {
      const dead = interruptedRuns();
      process.stderr.write(`no active run${dead.length ? `; ${dead.length} interrupted run(s) can be resumed: \`opsdeck resume\`` : ''}\n`);
      return EXIT.failed;
    }
    if (active.length > 1) {
      process.stderr.write('several runs are active; name one:\n' + runListLines(active).join('\n') + '\n');
      return EXIT.usage;
    }
    runId = active[0]!.summary.runId;
  }
  const listing = readRun(runId);
  if (!listing) throw new UsageError(`no run ${runId}`, 'see `opsdeck history`');
  if (listing.live === 'finished') {
    process.stderr.write(`run ${runId} has finished (${listing.summary.status}): \`opsdeck show ${runId}\`\n`);
    return EXIT.failed;
  }
  if (listing.live === 'interrupted') {
    process.stderr.write(`run ${runId} is not running: its runner died. \`opsdeck resume ${runId}\`\n`);
    return EXIT.failed;
  }
  const tty = !!process.stdin.isTTY && !!process.stdout.isTTY;
  // Read-only: answering a run's questions (or aborting it) changes things; watching does not.
  const request = readRunRequest(runPaths(runId));
  const env = request ? runEnvironment(request) : undefined;
  const readonly = readOnlyRequested(values) || !!(env && readOnlyReason(env, {}));
  if (readonly && tty && !values.watch) process.stderr.write('read-only mode: watching only (answering and aborting are changes); leave read-only mode to answer\n');
  return attachSession(runId, { control: tty && !values.watch && !readonly });
}
