// The one way to launch a detached run, shared by `opsdeck run`, `opsdeck resume` and the
// console: check the environment's lock before anything starts, build the request, write it and
// spawn the runner (clearing what a dead predecessor left), then wait for the runner to come up.
import { existsSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { StepFailedError } from '../../domain/errors.js';
import { describeHolder, inspectLock, LockHeldError, lockPath } from '../../adapters/fs/env-lock.js';
import { runPaths, type RunPaths } from '../../adapters/fs/run-store.js';
import { spawnRunner } from '../../adapters/process/spawn-runner.js';
import type { Operator } from '../../adapters/system/process-identity.js';
import { runnerStatus } from './run-history.js';
import { writeRunRequest, type RunRequest } from './run-request.js';

/** The environment's lock is held by a dead process: the operator may take it over. */
export class StaleLockError extends StepFailedError {}

/**
 * A live holder refuses (naming it and how to attach); a dead one whose run still has processes
 * refuses whatever `takeOverStale` says (naming them: nobody can attach to a dead runner); a
 * stale one refuses with StaleLockError unless `takeOverStale`. Dry runs take no lock and pass.
 */
export function checkLockBeforeStart(profile: string, environment: string, o: { dryRun: boolean; takeOverStale?: boolean; env?: NodeJS.ProcessEnv; attachHint?: (runId: string) => string }): void {
  if (o.dryRun) return;
  const held = inspectLock(lockPath(profile, environment, o.env));
  if (held?.living.length) throw new LockHeldError(environment, held.holder, false, held.living);
  if (held && !held.stale) throw new StepFailedError(`environment ${environment} is locked by ${describeHolder(held.holder)}`, undefined, (o.attachHint ?? ((id) => `attach to it: \`opsdeck attach ${id}\``))(held.holder.runId));
  if (held?.stale && !o.takeOverStale) throw new StaleLockError(`environment ${environment} has a STALE lock: ${describeHolder(held.holder)} — that process is dead`, undefined, `take it over, or \`opsdeck unlock --env ${environment} --force\``);
}

export type NewRun = Omit<RunRequest, 'runId' | 'requestedBy' | 'opsDir'> & { opsDir: string; operator: Operator };

export function buildRunRequest(runId: string, o: NewRun): RunRequest {
  const { operator: me, ...rest } = o;
  return {
    ...rest,
    runId,
    opsDir: resolve(o.opsDir),
    requestedBy: { user: me.user, host: me.host, ...(me.sudoUser ? { sudoUser: me.sudoUser } : {}), ...(me.sshClient ? { sshClient: me.sshClient } : {}) },
  };
}

/** Writes the request and spawns the runner; a resumed run's dead runner left a status and socket that must not pass for the new one's. */
export function spawnDetached(paths: RunPaths, request: RunRequest, env: NodeJS.ProcessEnv = process.env): void {
  rmSync(paths.status, { force: true });
  rmSync(paths.socket, { force: true });
  writeRunRequest(paths, request, env);
  spawnRunner(paths.runId, env);
}

/**
 * Resolves once the runner listens (socket + status past "starting"); throws its startup failure
 * (with the runner's exit code), or after `timeoutMs`. `live`: also refuse a finished run or a
 * dead runner (attaching from the console).
 */
export async function waitForRunnerUp(runId: string, o: { env?: NodeJS.ProcessEnv; timeoutMs?: number; live?: boolean } = {}): Promise<void> {
  const env = o.env ?? process.env;
  const timeoutMs = o.timeoutMs ?? 15_000;
  const paths = runPaths(runId, env);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { status, alive } = runnerStatus(runId, env);
    const failure = (status as { failure?: { message: string; hint?: string; exitCode?: number } } | undefined)?.failure;
    if (failure) throw Object.assign(new StepFailedError(failure.message, undefined, failure.hint), failure.exitCode !== undefined ? { exitCode: failure.exitCode } : {});
    if (o.live && status?.state === 'finished') throw new StepFailedError(`run ${runId} has finished: read it in the history (h)`);
    if (existsSync(paths.socket) && status && status.state !== 'starting' && (!o.live || alive)) return;
    if (Date.now() > deadline) throw new StepFailedError(`the runner of ${runId} did not come up within ${timeoutMs / 1000}s`, undefined, `see ${paths.log}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
