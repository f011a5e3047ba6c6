// Past and present runs read from the state dir: list with outcome, the live state of
// unfinished ones (runner alive and running / waiting, or dead = interrupted), estimates.
import { listRunIds, runPaths } from '../../adapters/fs/run-store.js';
import { readRunJournal } from '../../adapters/fs/fs-run-journal.js';
import { summarizeRun, type RunSummary } from '../../domain/runbook/run-summary.js';
import { stampLiveness, type ProcessStamp } from '../../adapters/system/process-identity.js';
import type { RunnerStatus } from '../../domain/runbook/runner-protocol.js';
import { runSlug } from '../../domain/runbook/run-id.js';
import { estimatesFrom } from '../../domain/runbook/run-estimates.js';
import { readStateJson } from '../../adapters/fs/state-dir.js';

export type LiveState = 'finished' | 'running' | 'waiting' | 'interrupted';

export interface RunListing {
  summary: RunSummary;
  live: LiveState;
  runner?: RunnerStatus;
  /** Damage found while reading the journal (torn last line, corrupt lines). */
  damage?: string;
}

export type StatusFile = RunnerStatus & ProcessStamp;

export function runnerStatus(runId: string, env: NodeJS.ProcessEnv = process.env): { status?: StatusFile; alive: boolean } {
  const status = readStateJson<StatusFile>(runPaths(runId, env).status);
  if (!status || status.state === 'finished') return { status, alive: false };
  return { status, alive: stampLiveness(status) === 'alive' };
}

export function readRun(runId: string, env: NodeJS.ProcessEnv = process.env): RunListing | undefined {
  const read = readRunJournal(runId, env);
  const summary = summarizeRun(read.records);
  if (!summary) return undefined;
  const damage = [read.tornTail ? 'a torn last line (the runner died mid-write) was ignored' : '', read.corrupt.length ? `${read.corrupt.length} damaged line(s) skipped` : ''].filter(Boolean).join('; ');
  const out: RunListing = { summary, live: 'finished', ...(damage ? { damage } : {}) };
  if (summary.status !== 'unfinished') return out;
  const { status, alive } = runnerStatus(runId, env);
  out.runner = status;
  out.live = !alive ? 'interrupted' : status?.state === 'waiting' ? 'waiting' : 'running';
  return out;
}

export function listRuns(env: NodeJS.ProcessEnv = process.env): RunListing[] {
  return listRunIds(env)
    .map((id) => readRun(id, env))
    .filter((r): r is RunListing => !!r);
}

/** Runs whose runner is alive (running or waiting for an operator). */
export function activeRuns(env: NodeJS.ProcessEnv = process.env): RunListing[] {
  return listRuns(env).filter((r) => r.live === 'running' || r.live === 'waiting');
}

/** Unfinished runs whose runner is gone: `opsdeck resume` material. */
export function interruptedRuns(env: NodeJS.ProcessEnv = process.env): RunListing[] {
  return listRuns(env).filter((r) => r.live === 'interrupted');
}

/**
 * The plan's estimates for the runner: the same rule as the console's preview (estimatesFrom
 * over this runbook's past runs in THIS environment), so the plan and the run screen agree: a
 * production-sim run never shows estimates from local runs.
 */
export function estimatesFromHistory(runbook: string, environment: string, env: NodeJS.ProcessEnv = process.env, lastN = 10): Record<string, number> {
  const past: RunSummary[] = [];
  for (const id of listRunIds(env).reverse()) {
    if (past.length >= lastN) break;
    if (!id.includes(`-${runSlug(runbook)}-`)) continue;
    const s = summarizeRun(readRunJournal(id, env).records);
    if (s && s.runbook === runbook && s.environment === environment) past.push(s);
  }
  return estimatesFrom(past);
}

