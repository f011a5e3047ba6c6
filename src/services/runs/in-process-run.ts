// Runs a runbook inside the console process, behind the same attach protocol a detached runner
// speaks (AttachHub + an in-memory channel), so the console's run screen cannot tell the
// difference. Used until the detached runner is wired in; closing the console ends such a run.
import { writeStateFile } from '../../adapters/fs/state-dir.js';
import type { Plan } from '../../domain/runbook/plan.js';
import type { RunEvent } from '../../domain/runbook/run-events.js';
import type { RunState } from '../../domain/runbook/run-state.js';
import { renderReport } from '../../domain/runbook/report.js';
import type { Redactor } from '../../domain/text/redaction.js';
import type { ServiceActions } from '../../ports/service-actions.js';
import { createRun } from '../../adapters/fs/run-store.js';
import { FsRunJournal } from '../../adapters/fs/fs-run-journal.js';
import { acquireLock, lockPath, releaseLock } from '../../adapters/fs/env-lock.js';
import type { Operator } from '../../adapters/system/process-identity.js';
import { AttachHub } from './attach-hub.js';
import { RunbookRunner } from './runbook-runner.js';
import { memoryChannelPair } from './memory-channel.js';
import type { ClientChannel } from './run-client.js';

export interface InProcessRunOptions {
  plan: Plan;
  profile: string;
  changeRef?: string;
  services: ServiceActions;
  redactor: Redactor;
  baseDir: string;
  operator: Operator;
  env: NodeJS.ProcessEnv;
  healthOf?: (names: readonly string[]) => Promise<Record<string, string>>;
  /** Called once with the final state, after the report is written. */
  onFinished?: (state: RunState) => void;
}

export interface InProcessRun {
  runId: string;
  reportPath: string;
  channel: ClientChannel;
  done: Promise<RunState>;
  /** Kills the running step (console closing): the run ends aborted. */
  abortNow(): void;
}

const KEEP_EVENTS = 2000;

/** Throws LockHeldError when another run holds the environment (dry runs take no lock). */
export function startInProcessRun(o: InProcessRunOptions): InProcessRun {
  const paths = createRun(o.plan.runbook.name, o.env);
  const lockFile = lockPath(o.profile, o.plan.environment.name, o.env);
  if (!o.plan.dryRun) acquireLock({ file: lockFile, environment: o.plan.environment.name, user: o.operator.user, runbook: o.plan.runbook.name, runId: paths.runId, takeOverStale: true });
  const journal = new FsRunJournal(paths.runId, o.env);
  // What a console attaching later would be sent first; output lines beyond the cap are dropped.
  const history: RunEvent[] = [];
  const hub = new AttachHub({ runId: paths.runId, pid: process.pid, history: () => history, onAbortRequest: () => void runner.interrupt() });
  const runner: RunbookRunner = new RunbookRunner(o.plan, {
    journal,
    confirmer: hub,
    services: o.services,
    redactor: o.redactor,
    baseDir: o.baseDir,
    failureMode: 'ask',
    healthOf: o.healthOf,
    meta: { profile: o.profile, user: o.operator.user, host: o.operator.host, pid: process.pid, sudoUser: o.operator.sudoUser, sshClient: o.operator.sshClient, changeRef: o.changeRef },
    onEvent: (e) => {
      history.push(e);
      if (history.length > KEEP_EVENTS) {
        const at = history.findIndex((x) => x.type === 'step-output');
        if (at >= 0) history.splice(at, 1);
      }
      hub.broadcast(e);
    },
  });
  const { server, client } = memoryChannelPair();
  hub.addClient(server);
  hub.setState('running');
  // The run starts once the console has said hello (the hub handles it first), so the console
  // sees every event live, even of a run that finishes at once (dry run).
  const hello = new Promise<void>((resolve) => {
    server.onMessage((m) => m.t === 'hello' && resolve());
    setTimeout(resolve, 2000).unref();
  });
  const done = hello.then(() => runner.run()).finally(async () => {
    try {
      writeStateFile(paths.report, renderReport(history, o.redactor));
    } catch {
      /* the journal still has everything; `opsdeck show` rebuilds the report */
    }
    await journal.close();
    if (!o.plan.dryRun) releaseLock(lockFile, paths.runId);
    hub.setState('finished');
    hub.closeAll('run finished');
  });
  void done.then((s) => o.onFinished?.(s), () => undefined);
  return { runId: paths.runId, reportPath: paths.report, channel: client, done, abortNow: () => runner.abortStep() };
}
