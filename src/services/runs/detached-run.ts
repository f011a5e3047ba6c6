// Runs through the detached runner (`opsdeck __runner RUN`, its own session): the console writes
// the request, spawns the runner, waits for its socket and attaches as the controlling console.
// Closing the console never stops such a run; any console can attach to it again.
import { writeRunRequest } from './run-request.js';
import { existsSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { StepFailedError } from '../../domain/errors.js';
import type { Plan } from '../../domain/runbook/plan.js';
import { createRun, runPaths } from '../../adapters/fs/run-store.js';
import { spawnRunner } from '../../adapters/process/spawn-runner.js';
import { connectRunner } from '../../adapters/ipc/runner-socket.js';
import type { Operator } from '../../adapters/system/process-identity.js';
import { runnerStatus } from './run-history.js';
import type { RunRequest } from './run-request.js';
import { connectRunClient, type RunClient } from './run-client.js';

export interface DetachedStart {
  plan: Plan;
  opsDir: string;
  profile: string;
  /** The runbook as `opsdeck run` names it (file name). */
  runbook: string;
  changeRef?: string;
  takeOverStale?: boolean;
  operator: Operator;
  env: NodeJS.ProcessEnv;
}

export async function startDetachedRun(o: DetachedStart): Promise<RunClient> {
  const paths = createRun(o.plan.runbook.name, o.env);
  const request: RunRequest = {
    runId: paths.runId,
    opsDir: resolve(o.opsDir),
    profile: o.profile,
    environment: o.plan.environment.name,
    runbook: o.runbook,
    inputs: o.plan.inputs,
    dryRun: o.plan.dryRun,
    yes: false,
    changeRef: o.changeRef,
    // The plan on screen: the runner refuses if the runbook file changed since it was shown.
    reviewed: { runbook: o.plan.runbook, environmentVars: { ...o.plan.environment.vars } },
    interactive: true,
    awaitClient: true,
    takeOverStale: o.takeOverStale ?? false,
    requestedBy: { user: o.operator.user, host: o.operator.host, ...(o.operator.sudoUser ? { sudoUser: o.operator.sudoUser } : {}), ...(o.operator.sshClient ? { sshClient: o.operator.sshClient } : {}) },
  };
  writeRunRequest(paths, request, o.env);
  spawnRunner(paths.runId, o.env);
  return attachRun(paths.runId, o.operator, o.env);
}

/** Connects to a live runner as the controlling console (or watcher when someone else controls). */
export async function attachRun(runId: string, operator: Operator, env: NodeJS.ProcessEnv, timeoutMs = 15_000): Promise<RunClient> {
  const paths = runPaths(runId, env);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { status, alive } = runnerStatus(runId, env);
    const failure = (status as { failure?: { message: string; hint?: string } } | undefined)?.failure;
    if (failure) throw new StepFailedError(failure.message, undefined, failure.hint);
    if (status?.state === 'finished') throw new StepFailedError(`run ${runId} has finished: read it in the history (h)`);
    if (existsSync(paths.socket) && status && status.state !== 'starting' && alive) break;
    if (Date.now() > deadline) throw new StepFailedError(`the runner of ${runId} did not come up within ${timeoutMs / 1000}s`, undefined, `see ${paths.log}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const channel = await connectRunner(paths.socket);
  const client = connectRunClient(runId, channel, { user: operator.user, host: operator.host, sshClient: operator.sshClient, tty: true });
  client.store.getState().patch({ reportPath: paths.report });
  return client;
}

/** Clears what a dead runner left (status, socket) before starting it again. */
export function clearRunnerLeftovers(runId: string, env: NodeJS.ProcessEnv): void {
  const p = runPaths(runId, env);
  rmSync(p.status, { force: true });
  rmSync(p.socket, { force: true });
}
