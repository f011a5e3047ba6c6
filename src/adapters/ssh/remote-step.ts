// Runs one `run` or `shell` step on a profile host (a step with `host:`), through the host's
// master connection under the "step" wrapper (domain/remote/remote-wrapper.ts): argv quoted,
// inputs and vars on stdin, never on a command line. As a local step: it ends when its process
// exits (the wrapper says so on stderr; a daemon it left holding the output is not waited on),
// output is streamed line by line (masked, each line capped); timeout and abort end every
// process it started on the host, those that left its session or group too (the marker):
// SIGTERM, then SIGKILL after the grace (the runner's, as for a local step); the step returns
// once the reaper over the master has done so.
import { capLine, type ExecResult } from '../process/step-executor.js';
import { STEP_EXIT } from '../../domain/remote/remote-wrapper.js';
import { createLineMasker } from '../../domain/text/line-masker.js';
import type { Redactor } from '../../domain/text/redaction.js';
import { RingBuffer } from '../../domain/ring-buffer.js';
import { errorMessage } from '../../domain/errors.js';
import type { SshHost } from './ssh-host.js';

export interface RemoteStepRequest {
  host: SshHost;
  argv: readonly string[];
  /** On the host; relative to the remote user's home. */
  cwd?: string;
  env: Readonly<Record<string, string>>;
  timeoutMs?: number;
  signal?: AbortSignal;
  onLine?: (stream: 'stdout' | 'stderr', line: string) => void;
  redactor?: Redactor;
  keepStdout?: boolean;
  tailLines?: number;
  /** Timeout/abort: how long its processes on the host get between SIGTERM and SIGKILL. @default 1000 */
  graceMs?: number;
}

const MAX_KEPT_STDOUT = 1024 * 1024;
/** After the step's process exited, how long output still on its way is read. */
const DRAIN_MS = 250;

export async function executeRemoteStep(req: RemoteStepRequest): Promise<ExecResult> {
  const started = Date.now();
  const tail = new RingBuffer<string>(req.tailLines ?? 20);
  const result = (r: Partial<ExecResult>): ExecResult => ({ failed: true, timedOut: false, aborted: false, durationMs: Date.now() - started, tail: tail.toArray(), ...r });
  if (req.signal?.aborted) return result({ aborted: true, error: 'aborted before start' });
  const argv = req.cwd ? ['sh', '-c', 'cd "$1" && shift && exec "$@"', 'opsdeck-cd', req.cwd, ...req.argv] : req.argv;
  let remote;
  try {
    remote = await req.host.start(argv, { stdin: 'step', env: req.env, signal: req.signal, graceMs: req.graceMs });
  } catch (e) {
    return result({ error: `${req.host.name}: ${errorMessage(e)}` });
  }
  const { child, marker } = remote;
  const sentinel = new RegExp(`^(.*)${STEP_EXIT}${marker}:(\\d+)$`);
  let status: number | undefined;
  let sawExit: () => void = () => undefined;
  const exitSaid = new Promise<void>((r) => (sawExit = r));
  let stdout = '';
  const emit = (name: 'stdout' | 'stderr', masker: ReturnType<typeof createLineMasker> | undefined, text: string): void => {
    const masked = masker ? masker.line(text.replace(/\r$/, '')) : text.replace(/\r$/, '');
    tail.push(masked);
    req.onLine?.(name, masked);
  };
  const pump = (stream: NodeJS.ReadableStream | null, name: 'stdout' | 'stderr'): Promise<void> => {
    const masker = req.redactor ? createLineMasker(req.redactor) : undefined;
    let partial = '';
    return new Promise<void>((resolve) => {
      if (!stream) return resolve();
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => {
        if (name === 'stdout' && req.keepStdout && stdout.length < MAX_KEPT_STDOUT) stdout += chunk.slice(0, MAX_KEPT_STDOUT - stdout.length);
        const parts = (partial + chunk).split('\n');
        partial = parts.pop()!;
        for (const line of parts) {
          const end = name === 'stderr' ? sentinel.exec(line) : null;
          if (end) {
            if (end[1]) emit(name, masker, capLine(end[1]));
            status = Number(end[2]);
            sawExit();
          } else emit(name, masker, capLine(line));
        }
        if (partial.length > 64 * 1024) {
          emit(name, masker, capLine(partial));
          partial = '';
        }
      });
      const done = (): void => {
        if (partial) emit(name, masker, capLine(partial));
        partial = '';
        resolve();
      };
      stream.on('end', done);
      stream.on('close', done);
      stream.on('error', done);
    });
  };
  const pumps = [pump(child.stdout, 'stdout'), pump(child.stderr, 'stderr')];
  const clientExit = new Promise<number | null>((r) => {
    if (child.exitCode !== null || child.signalCode !== null) r(child.exitCode);
    child.once('exit', (code) => r(code));
  });
  let timedOut = false;
  let aborted = false;
  let ending: Promise<void> | undefined;
  const endAll = (): void => void (ending ??= remote.end());
  const timer = req.timeoutMs ? setTimeout(() => ((timedOut = true), endAll()), req.timeoutMs) : undefined;
  const onAbort = (): void => ((aborted = true), endAll());
  req.signal?.addEventListener('abort', onAbort, { once: true });
  let code: number | null;
  try {
    await Promise.race([clientExit, exitSaid]);
    if (status !== undefined && !ending) {
      // The command exited; a daemon it left may hold the channel open: read briefly, then go.
      const drained = await Promise.race([clientExit.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), DRAIN_MS))]);
      if (!drained) child.kill('SIGTERM');
    }
    code = await clientExit;
  } finally {
    if (timer) clearTimeout(timer);
    req.signal?.removeEventListener('abort', onAbort);
  }
  if (ending) {
    await ending;
    // A second pass: the first one's last scan may have raced a fork or a process still exiting.
    await remote.end();
  }
  await Promise.race([Promise.all(pumps), new Promise((r) => setTimeout(r, DRAIN_MS))]);
  child.stdout?.destroy();
  child.stderr?.destroy();
  const exitCode = status ?? (timedOut || aborted ? undefined : (code ?? undefined));
  const failed = timedOut || aborted || exitCode !== 0;
  const why = timedOut ? `timed out after ${req.timeoutMs}ms: ended every process it started on ${req.host.name}` : aborted ? `aborted: ended every process it started on ${req.host.name}` : exitCode === 255 && status === undefined ? `ssh to ${req.host.name} failed (exit 255)` : exitCode !== 0 ? `exit code ${exitCode}` : undefined;
  return result({ exitCode, failed, timedOut, aborted, stdout: req.keepStdout ? stdout : undefined, error: failed ? why : undefined });
}
