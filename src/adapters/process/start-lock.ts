// An O_EXCL lock file per service, held while starting or stopping it, so two consoles (or a
// console and a runner) acting at once cannot both spawn it. A lock whose holder is dead is stale.
import { openSync, writeSync, closeSync, rmSync } from 'node:fs';
import { readJson } from './pid-file.js';
import { isSameProcess, selfStartTime } from '../system/proc-info.js';
import { hostname } from 'node:os';
import { StepFailedError } from '../../domain/errors.js';

interface LockRecord {
  pid: number;
  procStartTime?: number;
  host: string;
  action: string;
  at: string;
}

export class LockTimeoutError extends StepFailedError {
  constructor(readonly file: string, readonly holder: LockRecord | undefined) {
    super(holder ? `busy: pid ${holder.pid} on ${holder.host} has been ${holder.action} it since ${holder.at}` : `busy: ${file} is held`, undefined, 'wait for the other console to finish, then retry');
    this.name = 'LockTimeoutError';
  }
}

function tryAcquire(file: string, action: string): boolean {
  let fd: number;
  try {
    fd = openSync(file, 'wx', 0o600);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
  const record: LockRecord = { pid: process.pid, procStartTime: selfStartTime(), host: hostname(), action, at: new Date().toISOString() };
  writeSync(fd, JSON.stringify(record));
  closeSync(fd);
  return true;
}

function isStale(file: string): boolean {
  const holder = readJson<LockRecord>(file);
  // Unreadable: being written right now, or garbage left by a crash mid-write. Only the second
  // is stale; treat it as live once and let the age check below handle the rare crash.
  if (!holder) return false;
  if (holder.host !== hostname()) return false;
  return !isSameProcess(holder.pid, holder.procStartTime);
}

/** What the live holder of the lock is doing ("starting", "stopping"), if anyone holds it. */
export function lockAction(file: string): string | undefined {
  const holder = readJson<LockRecord>(file);
  if (!holder || isStale(file)) return undefined;
  return holder.action;
}

/** Runs `fn` holding the lock; waits up to `waitMs` for another holder to finish. */
export async function withLock<T>(file: string, action: string, waitMs: number, fn: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + waitMs;
  let unreadableSince: number | undefined;
  while (!tryAcquire(file, action)) {
    const holder = readJson<LockRecord>(file);
    if (isStale(file)) {
      rmSync(file, { force: true });
      continue;
    }
    if (!holder) {
      unreadableSince ??= Date.now();
      if (Date.now() - unreadableSince > 2000) {
        rmSync(file, { force: true });
        continue;
      }
    } else unreadableSince = undefined;
    if (Date.now() > deadline) throw new LockTimeoutError(file, holder);
    await new Promise((r) => setTimeout(r, 50));
  }
  try {
    return await fn();
  } finally {
    rmSync(file, { force: true });
  }
}
