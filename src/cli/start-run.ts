// Starting a run in a detached runner from the shell, through the one launch path
// (services/runs/launch-run.ts): lock check, request, runner; then attach to it — or return at once.
import { writeSafe } from './safe-write.js';
import { askLine } from './ask-line.js';
import { createRun, type RunPaths } from '../adapters/fs/run-store.js';
import { readRunJournal } from '../adapters/fs/fs-run-journal.js';
import { buildRunRequest, checkLockBeforeStart, spawnDetached, StaleLockError } from '../services/runs/launch-run.js';
import { currentOperator } from '../adapters/system/process-identity.js';
import { StepFailedError } from '../domain/errors.js';
import type { ProfileContext } from './command-context.js';
import type { RunRequest } from '../services/runs/run-request.js';
import { attachSession, waitForRunner, type AttachOptions } from './attach-session.js';

/** `inputs` are already checked by prepareRun. */
export interface StartRunOptions extends Pick<RunRequest, 'runbook' | 'inputs' | 'dryRun' | 'yes' | 'confirmEnv' | 'changeRef' | 'reviewed'> {
  takeOver?: boolean;
  /** Start and return at once (print the run id) instead of attaching. */
  detach?: boolean;
  tty: boolean;
  attach?: Pick<AttachOptions, 'render' | 'json'>;
}

export async function startDetachedRun(ctx: ProfileContext, o: StartRunOptions): Promise<number> {
  const { profile, environment } = ctx;
  let takeOverStale = o.takeOver ?? false;
  try {
    checkLockBeforeStart(profile.name, environment.name, { dryRun: o.dryRun, takeOverStale });
  } catch (e) {
    if (!(e instanceof StaleLockError)) throw e;
    if (!o.tty) throw new StepFailedError(e.message, undefined, 'pass --take-over to take it over, or `opsdeck unlock --env ' + environment.name + ' --force`');
    takeOverStale = /^y(es)?$/i.test(((await askLine(`${e.message}\nTake the lock over? [y/N] `)) ?? '').trim());
    if (!takeOverStale) throw new StepFailedError('lock not taken over: nothing was run');
  }
  const paths = createRun(o.runbook);
  const request = buildRunRequest(paths.runId, {
    opsDir: ctx.ops.root,
    profile: profile.name,
    environment: environment.name,
    runbook: o.runbook,
    inputs: o.inputs,
    dryRun: o.dryRun,
    yes: o.yes,
    confirmEnv: o.confirmEnv,
    changeRef: o.changeRef,
    reviewed: o.reviewed,
    // A detached start is for attaching later: its questions wait for an operator instead of stopping.
    interactive: o.tty || !!o.detach,
    takeOverStale,
    operator: currentOperator(),
  });
  return launch(paths, request, o);
}

/** Writes the request, spawns the runner, attaches (or waits for it to come up when detaching). */
export async function launch(paths: RunPaths, request: RunRequest, o: { detach?: boolean; tty: boolean; attach?: StartRunOptions['attach'] }): Promise<number> {
  spawnDetached(paths, { ...request, awaitClient: !o.detach });
  if (o.detach) {
    await waitForRunner(paths.runId);
    process.stdout.write(`${paths.runId}\n`);
    process.stderr.write(`run ${paths.runId} started in the background: \`opsdeck attach ${paths.runId}\` to follow it\n`);
    return 0;
  }
  if (o.tty) process.stderr.write(`run ${paths.runId} executes in a detached runner: closing this console does not stop it (\`opsdeck attach ${paths.runId}\` to come back)\n`);
  const code = await attachSession(paths.runId, { control: o.tty, owner: true, quietHistory: false, via: 'tty', ...o.attach });
  const finished = readRunJournal(paths.runId).records.find((e) => e.type === 'run-finished');
  if (!o.attach?.json) process.stdout.write(`Journal: ${paths.journal}\nReport: ${paths.report}\n`);
  if (finished?.type === 'run-finished' && finished.outcome === 'stopped' && finished.message) writeSafe(process.stderr, `opsdeck: run stopped: ${finished.message}\n`);
  return code;
}

