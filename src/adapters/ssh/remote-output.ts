// The output of one remote command, collected (bounded) until it ends, its timeout stops it or
// the caller aborts. The control master holds copies of the client's pipes until the server
// closes the channel: once the client is gone, its output is read briefly, never waited on.
import type { ChildProcess } from 'node:child_process';

const MAX_OUTPUT = 64 * 1024;
const DRAIN_MS = 300;

export interface RemoteExecResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  durationMs: number;
}

/** `stop` ends the command on the host and the client here; `t0` is when the exec began. */
export function collectOutput(child: ChildProcess, stop: () => void, t0: number, timeoutMs: number | undefined, signal: AbortSignal | undefined): Promise<RemoteExecResult> {
  return new Promise((resolve) => {
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout!.setEncoding('utf8');
    child.stderr!.setEncoding('utf8');
    child.stdout!.on('data', (t: string) => {
      if (stdout.length < MAX_OUTPUT) stdout += t;
    });
    child.stderr!.on('data', (t: string) => {
      if (stderr.length < MAX_OUTPUT) stderr += t;
    });
    const left = timeoutMs ? Math.max(1, timeoutMs - (performance.now() - t0)) : 0;
    const timer = left ? setTimeout(() => ((timedOut = true), stop()), left) : undefined;
    signal?.addEventListener('abort', stop, { once: true });
    if (signal?.aborted) stop();
    let done = false;
    const finish = (exitCode: number | null, sig: NodeJS.Signals | null): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', stop);
      child.stdin!.end();
      resolve({ exitCode, signal: sig, stdout, stderr, timedOut, durationMs: Math.round(performance.now() - t0) });
    };
    child.on('close', finish);
    child.on('exit', (code, sig) => setTimeout(() => finish(code, sig), DRAIN_MS).unref());
  });
}
