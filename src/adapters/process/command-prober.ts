// Command health checks: an argv run without a shell, exit 0 = healthy. The command runs in its
// own process group so a timeout (or the end of the check) kills everything it started.
import { resolve } from 'node:path';
import type { HealthCheckSpec } from '../../domain/profile/profile-model.js';
import type { CheckResult } from '../../domain/health/health-model.js';
import type { HealthProber } from '../../ports/health-prober.js';
import { failed, lastLine, passed, timeoutError } from '../../domain/health/check-result.js';
import type { Redactor } from '../../domain/text/redaction.js';
import { createLineMasker } from '../../domain/text/line-masker.js';

export interface CommandProberOptions {
  /** Relative `cwd`s resolve against this (the ops directory). @default process.cwd() */
  baseDir?: string;
  /** Masks the command's output before its last line is kept (a key block is masked whole). */
  redactor?: Redactor;
}

export class CommandProber implements HealthProber {
  private readonly baseDir: string;
  private readonly redactor?: Redactor;

  constructor(options: CommandProberOptions = {}) {
    this.baseDir = options.baseDir ?? process.cwd();
    this.redactor = options.redactor;
  }

  async probe(check: HealthCheckSpec, signal: AbortSignal): Promise<CheckResult> {
    const at = Date.now();
    const start = performance.now();
    if (check.kind !== 'command') return failed(check.name, at, 0, `not a command check (${check.kind})`);
    const [file, ...args] = check.command;
    if (!file) return failed(check.name, at, 0, 'empty command');
    // Loaded on first use, not on the console's start path (issue 10, cold start).
    const { execa } = await import('execa');
    const sub = execa(file, args, {
      cwd: resolve(this.baseDir, check.cwd ?? '.'),
      detached: true, // own process group: process.kill(-pid) reaches its children too
      reject: false,
      stdin: 'ignore',
      all: true,
      maxBuffer: 64 * 1024,
      stripFinalNewline: true,
    });
    let timedOut = false;
    const killGroup = (): void => {
      if (sub.pid === undefined) return;
      try {
        process.kill(-sub.pid, 'SIGKILL');
      } catch {
        // ESRCH: the group is already gone.
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup();
    }, check.timeoutMs);
    const onAbort = (): void => killGroup();
    signal.addEventListener('abort', onAbort, { once: true });
    if (signal.aborted) onAbort();
    try {
      const r = await sub;
      const latencyMs = Math.round(performance.now() - start);
      if (timedOut) return failed(check.name, at, latencyMs, timeoutError(check.timeoutMs));
      if (signal.aborted) return failed(check.name, at, latencyMs, 'cancelled');
      if (r.exitCode === 0) return passed(check.name, at, latencyMs);
      const code = (r.cause as NodeJS.ErrnoException | undefined)?.code;
      if (code === 'ENOENT') return failed(check.name, at, latencyMs, `command not found: ${file}`);
      if (code === 'EACCES') return failed(check.name, at, latencyMs, `permission denied: ${file}`);
      const why = r.exitCode !== undefined ? `exit ${r.exitCode}` : r.signal ? `killed by ${r.signal}` : lastLine(r.shortMessage ?? 'failed');
      const out = typeof r.all === 'string' ? lastLine(this.mask(r.all)) : '';
      return failed(check.name, at, latencyMs, out ? `${why}: ${out}` : why);
    } finally {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      // Anything the command left running in its group is an orphan by now.
      killGroup();
    }
  }

  private mask(output: string): string {
    if (!this.redactor) return output;
    const masker = createLineMasker(this.redactor);
    return output.split('\n').map((l) => masker.line(l)).join('\n');
  }
}
