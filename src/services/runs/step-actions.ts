// Doing one concrete step body: a process (run / shell) through the executor, or a service
// action through the ServiceActions port. Results are uniform; the runner journals them.
import { errorMessage } from '../../domain/errors.js';
import type { Redactor } from '../../domain/text/redaction.js';
import type { ConcreteStep } from '../../domain/runbook/plan.js';
import type { StepOutcome } from '../../domain/runbook/run-events.js';
import type { ServiceActions } from '../../ports/service-actions.js';
import { DEFAULT_GRACE_MS, executeStep, shellArgv, type ExecResult } from '../../adapters/process/step-executor.js';
import { executeRemoteStep } from '../../adapters/ssh/remote-step.js';
import { sshHostFor } from '../../adapters/ssh/ssh-hosts.js';
import type { Host } from '../../domain/fleet/hosts.js';

export interface BodyResult {
  outcome: StepOutcome;
  exitCode?: number;
  tail: string[];
  /** Unmasked: the caller masks it. */
  error?: string;
  /** Raw stdout when asked for (capture). */
  stdout?: string;
}

export interface ProcessStepOptions {
  cwd: string;
  graceMs?: number;
  signal: AbortSignal;
  redactor: Redactor;
  keepStdout: boolean;
  onLine: (stream: 'stdout' | 'stderr', line: string) => void;
  /** The environment's hosts: a step with `host:` runs on one of them. */
  hosts?: readonly Host[];
}

export async function runProcessStep(c: Extract<ConcreteStep, { kind: 'run' | 'shell' }>, o: ProcessStepOptions): Promise<BodyResult> {
  const r = c.host ? await remoteProcessStep(c, o) : await executeStep({
    argv: c.kind === 'run' ? c.argv : shellArgv(c.script),
    cwd: o.cwd,
    env: c.env,
    timeoutMs: c.timeoutMs,
    graceMs: o.graceMs,
    signal: o.signal,
    redactor: o.redactor,
    keepStdout: o.keepStdout,
    onLine: o.onLine,
  });
  const outcome: StepOutcome = r.aborted ? 'aborted' : r.timedOut ? 'timed-out' : r.failed ? 'failed' : 'succeeded';
  return { outcome, exitCode: r.exitCode, tail: r.tail, error: r.error, stdout: r.stdout };
}

function remoteProcessStep(c: Extract<ConcreteStep, { kind: 'run' | 'shell' }>, o: ProcessStepOptions): Promise<ExecResult> {
  const host = o.hosts?.find((h) => h.name === c.host);
  if (!host) return Promise.resolve({ failed: true, timedOut: false, aborted: false, durationMs: 0, tail: [], error: `host ${c.host} is not a host of this environment` });
  return executeRemoteStep({
    host: sshHostFor(host.ssh, host.name),
    argv: c.kind === 'run' ? c.argv : ['sh', '-c', c.script],
    cwd: c.cwd, env: c.env, timeoutMs: c.timeoutMs, signal: o.signal, redactor: o.redactor, keepStdout: o.keepStdout, onLine: o.onLine,
    // The same grace as a local step's (SIGTERM, then SIGKILL), applied on the host.
    graceMs: o.graceMs ?? DEFAULT_GRACE_MS,
  });
}

/** start/stop/restart within the step's timeout, or wait_healthy with its own. */
export async function runServiceStep(c: Extract<ConcreteStep, { kind: 'service' | 'wait_healthy' }>, services: ServiceActions, abort: AbortSignal): Promise<BodyResult> {
  const timeout = c.kind === 'service' && c.timeoutMs ? AbortSignal.timeout(c.timeoutMs) : undefined;
  const signal = timeout ? AbortSignal.any([abort, timeout]) : abort;
  try {
    if (c.kind === 'wait_healthy') await services.waitHealthy(c.services, c.timeoutMs, signal);
    else await services[c.action](c.services, signal);
    return { outcome: 'succeeded', tail: [] };
  } catch (e) {
    const error = errorMessage(e);
    return { outcome: abort.aborted ? 'aborted' : timeout?.aborted ? 'timed-out' : 'failed', tail: [error], error };
  }
}
