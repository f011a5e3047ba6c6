// A lock per service, held while starting or stopping it, so two consoles (or a console and a
// runner) acting at once cannot both spawn it. On the one lock primitive (fs/lock-file.ts); a
// lock whose holder is dead is stale and taken back.
import { rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { readLock, releaseLockIf, removeLockIf, sameHolder, tryCreateLock, type LockRecord } from '../fs/lock-file.js';
import { stampLiveness } from '../system/process-identity.js';
import { StepFailedError } from '../../domain/errors.js';

type StartLockRecord = LockRecord & { action?: string; at?: string; token?: string };

export class LockTimeoutError extends StepFailedError {
  constructor(readonly file: string, readonly holder: StartLockRecord | undefined) {
    super(holder ? `busy: pid ${holder.pid} on ${holder.host} has been ${holder.action} it since ${holder.at}` : `busy: ${file} is held`, undefined, 'wait for the other console to finish, then retry');
    this.name = 'LockTimeoutError';
  }
}

const isStale = (holder: StartLockRecord): boolean => stampLiveness(holder) === 'dead';

/** What the live holder of the lock is doing ("starting", "stopping"), if anyone holds it. */
export function lockAction(file: string): string | undefined {
  const holder = readLock<StartLockRecord>(file);
  if (!holder || typeof holder !== 'object' || isStale(holder)) return undefined;
  return holder.action;
}

/** Runs `fn` holding the lock; waits up to `waitMs` for another holder to finish. */
export async function withLock<T>(file: string, action: string, waitMs: number, fn: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + waitMs;
  const token = randomBytes(6).toString('hex');
  let unreadableSince: number | undefined;
  while (!tryCreateLock(file, { action, at: new Date().toISOString(), token })) {
    const holder = readLock<StartLockRecord>(file);
    if (holder && typeof holder === 'object') {
      unreadableSince = undefined;
      if (isStale(holder)) {
        removeLockIf(file, (now) => sameHolder(now, holder) && now.token === holder.token);
        continue;
      }
    } else {
      // Gone between create and read, or garbage left by an older opsdeck: expire after 2 s.
      unreadableSince ??= Date.now();
      if (Date.now() - unreadableSince > 2000) {
        rmSync(file, { force: true });
        continue;
      }
    }
    if (Date.now() > deadline) throw new LockTimeoutError(file, holder);
    await new Promise((r) => setTimeout(r, 50));
  }
  try {
    return await fn();
  } finally {
    releaseLockIf(file, (now) => now.token === token);
  }
}
