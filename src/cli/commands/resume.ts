// `opsdeck resume [RUN] [--rerun | --mark-done | --abort]`: continues a run whose runner died.
// Completed steps are never run again; the interrupted step is shown and the operator (or the
// flag) chooses: re-run it, mark it done, or abort (rolling back completed steps with a rollback).
import { writeSafe } from '../safe-write.js';
import { readRunRequest } from '../../services/runs/run-request.js';
import { EXIT, UsageError } from '../../domain/errors.js';
import { parseCommandArgs } from '../cli-args.js';
import { interruptedRuns, readRun } from '../../services/runs/run-history.js';
import { runPaths } from '../../adapters/fs/run-store.js';
import { currentOperator } from '../../adapters/system/process-identity.js';
import { completedStepIds } from '../../domain/runbook/run-summary.js';
import type { RunRequest } from '../../services/runs/run-request.js';
import { launch } from '../start-run.js';
import { readRunJournal } from '../../adapters/fs/fs-run-journal.js';
import { runListLines } from '../run-list.js';
import { selectProfile } from '../../adapters/fs/profile-loader.js';
import { findRunbook } from '../../adapters/fs/runbook-loader.js';
import { runbookChanges } from '../../domain/runbook/runbook-changes.js';
import { refuseIfReadOnly, runEnvironment } from '../read-only-guard.js';
import { describeLeftovers, leftoversError, runLeftovers, stopLeftovers } from '../../services/runs/run-leftovers.js';

const HELP = `Usage: opsdeck resume [RUN] [--rerun | --mark-done | --abort] [--yes] [--confirm-env E] [--stop-leftovers] [--detach]

Resumes a run whose runner died (kill -9, OOM, reboot). Steps that completed are never run
again. The step that was running when it died is INTERRUPTED: choose
  --rerun       run it again from the start
  --mark-done   you checked it completed: count it as done and go on
  --abort       stop here (completed steps with a rollback are rolled back, per the runbook)
On a terminal without a flag you are asked. --yes and --confirm-env E answer the confirmations
ahead as for \`opsdeck run\`; without them and without a terminal, a question nobody can answer
leaves the run waiting (still resumable), never ends it. Without RUN: the only interrupted run, or a list.

The interrupted step's processes may outlive the runner (they run in their own process group).
While any is still running, resume refuses: wait for them, or add --stop-leftovers to stop them
(SIGTERM, then SIGKILL after 5 s; recorded in the audit log).`;

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('resume', args, {
    rerun: { type: 'boolean' },
    'mark-done': { type: 'boolean' },
    abort: { type: 'boolean' },
    'stop-leftovers': { type: 'boolean' },
    detach: { type: 'boolean' },
    yes: { type: 'boolean', short: 'y' },
    'confirm-env': { type: 'string' },
  });
  if (values.help) {
    process.stdout.write(HELP + '\n');
    return EXIT.ok;
  }
  const chosen = (['rerun', 'mark-done', 'abort'] as const).filter((k) => values[k]);
  if (chosen.length > 1) throw new UsageError('resume: choose one of --rerun, --mark-done, --abort');
  let runId = positionals[0];
  if (!runId) {
    const dead = interruptedRuns();
    if (dead.length === 0) {
      process.stdout.write('no interrupted run to resume\n');
      return EXIT.ok;
    }
    if (dead.length > 1) {
      writeSafe(process.stderr, 'several runs were interrupted; name one:\n' + runListLines(dead).join('\n') + '\n');
      return EXIT.usage;
    }
    runId = dead[0]!.summary.runId;
  }
  const listing = readRun(runId);
  if (!listing) throw new UsageError(`no run ${runId}`, 'see `opsdeck history`');
  if (listing.live === 'finished') throw new UsageError(`run ${runId} already finished (${listing.summary.status}): nothing to resume`);
  if (listing.live !== 'interrupted') throw new UsageError(`run ${runId} is still running (its runner is alive)`, `attach to it: \`opsdeck attach ${runId}\``);
  const paths = runPaths(runId);
  const request = readRunRequest(paths);
  if (!request) throw new UsageError(`run ${runId} cannot be resumed: its request file is gone (${paths.request})`);
  const s = listing.summary;
  // Resuming (re-run, mark done, abort with rollback) changes things: refused read-only.
  if (!request.dryRun) refuseIfReadOnly(`resume ${runId}`, runEnvironment(request), values);
  const done = completedStepIds(s);
  const interrupted = s.steps.find((st) => st.interrupted);
  const out = process.stdout;
  // Titles, commands and journal notes come from files: through the one sanitizer.
  const say = (text: string): void => void writeSafe(out, text);
  say(`run ${runId}: ${s.title} on ${s.profile}/${s.environment}, started by ${s.user}@${s.host}\n`);
  say(`  completed (will not run again): ${done.join(', ') || 'none'}\n`);
  say(`  interrupted: ${interrupted ? `${interrupted.id} — ${interrupted.command}` : 'none (it stopped between steps)'}\n`);
  if (listing.damage) say(`  journal: ${listing.damage}\n`);
  const changed = fileChanges(request);
  if (changed.length) say(`  the runbook file changed since the run started; resume runs the plan journaled then, not the file:\n${changed.map((c) => `    - ${c}\n`).join('')}`);
  const leftovers = runLeftovers(runId);
  if (leftovers.length > 0) {
    say(`  still running from the dead runner:\n${describeLeftovers(leftovers).map((l) => `    ${l}\n`).join('')}`);
    if (!values['stop-leftovers']) throw leftoversError(runId, leftovers);
    await stopLeftovers(runId, leftovers, { profile: s.profile, environment: s.environment, runbook: s.runbook });
    say('  stopped them (recorded in the audit log)\n');
  }
  const tty = !!process.stdin.isTTY && !!process.stdout.isTTY;
  if (interrupted && chosen.length === 0 && !tty) throw new UsageError(`step ${interrupted.id} was interrupted: choose --rerun, --mark-done or --abort`);
  const me = currentOperator();
  if (values['confirm-env'] !== undefined && values['confirm-env'] !== s.environment) throw new UsageError(`--confirm-env ${values['confirm-env']} does not match the environment ${s.environment}`, `type it exactly: --confirm-env ${s.environment}`);
  const next: RunRequest = {
    ...request,
    // Flags given now answer the questions ahead (the run may have died waiting at one).
    yes: request.yes || !!values.yes,
    confirmEnv: values['confirm-env'] ?? request.confirmEnv,
    interactive: tty,
    resume: { ...(chosen[0] ? { decision: chosen[0] } : {}), by: `${me.user}@${me.host}` },
  };
  const code = await launch(paths, next, { detach: !!values.detach, tty });
  if (!values.detach && !readRunJournal(runId).records.some((e) => e.type === 'run-finished')) {
    process.stderr.write(`opsdeck: run ${runId} is waiting for an answer nobody could give here; it is NOT over: \`opsdeck resume ${runId} --yes\` (y/N), --confirm-env ${s.environment} (typed), or resume it on a terminal\n`);
  }
  return code;
}

/** Differences between the frozen definition and the file now (none when it cannot be read). */
function fileChanges(request: RunRequest): string[] {
  if (!request.reviewed) return [];
  try {
    return runbookChanges(request.reviewed.runbook, findRunbook(request.opsDir, request.runbook, selectProfile(request.opsDir, request.profile)));
  } catch {
    return ['the runbook file cannot be loaded now (it does not matter: the journaled plan runs)'];
  }
}
