// The one top-level error handler: a clear message and an exit code, never a stack trace.
// Unknown throws are defects: their stack goes to a log file whose path is printed.
import { writeSafe } from './safe-write.js';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { BugError, ConfigError, OpsdeckError, EXIT } from '../domain/errors.js';
import { stateDir, writeStateFile } from '../adapters/fs/state-dir.js';
import { fileSystemProblem } from './file-system-problem.js';
import { createRedactor, MASK } from '../domain/text/redaction.js';
import { terminalSafe } from '../domain/text/terminal-text.js';

export function reportError(err: unknown, stream: NodeJS.WritableStream = process.stderr): number {
  if (err instanceof ConfigError) {
    writeSafe(stream, `${err.message}\n`);
    if (err.hint) writeSafe(stream, `hint: ${err.hint}\n`);
    return err.exitCode;
  }
  if (err instanceof OpsdeckError && !(err instanceof BugError)) {
    writeSafe(stream, `opsdeck: ${err.message}\n`);
    if (err.hint) writeSafe(stream, `hint: ${err.hint}\n`);
    return err.exitCode;
  }
  const fsProblem = fileSystemProblem(err, stateDir());
  if (fsProblem) {
    writeSafe(stream, `opsdeck: ${fsProblem.message}\n`);
    if (fsProblem.hint) writeSafe(stream, `hint: ${fsProblem.hint}\n`);
    return EXIT.config;
  }
  const logFile = writeCrashLog(err);
  const msg = err instanceof Error ? err.message : String(err);
  writeSafe(stream, `opsdeck: internal error: ${msg}\n`);
  stream.write(logFile ? `details were written to ${logFile}; please report it\n` : 'please report it\n');
  return EXIT.bug;
}

export function writeCrashLog(err: unknown): string | undefined {
  try {
    const dir = join(stateDir(), 'crash');
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const file = join(dir, `crash-${new Date().toISOString().replace(/[:.]/g, '-')}-${process.pid}.log`);
    const detail = err instanceof Error ? (err.stack ?? err.message) : String(err);
    // Which inputs are secret is not known here (the runbook may be what failed to load), so no
    // input value is recorded; credential shapes are masked in what remains.
    const redactor = createRedactor();
    // Someone cats the crash log: an argument or message with controls shows them (^[), never sends them.
    writeStateFile(file, terminalSafe(redactor.redact(`${new Date().toISOString()} opsdeck ${crashArgv(process.argv.slice(2)).join(' ')}\n${detail}\n`), { mode: 'multiline', tabWidth: false }));
    return file;
  } catch {
    return undefined;
  }
}

/** argv as the crash log records it: every input value (`--input N=V`, `-i N=V`, `--input=N=V`) masked. */
export function crashArgv(argv: readonly string[]): string[] {
  const out: string[] = [];
  let valueNext = false;
  for (const a of argv) {
    if (valueNext) {
      out.push(maskInput(a));
      valueNext = false;
    } else if (a === '--input' || a === '-i') {
      out.push(a);
      valueNext = true;
    } else if (a.startsWith('--input=')) out.push(`--input=${maskInput(a.slice('--input='.length))}`);
    else if (/^-i./.test(a)) out.push(`-i${maskInput(a.slice(2))}`);
    else out.push(a);
  }
  return out;
}

function maskInput(kv: string): string {
  const eq = kv.indexOf('=');
  return eq < 0 ? MASK : `${kv.slice(0, eq)}=${MASK}`;
}
