// Machine-wide exclusive locks for tests that use fixed, shared resources (the shipped demo's
// ports, the Docker example's container names, /etc/passwd for the SSH fleet's users): vitest
// workers and other checkouts' suites on the same machine take turns instead of colliding.
// The lock is the kernel's flock(2), held by a `flock` child whose stdin is a pipe from this
// process: when the holder releases, exits or is killed, the pipe closes, the child exits and the
// kernel drops the lock. There is no lock file to go stale, no window between creating a lock and
// naming its holder, and no takeover race (a pid-file scheme had all three).
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const LOCK_ROOT = '/tmp/opsdeck-test-locks';

/** Waits for the named lock and returns its release. */
export async function acquireMachineLock(name: string, timeoutMs = 15 * 60_000): Promise<() => void> {
  mkdirSync(LOCK_ROOT, { recursive: true, mode: 0o1777 });
  const file = join(LOCK_ROOT, `${name}.flock`);
  const holder = spawn('flock', ['--exclusive', file, 'sh', '-c', 'echo locked; exec cat >/dev/null'], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const release = (): void => {
    if (holder.exitCode === null && holder.signalCode === null) holder.stdin.end();
  };
  let stderr = '';
  holder.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      holder.kill('SIGKILL');
      reject(new Error(`machine lock "${name}" still held by another process after ${timeoutMs} ms (${file})`));
    }, timeoutMs);
    holder.stdout.on('data', (chunk: Buffer) => {
      if (!chunk.toString().includes('locked')) return;
      clearTimeout(timer);
      resolve();
    });
    holder.once('error', (err) => {
      clearTimeout(timer);
      reject(new Error(`machine lock "${name}": cannot run flock (util-linux): ${err.message}`));
    });
    holder.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`machine lock "${name}": flock ended (${signal ?? code}) before the lock was taken: ${stderr.trim()}`));
    });
  });
  // The holder lives as long as the lock; it must not keep the test process alive by itself.
  holder.unref();
  for (const stream of [holder.stdin, holder.stdout, holder.stderr]) (stream as unknown as { unref?: () => void }).unref?.();
  return release;
}
