// Runs one `run` or `shell` step: argv without a shell (`shell:` steps via /bin/sh -c with inputs
// and vars as env vars only), in its own process group, output streamed line by line (masked).
// Timeout and abort kill the whole group: SIGTERM, then SIGKILL after a grace period.
import { execa } from 'execa';
import type { Redactor } from '../../domain/text/redaction.js';
import { createLineMasker } from '../../domain/text/line-masker.js';
import { RingBuffer } from '../../domain/ring-buffer.js';
import { errorMessage } from '../../domain/errors.js';

export interface ExecRequest {
  /** argv[0] is the program; no shell is involved. */
  argv: readonly string[];
  cwd: string;
  /** Added to the runner's environment. */
  env: Readonly<Record<string, string>>;
  timeoutMs?: number;
  /** Between SIGTERM and SIGKILL. @default 5000 */
  graceMs?: number;
  signal?: AbortSignal;
  /** Each complete output line, already masked. */
  onLine?: (stream: 'stdout' | 'stderr', line: string) => void;
  redactor?: Redactor;
  /** Keep the raw stdout (bounded) for `capture`. */
  keepStdout?: boolean;
  /** @default 20 */
  tailLines?: number;
}

export interface ExecResult {
  exitCode?: number;
  /** The signal that ended the process, if any. */
  signal?: string;
  failed: boolean;
  timedOut: boolean;
  aborted: boolean;
  durationMs: number;
  /** Last lines (stdout and stderr interleaved), masked. */
  tail: string[];
  /** Raw stdout when keepStdout (at most 1 MB). */
  stdout?: string;
  /** Why it failed to start, or the signal/exit summary. */
  error?: string;
  pid?: number;
}

export const DEFAULT_GRACE_MS = 5000;
const MAX_KEPT_STDOUT = 1024 * 1024;

/** The argv a `shell:` step runs: the script is passed as one argument, never templated. */
export function shellArgv(script: string): string[] {
  return ['/bin/sh', '-c', script];
}

export async function executeStep(req: ExecRequest): Promise<ExecResult> {
  const started = Date.now();
  const tail = new RingBuffer<string>(req.tailLines ?? 20);
  const mask = (s: string): string => (req.redactor ? req.redactor.redact(s) : s);
  if (req.signal?.aborted) return { failed: true, timedOut: false, aborted: true, durationMs: 0, tail: [], error: 'aborted before start' };
  let stdout = '';
  let timedOut = false;
  let aborted = false;
  const child = execa(req.argv[0]!, req.argv.slice(1), {
    cwd: req.cwd,
    env: req.env,
    extendEnv: true,
    stdin: 'ignore',
    buffer: false,
    reject: false,
    // Its own process group, so one kill reaches children and grandchildren.
    detached: true,
    // Our own group kill handles cleanup; execa's would only reach the leader.
    cleanup: false,
    windowsHide: true,
  });
  const pid = child.pid;
  let killTimer: NodeJS.Timeout | undefined;
  const killGroup = (): void => {
    if (pid === undefined || killTimer) return;
    signalGroup(pid, 'SIGTERM');
    killTimer = setTimeout(() => signalGroup(pid, 'SIGKILL'), req.graceMs ?? DEFAULT_GRACE_MS);
  };
  const timer = req.timeoutMs ? setTimeout(() => { timedOut = true; killGroup(); }, req.timeoutMs) : undefined;
  const onAbort = (): void => {
    aborted = true;
    killGroup();
  };
  req.signal?.addEventListener('abort', onAbort, { once: true });

  const pump = (stream: NodeJS.ReadableStream | null, name: 'stdout' | 'stderr'): Promise<void> =>
    new Promise((resolve) => {
      if (!stream) return resolve();
      let partial = '';
      // One masker per stream: a private key printed over several lines is masked whole.
      const masker = req.redactor ? createLineMasker(req.redactor) : undefined;
      const emit = (line: string): void => {
        const text = line.replace(/\r$/, '');
        const masked = masker ? masker.line(text) : text;
        tail.push(masked);
        req.onLine?.(name, masked);
      };
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => {
        if (name === 'stdout' && req.keepStdout && stdout.length < MAX_KEPT_STDOUT) stdout += chunk.slice(0, MAX_KEPT_STDOUT - stdout.length);
        const parts = (partial + chunk).split('\n');
        partial = parts.pop()!;
        for (const p of parts) emit(p);
      });
      stream.on('end', () => {
        if (partial) emit(partial);
        resolve();
      });
      stream.on('error', () => resolve());
    });
  const pumps = Promise.all([pump(child.stdout, 'stdout'), pump(child.stderr, 'stderr')]);
  let result: Awaited<typeof child>;
  try {
    result = await child;
  } finally {
    if (timer) clearTimeout(timer);
    req.signal?.removeEventListener('abort', onAbort);
  }
  // Grandchildren may hold the pipes open after the leader exits; on kill they die with the group.
  if (timedOut || aborted) {
    await Promise.race([pumps, waitGroupGone(pid, (req.graceMs ?? DEFAULT_GRACE_MS) + 2000)]);
  } else {
    let t: NodeJS.Timeout | undefined;
    await Promise.race([pumps, new Promise((r) => (t = setTimeout(r, 2000)))]);
    clearTimeout(t);
  }
  if (killTimer) {
    // Leave no straggler: if the group is still there when the leader is gone, finish it now.
    if (pid !== undefined && groupAlive(pid)) await waitGroupGone(pid, (req.graceMs ?? DEFAULT_GRACE_MS) + 2000);
    clearTimeout(killTimer);
    if (pid !== undefined && groupAlive(pid)) signalGroup(pid, 'SIGKILL');
  }
  const durationMs = Date.now() - started;
  const exitCode = typeof result.exitCode === 'number' ? result.exitCode : undefined;
  const signal = result.signal ?? undefined;
  const startError = result.failed && exitCode === undefined && !signal ? errorMessage(result.cause ?? result.shortMessage) : undefined;
  const failed = timedOut || aborted || exitCode !== 0;
  return {
    exitCode,
    signal,
    failed,
    timedOut,
    aborted,
    durationMs,
    tail: tail.toArray(),
    stdout: req.keepStdout ? stdout : undefined,
    error: startError ? mask(startError.split('\n')[0]!) : timedOut ? `timed out after ${req.timeoutMs}ms` : aborted ? 'aborted' : signal ? `killed by ${signal}` : exitCode !== 0 ? `exit code ${exitCode}` : undefined,
    pid,
  };
}

function signalGroup(pgid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(-pgid, sig);
  } catch {
    /* the group is already gone */
  }
}

export function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function waitGroupGone(pid: number | undefined, maxMs: number): Promise<void> {
  if (pid === undefined) return;
  const deadline = Date.now() + maxMs;
  while (Date.now() < deadline && groupAlive(pid)) await new Promise((r) => setTimeout(r, 50));
}
