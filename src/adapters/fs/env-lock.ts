// One mutating run per environment: <stateDir>/locks/<profile>-<env>.lock (each name part
// %-encoded, so no two pairs share a file), through the one lock primitive (lock-file.ts).
// Stale only when the holder AND every process of its run are gone: a runner killed with
// SIGKILL leaves its step running, and that step is still a mutating run.
import { renameSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { stateSubdir, writeNewStateFile } from './state-dir.js';
import { holderState, readLock as readLockFile, releaseLockIf, removeLockIf, sameHolder, tryCreateLock, type LockRecord } from './lock-file.js';
import type { ProcessStamp } from '../system/process-identity.js';
import type { RunProcess } from '../system/run-processes.js';
import { OpsdeckError, EXIT } from '../../domain/errors.js';

export interface LockHolder extends ProcessStamp {
  user: string;
  runbook: string;
  runId: string;
  since: string;
  /** Set while the run waits for a person (no console attached). */
  waiting?: string;
}

/** A holder whose "runbook" starts with this is a service action (opsdeck start …), not a run. */
export const SERVICE_ACTION_HOLDER = 'opsdeck ';

export class LockHeldError extends OpsdeckError {
  readonly exitCode = EXIT.failed;
  constructor(readonly environment: string, readonly holder: LockHolder, readonly stale: boolean, readonly living: readonly RunProcess[] = []) {
    super(
      `environment ${environment} is locked by ${describeHolder(holder)}${stale ? ' — the holder is gone (stale lock)' : ''}` +
        (living.length ? ` — its runner is gone but ${living.length} process${living.length === 1 ? '' : 'es'} of its run still run${living.length === 1 ? 's' : ''} (${living.map((p) => `pid ${p.pid}: ${p.command}`).join('; ')}): not stale` : ''),
    );
    this.name = 'LockHeldError';
    this.hint = stale
      ? 'the holding process is dead on this host: take the lock over, or `opsdeck unlock --env ' + environment + ' --force`'
      : living.length
        ? `wait for them to end, or stop them: \`opsdeck resume ${holder.runId} --stop-leftovers\``
        : holder.runbook.startsWith(SERVICE_ACTION_HOLDER)
        ? `wait for \`${holder.runbook}\` to finish`
        : `wait for run ${holder.runId} to finish, or attach to it: \`opsdeck attach ${holder.runId}\``;
  }
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));

/** Name parts %-encoded except [A-Za-z0-9_.]: `-` never appears inside a part, so the pair is unambiguous. */
export const lockNamePart = (s: string): string => Array.from(Buffer.from(s, 'utf8')).map((b) => (/[A-Za-z0-9_.]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`)).join('');

export function describeHolder(h: LockHolder): string {
  return `${h.user}@${h.host} (pid ${h.pid}, runbook ${h.runbook}, run ${h.runId}, since ${h.since})`;
}

export function lockPath(profile: string, environment: string, env: NodeJS.ProcessEnv = process.env): string {
  return join(stateSubdir('locks', env), `${lockNamePart(profile)}-${lockNamePart(environment)}.lock`);
}

export function readLock(file: string): LockHolder | undefined {
  return readLockFile<LockHolder>(file);
}

export interface LockInfo {
  holder: LockHolder;
  stale: boolean;
  /** Processes of the holder's run still alive although the holder is dead (then not stale). */
  living: RunProcess[];
}

export function inspectLock(file: string): LockInfo | undefined {
  const holder = readLock(file);
  if (!holder) return undefined;
  const { stale, living } = holderState(holder);
  return { holder, stale, living };
}

export interface AcquireOptions {
  file: string;
  environment: string;
  user: string;
  runbook: string;
  runId: string;
  /** Take over a stale lock (dead holder on this host, no process of its run left) instead of failing. */
  takeOverStale?: boolean;
  /**
   * Called once we removed a stale lock, with its holder: the caller audits it. `won`: we then got
   * the lock; false: another contender's link() came first (the removal is still ours to record).
   */
  onTakeOver?: (previous: LockHolder, won: boolean) => void;
  pid?: number;
}

/** The lock, or a LockHeldError naming the holder (and whether it is stale). */
export function acquireLock(o: AcquireOptions): LockHolder {
  const mine = { user: o.user, runbook: o.runbook, runId: o.runId, since: new Date().toISOString() };
  let tookOver: LockHolder | undefined;
  // A few rounds: between our link() and read the lock may be released, or another process may
  // be in the middle of taking the same stale lock over (we wait for it and then see its lock).
  for (let attempt = 0; attempt < 200; attempt++) {
    const got = tryCreateLock(o.file, mine, o.pid ?? process.pid);
    if (got) {
      if (tookOver) o.onTakeOver?.(tookOver, true);
      return got as LockHolder;
    }
    const info = inspectLock(o.file);
    if (!info) continue; // released (or unreadable for an instant) between link and read: retry
    if (!info.stale || !o.takeOverStale) {
      if (tookOver) o.onTakeOver?.(tookOver, false);
      throw new LockHeldError(o.environment, info.holder, info.stale, info.living);
    }
    if (removeLockIf(o.file, (now) => sameHolder(now, info.holder as unknown as LockRecord))) tookOver = info.holder;
    else Atomics.wait(sleeper, 0, 0, 5);
  }
  if (tookOver) o.onTakeOver?.(tookOver, false);
  const info = inspectLock(o.file);
  if (info) throw new LockHeldError(o.environment, info.holder, info.stale, info.living);
  throw new LockHeldError(o.environment, { ...mine, host: '?', pid: 0 }, false);
}

/** Removes the lock only if it still names `expected` (see removeLockIf). */
export function removeIfStill(file: string, expected: LockHolder): boolean {
  return removeLockIf(file, (now) => sameHolder(now, expected as unknown as LockRecord));
}

/** Releases our own lock; a lock someone else holds (after a forced unlock) is left alone. */
export function releaseLock(file: string, runId: string): boolean {
  return releaseLockIf(file, (now) => now.runId === runId);
}

/** Rewrites our lock's content (e.g. "waiting for an operator") without ever dropping it. */
export function updateLock(file: string, runId: string, patch: Partial<Pick<LockHolder, 'waiting' | 'pid' | 'pidStart' | 'bootId' | 'host'>>): boolean {
  const now = readLock(file);
  if (!now || now.runId !== runId) return false;
  const next = { ...now, ...patch };
  if (patch.waiting === undefined) delete next.waiting;
  const tmp = `${file}.${process.pid}.upd.tmp`;
  writeNewStateFile(tmp, JSON.stringify(next) + '\n');
  // rename() replaces atomically: the lock exists at every instant.
  renameSync(tmp, file);
  return true;
}

export function lockExists(file: string): boolean {
  return existsSync(file);
}
