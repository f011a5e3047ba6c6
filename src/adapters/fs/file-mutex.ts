// A tiny cross-process mutex: O_EXCL create of a file naming its holder. Synchronous (short
// critical sections only); a holder that died is detected by pid and the mutex reclaimed.
import { openSync, writeSync, closeSync, unlinkSync, readFileSync, statSync } from 'node:fs';
import { pidAlive } from '../system/process-identity.js';

const sleeper = new Int32Array(new SharedArrayBuffer(4));
const sleep = (ms: number) => Atomics.wait(sleeper, 0, 0, ms);

export function withFileMutex<T>(file: string, fn: () => T, timeoutMs = 10_000): T {
  const deadline = Date.now() + timeoutMs;
  for (let spin = 0; ; spin++) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      reclaimIfDead(file);
      if (Date.now() > deadline) throw new Error(`could not lock ${file} within ${timeoutMs} ms`);
      sleep(Math.min(1 + spin, 20));
    }
  }
  try {
    return fn();
  } finally {
    try {
      unlinkSync(file);
    } catch {
      /* reclaimed by someone who thought we were dead: nothing to undo */
    }
  }
}

function reclaimIfDead(file: string): void {
  try {
    const pid = Number(readFileSync(file, 'utf8'));
    const age = Date.now() - statSync(file).mtimeMs;
    // An empty file is a holder between create and write: only reclaim it once clearly old.
    if ((pid > 0 && !pidAlive(pid)) || (!(pid > 0) && age > 2_000) || age > 30_000) unlinkSync(file);
  } catch {
    /* released meanwhile */
  }
}
