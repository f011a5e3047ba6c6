// The detached runner: one process per run, in its own session, owning the run's lock, journal,
// socket and audit entries. Consoles attach and detach; the run goes on. Also resumes a run
// whose previous runner died: completed steps stay done, the interrupted one is asked about.
import { lostSecretInputs, readRunRequest, removeRunRequest } from './run-request.js';
import { rmSync } from 'node:fs';
import type { Server } from 'node:net';
import { runPaths } from '../../adapters/fs/run-store.js';
import { FsRunJournal, readRunJournal } from '../../adapters/fs/fs-run-journal.js';
import { listenRunnerSocket } from '../../adapters/ipc/runner-socket.js';
import { acquireLock, describeHolder, inspectLock, lockPath, releaseLock, updateLock, removeIfStill, LockHeldError, type LockHolder } from '../../adapters/fs/env-lock.js';
import { AuditLog } from '../../adapters/fs/audit-log.js';
import { currentStamp } from '../../adapters/system/process-identity.js';
import { AttachHub } from './attach-hub.js';
import { RunnerConfirmer } from './runner-confirmer.js';
import { standardStepEnv } from './step-env.js';
import type { Confirmer } from '../../ports/confirmer.js';
import type { ServiceControllers } from '../health/health-monitor.js';
import { createGuardCheck } from './run-guard.js';
import { setupRun } from './run-setup.js';
import { auditEvent } from './run-audit.js';
import { RunbookRunner } from './runbook-runner.js';
import { replay, reduceRun, type RunState } from '../../domain/runbook/run-state.js';
import { writeReport } from './run-report.js';
import type { RunEvent } from '../../domain/runbook/run-events.js';
import type { RunnerStatus } from '../../domain/runbook/runner-protocol.js';
import type { RunRequest } from './run-request.js';
import { errorMessage, OpsdeckError, EXIT, UsageError } from '../../domain/errors.js';
import { writeStateJson } from '../../adapters/fs/state-dir.js';

export interface StartupFailure {
  message: string;
  hint?: string;
  exitCode: number;
}

export interface DetachedRunnerOptions {
  /** Answers from flags (--yes, --confirm-env) without a terminal; throws OperatorUnavailable otherwise. */
  flagConfirmer: (req: RunRequest) => Confirmer;
  /** Run-state providers by service kind (process supervisor, Docker), as headless commands use. */
  controllers?: () => Promise<ServiceControllers>;
}

export async function runDetached(runId: string, options: DetachedRunnerOptions, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const paths = runPaths(runId, env);
  const stamp = currentStamp();
  const writeStatus = (s: RunnerStatus, failure?: StartupFailure) => writeStateJson(paths.status, { ...s, ...stamp, ...(failure ? { failure } : {}) });
  const req = readRunRequest(paths, env);
  const fail = (e: unknown): number => {
    const failure: StartupFailure = { message: errorMessage(e), hint: e instanceof OpsdeckError ? e.hint : undefined, exitCode: e instanceof OpsdeckError ? e.exitCode : EXIT.failed };
    writeStatus({ runId, state: 'finished', pid: process.pid, clients: 0, updatedAt: Date.now(), detail: failure.message }, failure);
    process.stderr.write(`runner ${runId}: could not start: ${failure.message}\n`);
    return failure.exitCode;
  };
  if (!req) return fail(new Error(`run ${runId} has no request.json: nothing to run`));
  const lost = lostSecretInputs(req);
  if (lost.length) return fail(new UsageError(`the secret input(s) ${lost.join(', ')} of run ${runId} are gone (they are kept only until the run ends, never on disk beside it; a reboot clears them)`, 'start a new run (--take-over takes over the stale lock the interrupted one left)'));
  const previous = readRunJournal(runId, env).records;
  const started = previous.find((e) => e.type === 'run-started');
  const resuming = !!started;
  let setup: Awaited<ReturnType<typeof setupRun>>;
  try {
    // A resume runs the plan frozen at the start (never the file as it is now).
    setup = await setupRun(req, env, options.controllers ? await options.controllers() : {}, { resuming, journaled: started?.definition });
  } catch (e) {
    return fail(e);
  }
  const audit = new AuditLog({ redactor: setup.redactor, env });
  const lockFile = lockPath(setup.profile.name, setup.environment.name, env);
  if (!req.dryRun) {
    try {
      takeLock(lockFile, req, resuming, (previous, how, won) =>
        audit.append({ action: 'lock.takeover', profile: setup.profile.name, environment: setup.environment.name, runbook: req.runbook, runId, outcome: won ? 'taken-over' : 'removed-stale', detail: `${how}${won ? '' : ' (removed it; another run took the lock first)'}: ${describeHolder(previous)}` }),
      );
    } catch (e) {
      if (e instanceof LockHeldError) audit.append({ action: 'lock.refused', profile: setup.profile.name, environment: setup.environment.name, runbook: req.runbook, runId, outcome: 'refused', detail: e.message });
      return fail(e);
    }
  }
  const journal = new FsRunJournal(runId, env);
  const hub = new AttachHub({
    runId,
    pid: process.pid,
    history: () => readRunJournal(runId, env).records,
    onStatus: (s) => {
      // The lock first: whoever sees the new state in status.json finds the lock already saying so.
      if (!req.dryRun) updateLock(lockFile, runId, { waiting: s.state === 'waiting' ? `run ${runId} waiting for an operator: ${s.detail ?? ''}` : undefined });
      writeStatus(s);
    },
    onAbortRequest: () => void runner?.interrupt(),
    onStopRequest: (reason) => runner?.requestStop(reason),
  });
  let server: Server | undefined;
  let runner: RunbookRunner | undefined;
  try {
    server = await listenRunnerSocket(paths.socket, (ch) => hub.addClient(ch));
    let resumeState: RunState | undefined;
    if (resuming) resumeState = await resumeFrom(previous, setup.plan, journal, hub);
    const confirmer = new RunnerConfirmer(options.flagConfirmer(req), req.resume, req.interactive ? hub : undefined);
    runner = new RunbookRunner(
      setup.plan,
      {
        journal,
        confirmer,
        services: setup.services.actions,
        // A dry run reads health (a health wait is simulated by checking it now); it changes nothing.
        healthOf: setup.services.healthOf,
        guardCheck: req.dryRun ? undefined : await createGuardCheck(setup.plan.runbook.guard, setup.services.healthOf),
        stepEnv: standardStepEnv(env),
        auditHead: req.dryRun ? undefined : () => audit.head(),
        redactor: setup.redactor,
        baseDir: setup.baseDir,
        meta: { profile: setup.profile.name, ...req.requestedBy, pid: process.pid, changeRef: req.changeRef },
        // Resumed without a terminal: an unanswerable question leaves the run resumable, never ends it.
        parkWhenUnanswered: resuming && !req.interactive,
        // --abort on resume answers the failure question with rollback (see RunnerConfirmer).
        failureMode: (req.interactive && req.failureMode === 'ask') || req.resume?.decision === 'abort' ? 'ask' : 'auto',
        onEvent: (event) => {
          hub.broadcast(event);
          auditEvent(audit, event, setup, runId, req);
        },
      },
      resumeState,
    );
    hub.setState('running');
    if (req.awaitClient) await Promise.race([hub.firstClient, new Promise((r) => setTimeout(r, 5000))]);
    // Terminated (shutdown): kill the step's group, let on_failure decide, start nothing new.
    process.on('SIGTERM', () => runner?.requestStop('runner terminated by SIGTERM'));
    const final = await runner.run();
    await journal.close();
    await setup.services.close();
    writeReport(runId, env, setup.redactor);
    hub.setState('finished', final.outcome);
    hub.closeAll(`run ${final.outcome ?? 'ended'}`);
    return final.outcome === 'succeeded' ? EXIT.ok : EXIT.failed;
  } catch (e) {
    process.stderr.write(`runner ${runId}: ${errorMessage(e)}\n${e instanceof Error ? e.stack : ''}\n`);
    hub.closeAll(`runner error: ${errorMessage(e)}`);
    return EXIT.bug;
  } finally {
    server?.close();
    rmSync(paths.socket, { force: true });
    if (!req.dryRun) releaseLock(lockFile, runId);
    if (readRunJournal(runId, env).records.some((e) => e.type === 'run-finished')) removeRunRequest(paths, env);
  }
}

/** Our own lock left by our dead predecessor is ours to take back; anyone else's only when stale and asked. Both are audited. */
function takeLock(file: string, req: RunRequest, resuming: boolean, audit: (previous: LockHolder, how: string, won: boolean) => void): void {
  const info = inspectLock(file);
  if (resuming && info && info.holder.runId === req.runId && info.stale && removeIfStill(file, info.holder)) audit(info.holder, 'resume took back the lock of its own dead runner', true);
  acquireLock({ file, environment: req.environment, user: req.requestedBy.user, runbook: req.runbook, runId: req.runId, takeOverStale: req.takeOverStale, onTakeOver: (prev, won) => audit(prev, '--take-over of a stale lock (holder dead, no process of its run left)', won) });
}

/** Rebuilds the state from the journal and records the resume; the interrupted step is marked. */
async function resumeFrom(events: readonly RunEvent[], plan: Awaited<ReturnType<typeof setupRun>>['plan'], journal: FsRunJournal, hub: AttachHub): Promise<RunState> {
  let state = replay(plan, events);
  const running = Object.values(state.steps).find((r) => r.status === 'running' || r.rollback?.status === 'running');
  const resumed: RunEvent = { type: 'run-resumed', at: Date.now(), pid: process.pid, ...(running ? { interruptedStepId: running.id } : {}) };
  if (journal.repairedTail) await journal.append({ type: 'note', at: Date.now(), message: `a torn journal line left by the crash was discarded (${journal.repairedTail.length} bytes)` });
  await journal.append(resumed);
  hub.broadcast(resumed);
  state = reduceRun(state, resumed);
  return state;
}
