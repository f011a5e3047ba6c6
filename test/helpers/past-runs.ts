// Writes past runs into a state dir as the runner leaves them (runs/<id>/journal.jsonl), for
// tests and benches that need a history: finished, or unfinished with a status file.
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeRunId } from '../../src/domain/runbook/run-id.js';
import type { RunEvent } from '../../src/domain/runbook/run-events.js';

export interface PastRun {
  runbook?: string;
  profile?: string;
  environment?: string;
  startedAt?: number;
  /** @default 'succeeded'; 'unfinished' leaves the journal after the first step started */
  outcome?: 'succeeded' | 'failed' | 'unfinished';
  /** Duration of each of the steps a, b, c. @default [100, 200, 300] */
  stepMs?: number[];
  /** Output lines per step (journals of real runs are mostly output). @default 2 */
  outputLines?: number;
  random?: string;
}

export function writePastRun(stateDir: string, r: PastRun = {}): { runId: string; journal: string; dir: string } {
  const at = r.startedAt ?? Date.UTC(2026, 10, 1, 12, 0, 0);
  const runbook = r.runbook ?? 'deploy';
  const runId = makeRunId(new Date(at), runbook, r.random ?? Math.random().toString(16).slice(2, 8).padEnd(6, '0'));
  const dir = join(stateDir, 'runs', runId);
  mkdirSync(dir, { recursive: true });
  const stepMs = r.stepMs ?? [100, 200, 300];
  const ids = stepMs.map((_, i) => String.fromCharCode(97 + i));
  const events: RunEvent[] = [{
    type: 'run-started', at, runId, runbook, title: runbook, kind: 'other', profile: r.profile ?? 'demo', environment: r.environment ?? 'local',
    protected: false, dryRun: false, inputs: {}, onFailure: 'stop', user: 'alice', host: 'ops1', pid: 1,
    plan: ids.map((id) => ({ id, title: id.toUpperCase(), kind: 'run', command: `echo ${id}`, confirm: 'none', retries: 0, hasRollback: false })),
  }];
  let t = at;
  for (const [i, id] of ids.entries()) {
    events.push({ type: 'step-started', at: t, stepId: id, phase: 'main', attempt: 1, command: `echo ${id}` });
    if (r.outcome === 'unfinished') break;
    for (let k = 0; k < (r.outputLines ?? 2); k++) events.push({ type: 'step-output', at: t, stepId: id, phase: 'main', stream: 'stdout', line: `${id} line ${k}` });
    const failed = r.outcome === 'failed' && i === ids.length - 1;
    t += stepMs[i]!;
    events.push({ type: 'step-finished', at: t, stepId: id, phase: 'main', attempt: 1, outcome: failed ? 'failed' : 'succeeded', exitCode: failed ? 1 : 0, durationMs: stepMs[i]!, tail: [] });
  }
  if (r.outcome !== 'unfinished') events.push({ type: 'run-finished', at: t, outcome: r.outcome === 'failed' ? 'failed' : 'succeeded', rolledBack: false, durationMs: t - at });
  const journal = join(dir, 'journal.jsonl');
  writeFileSync(journal, events.map((e) => JSON.stringify(e)).join('\n') + '\n', { mode: 0o600 });
  return { runId, journal, dir };
}

/** One more event at the end of a run's journal (the file's size and mtime change). */
export function appendEvent(journal: string, event: RunEvent): void {
  appendFileSync(journal, JSON.stringify(event) + '\n');
}
