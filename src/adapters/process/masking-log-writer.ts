// The writer between a `process` service and its log file: the service's stdout and stderr go
// into a pipe; this process (dist/tools/service-log.js FILE, the same as the hidden
// `opsdeck __service-log FILE`, detached like the service, so it outlives the console) masks each complete line and only then appends it. So the file under
// the state dir never holds a declared secret, and `opsdeck logs` from a shell without the
// secret variables shows none. It exits when every writer of the pipe is gone.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, writeSync } from 'node:fs';
import { openStateFile } from '../fs/state-dir.js';
import { join } from 'node:path';
import { createRedactor } from '../../domain/text/redaction.js';
import { createLineMasker } from '../../domain/text/line-masker.js';
import { packageRoot } from '../fs/ops-dir.js';

/** The secret values reach the writer in its environment (readable only by this user), not argv. */
export const MASK_VALUES_VAR = 'OPSDECK_MASK_VALUES';
/** A line longer than this is written in parts (the tail held back so no value is split). */
const MAX_HELD = 64 * 1024;

/** Starts the writer; the returned child's stdin is the pipe to hand to the service. */
export async function spawnLogWriter(logFile: string, secretValues: readonly string[]): Promise<ChildProcess> {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, NODE_ENV: 'production', [MASK_VALUES_VAR]: JSON.stringify(secretValues) };
  // Its own entry point, not the CLI's: one runs beside every process service (memory).
  const child = spawn(process.execPath, [join(packageRoot(), 'dist', 'tools', 'service-log.js'), logFile], {
    // Nothing of the starting console's: its pipes must close when it exits.
    detached: true, stdio: ['pipe', 'ignore', 'ignore'], env, cwd: '/',
  });
  await new Promise<void>((ok, fail) => {
    child.once('spawn', ok);
    child.once('error', fail);
  });
  child.unref();
  return child;
}

/** The writer's own loop: stdin → masked lines → appended to `logFile`. */
export async function runLogWriter(logFile: string, input: NodeJS.ReadableStream, secretValues: readonly string[]): Promise<void> {
  const redactor = createRedactor(secretValues);
  const masker = createLineMasker(redactor);
  const hold = Math.max(redactor.longestSecret, 1024);
  const fd = openStateFile(logFile, 'append');
  let partial = '';
  const write = (text: string): void => {
    if (text) writeSync(fd, text);
  };
  try {
    input.setEncoding('utf8');
    for await (const chunk of input as AsyncIterable<string>) {
      const parts = (partial + chunk).split('\n');
      partial = parts.pop()!;
      let out = '';
      for (const p of parts) out += masker.line(p) + '\n';
      if (partial.length > MAX_HELD) {
        out += redactor.redact(partial.slice(0, partial.length - hold));
        partial = partial.slice(partial.length - hold);
      }
      write(out);
    }
    if (partial) write(masker.line(partial));
  } finally {
    closeSync(fd);
  }
}

/** The values given to this writer, removed from its environment once read. */
export function takeMaskValues(env: NodeJS.ProcessEnv = process.env): string[] {
  const raw = env[MASK_VALUES_VAR];
  delete env[MASK_VALUES_VAR];
  try {
    const v: unknown = JSON.parse(raw ?? '[]');
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}
