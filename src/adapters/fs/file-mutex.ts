// A tiny cross-process mutex on the one lock primitive (lock-file.ts). Synchronous (short
// critical sections only, e.g. an audit append); a holder that died is detected and the mutex
// reclaimed, and one held far longer than any critical section (another host) is expired.
import { statSync, unlinkSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { readLock, releaseLockIf, removeLockIf, sameHolder, tryCreateLock, type LockRecord } from './lock-file.js';
import { stampLiveness } from '../system/process-identity.js';

const sleeper = new Int32Array(new SharedArrayBuffer(4));
const sleep = (ms: number) => Atomics.wait(sleeper, 0, 0, ms);

export function withFileMutex<T>(file: string, fn: () => T, timeoutMs = 10_000): T {
  const deadline = Date.now() + timeoutMs;
  const token = randomBytes(6).toString('hex');
  for (let spin = 0; !tryCreateLock(file, { token }); spin++) {
    reclaimIfDead(file);
    if (Date.now() > deadline) throw new Error(`could not lock ${file} within ${timeoutMs} ms`);
    sleep(Math.min(1 + spin, 20));
  }
  try {
    return fn();
  } finally {
    // Reclaimed by someone who thought we were dead: nothing to undo.
    releaseLockIf(file, (now) => now.token === token);
  }
}

function reclaimIfDead(file: string): void {
  const holder = readLock<LockRecord>(file);
  let age: number;
  try {
    age = Date.now() - statSync(file).mtimeMs;
  } catch {
    return; // released meanwhile
  }
  if (holder && typeof holder === 'object') {
    if (stampLiveness(holder) === 'dead' || age > 30_000) removeLockIf(file, (now) => sameHolder(now, holder) && now.token === holder.token);
    return;
  }
  // Not a lock record (an older opsdeck's bare pid, or damage): only once clearly old.
  if (age > 2_000) {
    try {
      unlinkSync(file);
    } catch {
      /* someone else did */
    }
  }
}
