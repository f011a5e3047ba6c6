// Machine-wide exclusive locks for tests that use fixed, shared resources (the shipped demo's
// ports, the Docker example's container names, the SSH test hosts' addresses): vitest workers
// and other checkouts' suites on the same machine take turns instead of colliding. A lock whose
// holder died is taken over.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const LOCK_ROOT = '/tmp/opsdeck-test-locks';

function holderAlive(dir: string): boolean {
  try {
    const pid = Number(readFileSync(join(dir, 'pid'), 'utf8'));
    if (!pid) return true; // being written: treat as held
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Waits for the named lock and returns its release. */
export async function acquireMachineLock(name: string, timeoutMs = 15 * 60_000): Promise<() => void> {
  mkdirSync(LOCK_ROOT, { recursive: true, mode: 0o1777 });
  const dir = join(LOCK_ROOT, `${name}.lock`);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      mkdirSync(dir);
      writeFileSync(join(dir, 'pid'), String(process.pid));
      let released = false;
      return () => {
        if (released) return;
        released = true;
        rmSync(dir, { recursive: true, force: true });
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      if (!holderAlive(dir)) {
        rmSync(dir, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`machine lock "${name}" still held after ${timeoutMs} ms (${dir})`, { cause: err });
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
