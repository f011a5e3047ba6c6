// Past and present runs read from the state dir: list with outcome, the live state of
// unfinished ones (runner alive and running / waiting, or dead = interrupted), estimates.
import { listRunIds, runPaths } from '../../adapters/fs/run-store.js';
import type { RunDigest } from '../../domain/runbook/run-digest.js';
import { runCatalog } from './run-catalog.js';
import { readRunJournal } from '../../adapters/fs/fs-run-journal.js';
import { journalDamage } from '../../adapters/fs/jsonl-journal.js';
import { summarizeRun, type RunSummary } from '../../domain/runbook/run-summary.js';
import { stampLiveness, type ProcessStamp } from '../../adapters/system/process-identity.js';
import type { RunnerStatus } from '../../domain/runbook/runner-protocol.js';
import { runSlug } from '../../domain/runbook/run-id.js';
import { estimatesFrom } from '../../domain/runbook/run-estimates.js';
import { readStateJson } from '../../adapters/fs/state-dir.js';

export type LiveState = 'finished' | 'running' | 'waiting' | 'interrupted';

export interface RunListing<S extends RunDigest = RunDigest> {
  summary: S;
  live: LiveState;
  runner?: RunnerStatus;
  /** Damage found while reading the journal (torn last line, corrupt lines). */
  damage?: string;
  /** The journal's first damaged line (1-based), with `damage`. */
  damagedLine?: number;
}

export type StatusFile = RunnerStatus & ProcessStamp;

export function runnerStatus(runId: string, env: NodeJS.ProcessEnv = process.env): { status?: StatusFile; alive: boolean } {
  const status = readStateJson<StatusFile>(runPaths(runId, env).status);
  if (!status || status.state === 'finished') return { status, alive: false };
  return { status, alive: stampLiveness(status) === 'alive' };
}

/** One run in full (every step's output tail and health), read from its journal. */
export function readRun(runId: string, env: NodeJS.ProcessEnv = process.env): RunListing<RunSummary> | undefined {
  const read = readRunJournal(runId, env);
  const summary = summarizeRun(read.records);
  if (!summary) return undefined;
  const damage = journalDamage(read);
  return withLiveness({ summary, live: 'finished', ...(damage ? { damage: damage.message, damagedLine: damage.line } : {}) }, env);
}

/** The live state of an unfinished run: its runner's status file and whether that process lives. */
export function withLiveness<L extends RunListing<RunDigest>>(listing: L, env: NodeJS.ProcessEnv = process.env): L {
  if (listing.summary.status !== 'unfinished') return listing;
  const { status, alive } = runnerStatus(listing.summary.runId, env);
  return { ...listing, runner: status, live: !alive ? 'interrupted' : status?.state === 'waiting' ? 'waiting' : 'running' };
}

/**
 * Every run, oldest first, from the catalog: only new and unfinished runs' journals are looked
 * at (a finished run's journal never changes again; the console's watcher re-stats those).
 */
export function listRuns(env: NodeJS.ProcessEnv = process.env): RunListing[] {
  return runCatalog(env)
    .listSync({ restat: (_id, cached) => cached.digest.status === 'unfinished' })
    .map((r) => withLiveness({ summary: r.digest, live: 'finished' as LiveState, ...(r.damage ? { damage: r.damage, damagedLine: r.damagedLine } : {}) }, env));
}

/** A journal `opsdeck history` could read only in part, or not at all. */
export interface JournalProblem {
  runId: string;
  path: string;
  /** The first damaged line (1-based). */
  line: number;
  message: string;
  /** The run's folder is one others could write in: not read (not a damaged journal). */
  unsafe?: true;
}

/** Every run (as `listRuns`) and every damaged journal: listed runs with skipped lines, and run dirs that cannot be listed at all. */
export function listRunsWithProblems(env: NodeJS.ProcessEnv = process.env): { runs: RunListing[]; problems: JournalProblem[] } {
  const runs = listRuns(env);
  const problems: JournalProblem[] = runCatalog(env).unreadable().map((u) => ({ runId: u.runId, path: u.journal, line: u.line, message: u.message, ...(u.unsafe ? { unsafe: u.unsafe } : {}) }));
  for (const r of runs) {
    if (r.damage) problems.push({ runId: r.summary.runId, path: runPaths(r.summary.runId, env).journal, line: r.damagedLine ?? 1, message: r.damage });
  }
  return { runs, problems: problems.sort((a, b) => a.runId.localeCompare(b.runId)) };
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
 * production-sim run never shows estimates from local runs. Digests come from the run catalog.
 */
export function estimatesFromHistory(runbook: string, environment: string, env: NodeJS.ProcessEnv = process.env, lastN = 10): Record<string, number> {
  const past: RunDigest[] = [];
  for (const id of listRunIds(env).reverse()) {
    if (past.length >= lastN) break;
    if (!id.includes(`-${runSlug(runbook)}-`)) continue;
    const s = runCatalog(env).getSync(id)?.digest;
    if (s && s.runbook === runbook && s.environment === environment) past.push(s);
  }
  return estimatesFrom(past);
}

