// Where a run's files live: <stateDir>/runs/<runId>/{journal.jsonl,report.md,runner.sock,runner.log,status.json,request.json,launched.json}.
import { mkdirSync, readdirSync, existsSync, statSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { checkStateFolder, stateDir } from './state-dir.js';
import { fsyncDir } from './jsonl-journal.js';
import { isRunId, makeRunId } from '../../domain/runbook/run-id.js';
import { UsageError } from '../../domain/errors.js';

export interface RunPaths {
  runId: string;
  dir: string;
  journal: string;
  report: string;
  socket: string;
  log: string;
  status: string;
  /** What the runner needs to start: runbook, inputs, flags (written by whoever starts it). */
  request: string;
  /** Step executions that succeeded and left processes running (run-processes.ts keepLaunched). */
  launched: string;
}

export function runsDir(env: NodeJS.ProcessEnv = process.env): string {
  const dir = join(stateDir(env), 'runs');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return dir;
}

export function runPaths(runId: string, env: NodeJS.ProcessEnv = process.env): RunPaths {
  if (!isRunId(runId)) throw new UsageError(`"${runId}" is not a run id`, 'see `opsdeck history` for the ids of past runs');
  const dir = join(runsDir(env), runId);
  // The start-up check leaves run folders to their first use (state-dir.ts checkStateTree).
  checkStateFolder(dir);
  return {
    runId,
    dir,
    journal: join(dir, 'journal.jsonl'),
    report: join(dir, 'report.md'),
    socket: join(dir, 'runner.sock'),
    log: join(dir, 'runner.log'),
    status: join(dir, 'status.json'),
    request: join(dir, 'request.json'),
    launched: join(dir, 'launched.json'),
  };
}

/** A fresh run directory; mkdir without `recursive` fails on a clash, so ids never collide. */
export function createRun(runbook: string, env: NodeJS.ProcessEnv = process.env, now = new Date()): RunPaths {
  const base = runsDir(env);
  for (;;) {
    const id = makeRunId(now, runbook, randomBytes(2).toString('hex'));
    try {
      mkdirSync(join(base, id), { mode: 0o700 });
      fsyncDir(base);
      return runPaths(id, env);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
}

/** Run ids, oldest first (ids sort by start time). */
export function listRunIds(env: NodeJS.ProcessEnv = process.env): string[] {
  const base = runsDir(env);
  return readdirSync(base).filter((d) => isRunId(d) && existsSync(join(base, d, 'journal.jsonl'))).sort();
}

export function mtimeMs(file: string): number | undefined {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return undefined;
  }
}
