// The console's runs go to the detached runner (`opsdeck __runner RUN`, its own session) through
// the one launch path (launch-run.ts), then it attaches as the controlling console.
// Closing the console never stops such a run; any console can attach to it again.
import type { Plan } from '../../domain/runbook/plan.js';
import { createRun, runPaths } from '../../adapters/fs/run-store.js';
import { connectRunner } from '../../adapters/ipc/runner-socket.js';
import type { Operator } from '../../adapters/system/process-identity.js';
import { buildRunRequest, spawnDetached, waitForRunnerUp } from './launch-run.js';
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
  const request = buildRunRequest(paths.runId, {
    opsDir: o.opsDir,
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
    operator: o.operator,
  });
  spawnDetached(paths, request, o.env);
  return attachRun(paths.runId, o.operator, o.env);
}

/** Connects to a live runner as the controlling console (or watcher when someone else controls). */
export async function attachRun(runId: string, operator: Operator, env: NodeJS.ProcessEnv, timeoutMs = 15_000): Promise<RunClient> {
  await waitForRunnerUp(runId, { env, timeoutMs, live: true });
  const paths = runPaths(runId, env);
  const channel = await connectRunner(paths.socket);
  const client = connectRunClient(runId, channel, { user: operator.user, host: operator.host, sshClient: operator.sshClient, tty: true });
  client.store.getState().patch({ reportPath: paths.report });
  return client;
}
