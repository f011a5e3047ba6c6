// Runs one `run` or `shell` step: argv without a shell (`shell:` steps via /bin/sh -c with inputs
// and vars as env vars only), in its own process group, output streamed line by line (masked,
// each line capped). The step ends when its process exits: a descendant that keeps the output
// pipe open (a daemon, `setsid cmd &`) is drained briefly, never waited on. Timeout and abort
// end every process the step started, found by the OPSDECK_EXEC_ID marker they inherit even
// outside the group, and by the step's own cgroup where the host lets us make one (which also
// holds those that cleared their environment: `env -i`, sudo): SIGTERM, then SIGKILL after the
// grace period. Processes a successful step of a run leaves running are its purpose (a daemon
// it started): they are kept as launched (run-processes.ts keepLaunched) and named in the tail.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { EXEC_ID_VAR, endMarkedProcesses, keepLaunched, liveProcess, localProcessFinder } from '../system/run-processes.js';
import { groupMembers, procInfo } from '../system/proc-info.js';
import { createStepCgroup, withCgroup } from '../system/step-cgroup.js';
import type { ProcessFinder } from '../../ports/process-finder.js';
import type { Redactor } from '../../domain/text/redaction.js';
import { createLineMasker, type LineMasker } from '../../domain/text/line-masker.js';
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
  /** How leftovers are found and ended. @default this host's /proc */
  finder?: ProcessFinder;
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
  /** Timeout/abort: processes still there after SIGKILL (normally 0). */
  leftovers?: number;
  /** Timeout/abort: how many processes of the step were found and signalled. */
  ended?: number;
  /** Success: processes of the step still running (a daemon it started), kept as launched. */
  launched?: number;
}

export const DEFAULT_GRACE_MS = 5000;
const MAX_KEPT_STDOUT = 1024 * 1024;
/** Longer output lines are cut (journal, report and screen stay bounded); the cut is said. */
export const MAX_LINE_CHARS = 16 * 1024;
/** After the step's process exits, how long output still in the pipes is read. */
const DRAIN_MS = 250;

/** $0: the step cgroup's cgroup.procs; then the step's argv. A missing program is said as spawn would. */
const INTO_CGROUP = 'echo $$ > "$0" 2>/dev/null; command -v "$1" >/dev/null 2>&1 || { printf \'opsdeck: %s: not found\\n\' "$1" >&2; exit 127; }; exec "$@"';
const NOT_FOUND = 127;
const notFound = (program: string): string => `opsdeck: ${program}: not found`;

/** The argv a `shell:` step runs: the script is passed as one argument, never templated. */
export function shellArgv(script: string): string[] {
  return ['/bin/sh', '-c', script];
}

type Exit = { code: number | null; signal: NodeJS.Signals | null } | { error: Error };

export async function executeStep(req: ExecRequest): Promise<ExecResult> {
  const started = Date.now();
  const tail = new RingBuffer<string>(req.tailLines ?? 20);
  const mask = (s: string): string => (req.redactor ? req.redactor.redact(s) : s);
  if (req.signal?.aborted) return { failed: true, timedOut: false, aborted: true, durationMs: 0, tail: [], error: 'aborted before start' };
  const graceMs = req.graceMs ?? DEFAULT_GRACE_MS;
  const marker = { name: EXEC_ID_VAR, value: randomUUID() };
  let stdout = '';
  let timedOut = false;
  let aborted = false;
  let exited = false;
  const cgroup = createStepCgroup(marker.value, req.env?.OPSDECK_RUN_ID);
  // Its own process group (detached), so the group and its marker both reach descendants. In a
  // cgroup, it moves itself in before it execs the program (spawn returns only after the exec,
  // by when a script may have forked already), then becomes it: same pid, same group.
  const argv = cgroup ? ['/bin/sh', '-c', INTO_CGROUP, join(cgroup.dir, 'cgroup.procs'), ...req.argv] : req.argv;
  const child = spawn(argv[0]!, argv.slice(1), {
    cwd: req.cwd,
    env: { ...process.env, ...req.env, [marker.name]: marker.value },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
    windowsHide: true,
  });
  const pid = child.pid;
  const leaderStart = pid !== undefined ? procInfo(pid)?.startTime : undefined;
  const exit = new Promise<Exit>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
    child.once('error', (error) => resolve({ error }));
  });
  void exit.then(() => (exited = true));
  let ending: Promise<{ left: number; signalled: number }> | undefined;
  const endAll = (): void => {
    if (ending || pid === undefined) return;
    // The group (its members, those that cleared the marker too), then every marked process
    // outside it (setsid, double forks): each gets one SIGTERM.
    const groupLeft = (): boolean => !exited || groupMembers(pid, leaderStart).length > 0 || (cgroup?.members().length ?? 0) > 0;
    const killTimer = setTimeout(() => signalGroup(pid, 'SIGKILL'), graceMs);
    ending = endMarkedProcesses(withCgroup(req.finder ?? localProcessFinder, cgroup), marker, graceMs, groupLeft, { pgid: pid, term: () => signalGroup(pid, 'SIGTERM') }).then((r) => {
      clearTimeout(killTimer);
      if (groupLeft()) signalGroup(pid, 'SIGKILL');
      cgroup?.kill();
      return { left: r.left.length, signalled: r.signalled };
    });
  };
  const timer = req.timeoutMs ? setTimeout(() => { timedOut = true; endAll(); }, req.timeoutMs) : undefined;
  const onAbort = (): void => {
    aborted = true;
    endAll();
  };
  req.signal?.addEventListener('abort', onAbort, { once: true });

  const emit = (name: 'stdout' | 'stderr', masker: LineMasker | undefined, line: string): void => {
    const text = line.replace(/\r$/, '');
    const masked = masker ? masker.line(text) : text;
    tail.push(masked);
    req.onLine?.(name, masked);
  };
  const pumps = [pump(child.stdout, 'stdout'), pump(child.stderr, 'stderr')];
  function pump(stream: NodeJS.ReadableStream | null, name: 'stdout' | 'stderr'): { done: Promise<void>; flush: () => void } {
    let partial = '';
    let dropping = false;
    // One masker per stream: a private key printed over several lines is masked whole.
    const masker = req.redactor ? createLineMasker(req.redactor) : undefined;
    const flush = (): void => {
      if (partial) emit(name, masker, partial);
      partial = '';
    };
    const done = new Promise<void>((resolve) => {
      if (!stream) return resolve();
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => {
        if (name === 'stdout' && req.keepStdout && stdout.length < MAX_KEPT_STDOUT) stdout += chunk.slice(0, MAX_KEPT_STDOUT - stdout.length);
        const parts = chunk.split('\n');
        const last = parts.pop()!;
        for (const p of parts) {
          if (dropping) dropping = false;
          else emit(name, masker, capLine(partial + p));
          partial = '';
        }
        if (dropping) return;
        partial += last;
        if (partial.length > MAX_LINE_CHARS) {
          emit(name, masker, capLine(partial));
          partial = '';
          dropping = true;
        }
      });
      stream.on('end', resolve);
      stream.on('close', resolve);
      stream.on('error', () => resolve());
    });
    return { done, flush };
  }

  let ended: Exit;
  try {
    ended = await exit;
  } finally {
    if (timer) clearTimeout(timer);
    req.signal?.removeEventListener('abort', onAbort);
  }
  // Timeout/abort: every process of the step is gone when `ending` resolves (grace + ≤ 1 s).
  const stopped = ending ? await ending : undefined;
  // A daemon a successful step launched goes back to our cgroup; the step's is removed.
  const stayed = cgroup?.members() ?? [];
  cgroup?.release();
  // Output still in the pipes is read for a moment; a descendant holding them open is not waited on.
  let drainTimer: NodeJS.Timeout | undefined;
  await Promise.race([Promise.all(pumps.map((p) => p.done)), new Promise((r) => (drainTimer = setTimeout(r, DRAIN_MS)))]);
  clearTimeout(drainTimer);
  child.stdout?.destroy();
  child.stderr?.destroy();
  for (const p of pumps) p.flush();
  const durationMs = Date.now() - started;
  const exitCode = 'code' in ended && typeof ended.code === 'number' ? ended.code : undefined;
  const signal = 'signal' in ended ? (ended.signal ?? undefined) : undefined;
  const startError = 'error' in ended ? errorMessage(ended.error) : cgroup && exitCode === NOT_FOUND && tail.toArray().includes(notFound(req.argv[0]!)) ? `cannot start ${req.argv[0]}: not found (ENOENT)` : undefined;
  const failed = timedOut || aborted || exitCode !== 0;
  const runId = req.env?.OPSDECK_RUN_ID;
  // In a step cgroup, what stayed in it is exactly what the step left running: no /proc scan
  // (~5 ms a step on a quiet host) for the common step that leaves nothing.
  const launched = failed || !runId ? [] : cgroup ? stayed.flatMap((pid) => liveProcess(pid) ?? []) : await (req.finder ?? localProcessFinder).find(marker);
  if (launched.length) {
    try {
      keepLaunched(runId!, marker.value);
    } catch {
      /* not kept: a dead runner's lock then waits for them, as resume --stop-leftovers says */
    }
    for (const p of launched) emit('stderr', undefined, mask(`opsdeck: left running by this step: pid ${p.pid}: ${p.command}`));
  }
  return {
    exitCode,
    signal,
    failed,
    timedOut,
    aborted,
    durationMs,
    tail: tail.toArray(),
    stdout: req.keepStdout ? stdout : undefined,
    error: startError ? mask(startError.split('\n')[0]!) : timedOut || aborted ? `${timedOut ? `timed out after ${req.timeoutMs}ms` : 'aborted'}${endedText(stopped)}` : signal ? `killed by ${signal}` : exitCode !== 0 ? `exit code ${exitCode}` : undefined,
    pid,
    ...(stopped ? { leftovers: stopped.left, ended: stopped.signalled } : {}),
    ...(launched.length ? { launched: launched.length } : {}),
  };
}

function endedText(e: { left: number; signalled: number } | undefined): string {
  if (!e || e.signalled === 0) return '';
  const n = (k: number) => `${k} process${k === 1 ? '' : 'es'}`;
  return `: ended ${n(e.signalled)} it started${e.left ? `; ${n(e.left)} survived SIGKILL` : ''}`;
}

export function capLine(line: string): string {
  if (line.length <= MAX_LINE_CHARS) return line;
  return `${line.slice(0, MAX_LINE_CHARS)} [opsdeck: line cut at ${MAX_LINE_CHARS} characters; the rest of it is dropped]`;
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
