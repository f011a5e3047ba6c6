// The one lock primitive: a lock is a file created atomically by link() from a fully written
// temp file (so nobody ever reads half a lock), naming its holder (host, pid, pid start time,
// boot id, plus what the user of the lock adds). Three users build on it: the environment lock
// (env-lock.ts), the per-service start/stop lock (process/start-lock.ts) and the short mutex
// around audit appends (file-mutex.ts).
import { closeSync, fsyncSync, linkSync, statSync, unlinkSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname } from 'node:path';
import { openStateFile, readStateJson, writeNewStateFile } from './state-dir.js';
import { currentStamp, stampLiveness, type ProcessStamp } from '../system/process-identity.js';
import { findRunProcesses, type RunProcess } from '../system/run-processes.js';

export type LockRecord = ProcessStamp & Record<string, unknown>;

/** Creates the lock holding `record` (our stamp added); false when someone holds it. */
export function tryCreateLock<T extends object>(file: string, record: T, pid = process.pid): (T & ProcessStamp) | undefined {
  const full = { ...currentStamp(pid), ...record };
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeNewStateFile(tmp, JSON.stringify(full) + '\n');
  try {
    linkSync(tmp, file); // atomic: EEXIST when held; never replaces
    fsyncDirOf(file);
    return full;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return undefined;
    throw e;
  } finally {
    try {
      unlinkSync(tmp);
    } catch {
      /* gone */
    }
  }
}

/** The holder's record; undefined when there is no lock (or, rarely, it is not ours to parse). */
export function readLock<T extends object = LockRecord>(file: string): T | undefined {
  return readStateJson<T>(file);
}

export interface HolderState {
  /** The holding process is dead on this host (another host: never judged dead). */
  holderDead: boolean;
  /** Processes of the holder's run still alive (its steps outlive a killed runner). */
  living: RunProcess[];
  /** Stale: the holder AND every process of its run are gone. */
  stale: boolean;
}

export function holderState(record: ProcessStamp & { runId?: unknown }): HolderState {
  const holderDead = stampLiveness(record) === 'dead';
  const living = holderDead && typeof record.runId === 'string' && record.runId ? findRunProcesses(record.runId) : [];
  return { holderDead, living, stale: holderDead && living.length === 0 };
}

/**
 * Removes the lock only if it still holds what `same` recognises. Removers serialize on
 * `<lock>.takeover` (O_EXCL): without it two of them could both judge the same stale lock and
 * the second would delete the first one's fresh lock. Taking needs no guard: link() never
 * replaces.
 */
export function removeLockIf(file: string, same: (now: LockRecord) => boolean): boolean {
  const guard = `${file}.takeover`;
  let fd: number;
  try {
    fd = openStateFile(guard, 'create-new');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    // A remover that died holding the guard would block removals forever: expire it.
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
    if (!now || !same(now)) return false;
    unlinkSync(file);
    return true;
  } finally {
    unlinkSync(guard);
  }
}

/** The same holder: same process (pid and start time) and, when given, same run. */
export function sameHolder(a: LockRecord, b: LockRecord): boolean {
  return a.pid === b.pid && a.pidStart === b.pidStart && a.host === b.host && a.runId === b.runId && a.since === b.since;
}

/** Removes a lock we hold (a lock someone else now holds is left alone). */
export function releaseLockIf(file: string, mine: (now: LockRecord) => boolean): boolean {
  const now = readLock(file);
  if (!now || !mine(now)) return false;
  try {
    unlinkSync(file);
    return true;
  } catch {
    return false;
  }
}

function fsyncDirOf(file: string): void {
  let fd: number | undefined;
  try {
    fd = openStateFile(dirname(file), 'read');
    fsyncSync(fd);
  } catch {
    /* some filesystems refuse fsync on directories */
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
