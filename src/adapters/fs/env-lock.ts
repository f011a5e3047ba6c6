// One mutating run per environment: <stateDir>/locks/<profile>-<env>.lock, created atomically
// with link() from a fully written temp file, so the lock never exists half-written.
import { renameSync, linkSync, readFileSync, unlinkSync, mkdirSync, openSync, closeSync, statSync, existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { stateDir, writeNewStateFile } from './state-dir.js';
import { fsyncDir } from './jsonl-journal.js';
import { currentStamp, stampLiveness, type ProcessStamp } from '../system/process-identity.js';
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
  constructor(readonly environment: string, readonly holder: LockHolder, readonly stale: boolean) {
    super(`environment ${environment} is locked by ${describeHolder(holder)}${stale ? ' — the holder is gone (stale lock)' : ''}`);
    this.name = 'LockHeldError';
    this.hint = stale
      ? 'the holding process is dead on this host: take the lock over, or `opsdeck unlock --env ' + environment + ' --force`'
      : holder.runbook.startsWith(SERVICE_ACTION_HOLDER)
        ? `wait for \`${holder.runbook}\` to finish`
        : `wait for run ${holder.runId} to finish, or attach to it: \`opsdeck attach ${holder.runId}\``;
  }
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));

export function describeHolder(h: LockHolder): string {
  return `${h.user}@${h.host} (pid ${h.pid}, runbook ${h.runbook}, run ${h.runId}, since ${h.since})`;
}

export function lockPath(profile: string, environment: string, env: NodeJS.ProcessEnv = process.env): string {
  const safe = (s: string) => s.replace(/[^A-Za-z0-9_.-]/g, '_');
  const dir = join(stateDir(env), 'locks');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return join(dir, `${safe(profile)}-${safe(environment)}.lock`);
}

export function readLock(file: string): LockHolder | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as LockHolder;
  } catch {
    return undefined;
  }
}

export interface LockInfo {
  holder: LockHolder;
  stale: boolean;
}

export function inspectLock(file: string): LockInfo | undefined {
  const holder = readLock(file);
  if (!holder) return undefined;
  return { holder, stale: stampLiveness(holder) === 'dead' };
}

export interface AcquireOptions {
  file: string;
  environment: string;
  user: string;
  runbook: string;
  runId: string;
  /** Take over a stale lock (dead holder on this host) instead of failing. */
  takeOverStale?: boolean;
  pid?: number;
}

/** The lock, or a LockHeldError naming the holder (and whether it is stale). */
export function acquireLock(o: AcquireOptions): LockHolder {
  const holder: LockHolder = { user: o.user, ...currentStamp(o.pid ?? process.pid), runbook: o.runbook, runId: o.runId, since: new Date().toISOString() };
  const tmp = `${o.file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeNewStateFile(tmp, JSON.stringify(holder) + '\n');
  try {
    // A few rounds: between our link() and read the lock may be released, or another process may
    // be in the middle of taking the same stale lock over (we wait for it and then see its lock).
    for (let attempt = 0; attempt < 200; attempt++) {
      try {
        linkSync(tmp, o.file); // atomic: fails with EEXIST when someone holds it
        fsyncDir(join(o.file, '..'));
        return holder;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
      const info = inspectLock(o.file);
      if (!info) continue; // released (or unreadable for an instant) between link and read: retry
      if (!info.stale || !o.takeOverStale) throw new LockHeldError(o.environment, info.holder, info.stale);
      if (!removeIfStill(o.file, info.holder)) Atomics.wait(sleeper, 0, 0, 5);
    }
    const info = inspectLock(o.file);
    if (info) throw new LockHeldError(o.environment, info.holder, info.stale);
    throw new LockHeldError(o.environment, holder, false);
  } finally {
    try {
      unlinkSync(tmp);
    } catch {
      /* gone */
    }
  }
}

/**
 * Removes the lock only if it still names `expected`. Takers serialize on `<lock>.takeover`
 * (O_EXCL): without it two takers could both judge the same stale lock and the second would
 * delete the first one's fresh lock. Normal acquirers need no guard: link() never replaces.
 */
export function removeIfStill(file: string, expected: LockHolder): boolean {
  const guard = `${file}.takeover`;
  let fd: number;
  try {
    fd = openSync(guard, 'wx', 0o600);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    // A taker that died holding the guard would block takeovers forever: expire it.
    try {
      if (Date.now() - statSync(guard).mtimeMs > 10_000) unlinkSync(guard);
    } catch {
      /* someone else cleaned it */
    }
    return false;
  }
  closeSync(fd);
  try {
    const now = readLock(file);
    if (!now || now.runId !== expected.runId || now.pid !== expected.pid || now.since !== expected.since) return false;
    unlinkSync(file);
    return true;
  } finally {
    unlinkSync(guard);
  }
}

/** Releases our own lock; a lock someone else holds (after a forced unlock) is left alone. */
export function releaseLock(file: string, runId: string): boolean {
  const now = readLock(file);
  if (!now || now.runId !== runId) return false;
  try {
    unlinkSync(file);
    return true;
  } catch {
    return false;
  }
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
