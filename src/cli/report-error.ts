// The one top-level error handler: a clear message and an exit code, never a stack trace.
// Unknown throws are defects: their stack goes to a log file whose path is printed.
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { BugError, ConfigError, OpsdeckError, EXIT } from '../domain/errors.js';
import { stateDir } from '../adapters/fs/state-dir.js';

export function reportError(err: unknown, stream: NodeJS.WritableStream = process.stderr): number {
  if (err instanceof ConfigError) {
    stream.write(`${err.message}\n`);
    if (err.hint) stream.write(`hint: ${err.hint}\n`);
    return err.exitCode;
  }
  if (err instanceof OpsdeckError && !(err instanceof BugError)) {
    stream.write(`opsdeck: ${err.message}\n`);
    if (err.hint) stream.write(`hint: ${err.hint}\n`);
    return err.exitCode;
  }
  const logFile = writeCrashLog(err);
  const msg = err instanceof Error ? err.message : String(err);
  stream.write(`opsdeck: internal error: ${msg}\n`);
  stream.write(logFile ? `details were written to ${logFile}; please report it\n` : 'please report it\n');
  return EXIT.bug;
}

export function writeCrashLog(err: unknown): string | undefined {
  try {
    const dir = join(stateDir(), 'crash');
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const file = join(dir, `crash-${new Date().toISOString().replace(/[:.]/g, '-')}-${process.pid}.log`);
    const detail = err instanceof Error ? (err.stack ?? err.message) : String(err);
    writeFileSync(file, `${new Date().toISOString()} opsdeck ${process.argv.slice(2).join(' ')}\n${detail}\n`, { mode: 0o600 });
    return file;
  } catch {
    return undefined;
  }
}
