// One crash-safety trial: start a real run in its detached runner, SIGKILL the runner at a
// random moment (sometimes twice, sometimes with a simulated torn journal write), resume it,
// and check the invariants: the journal parses, no completed step ran again, the interrupted
// step was neither lost nor silently skipped. Shared by the test and bench/crash-safety.ts.
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunEvent } from '../../src/domain/runbook/run-events.js';
import { pidAlive } from '../../src/adapters/system/proc-info.js';

export interface TrialResult {
  kills: number;
  /** Where each kill landed, read back from the journal. */
  points: string[];
  reRuns: string[];
  lost: string[];
  silentlySkipped: string[];
  journalOk: boolean;
  /** Torn last lines found after a kill (the runner died inside a write). */
  tornSeen: number;
  /** Torn lines the trial appended itself to simulate that case. */
  tornSimulated: number;
  outcome?: string;
  problems: string[];
  /** Compact journal (event types and step ids) for failure messages. */
  trace?: string;
}

export interface TrialEnv {
  main: string;
  env: NodeJS.ProcessEnv;
  stateDir: string;
  markers: string;
  steps: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function cli(t: TrialEnv, args: string[]) {
  return spawnSync(process.execPath, [t.main, ...args], { env: t.env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
}

function journalOf(t: TrialEnv, runId: string): { events: RunEvent[]; torn: boolean; corrupt: number } {
  const text = readFileSync(join(t.stateDir, 'runs', runId, 'journal.jsonl'), 'utf8');
  const parts = text.split('\n');
  const last = parts.pop() ?? '';
  let corrupt = 0;
  const events: RunEvent[] = [];
  for (const l of parts) {
    if (!l) continue;
    try {
      events.push(JSON.parse(l));
    } catch {
      corrupt++;
    }
  }
  return { events, torn: last.length > 0, corrupt };
}

function runnerPid(t: TrialEnv, runId: string): number | undefined {
  try {
    return JSON.parse(readFileSync(join(t.stateDir, 'runs', runId, 'status.json'), 'utf8')).pid;
  } catch {
    return undefined;
  }
}

function completedIn(events: RunEvent[]): Set<string> {
  const done = new Set<string>();
  for (const e of events) {
    if (e.type === 'step-finished' && e.phase === 'main' && (e.outcome === 'succeeded' || e.outcome === 'marked-done')) done.add(e.stepId);
    // "mark done" after a crash is recorded as the operator's answer, not as a step-finished.
    if (e.type === 'confirmation-answered' && e.purpose === 'interrupted' && e.choice === 'mark-done' && e.stepId) done.add(e.stepId);
  }
  return done;
}

function killPoint(events: RunEvent[]): string {
  const last = [...events].reverse().find((e) => e.type !== 'step-output' && e.type !== 'note');
  if (!last || last.type === 'run-started' || last.type === 'run-resumed') return 'before the first step';
  if (last.type === 'step-started') return /^(start|stop|restart) /.test(last.command) ? 'during a service step' : 'during a step';
  if (last.type === 'step-finished') return 'between steps';
  if (last.type === 'run-finished') return 'after the last step';
  if (last.type === 'confirmation-requested') return 'waiting at a confirmation';
  return `after ${last.type}`;
}

function markerCounts(t: TrialEnv): Record<string, number> {
  const out: Record<string, number> = {};
  if (!existsSync(t.markers)) return out;
  for (const l of readFileSync(t.markers, 'utf8').split('\n')) if (l && !l.startsWith('start ')) out[l] = (out[l] ?? 0) + 1;
  return out;
}

/** The last event that says where the run is (output and notes aside). */
function lastState(t: TrialEnv, runId: string): RunEvent | undefined {
  return [...journalOf(t, runId).events].reverse().find((e) => e.type !== 'step-output' && e.type !== 'note');
}

/**
 * `maxDelayMs`: kills land uniformly in [0, maxDelayMs) after the runner is up. `atConfirmation`:
 * the run starts without --yes, so it waits at its first confirmation for an operator; the first
 * kill lands while it waits there, and the resumes answer with --yes.
 */
export async function crashTrial(t: TrialEnv, rnd: () => number, maxDelayMs: number, stepSleepMs: number, o: { atConfirmation?: boolean } = {}): Promise<TrialResult> {
  const r: TrialResult = { kills: 0, points: [], reRuns: [], lost: [], silentlySkipped: [], journalOk: true, tornSeen: 0, tornSimulated: 0, problems: [] };
  const started = cli(t, ['run', 'crash', '--env', 'local', ...(o.atConfirmation ? [] : ['--yes']), '--detach']);
  const runId = started.stdout.trim();
  if (started.status !== 0 || !runId) {
    r.problems.push(`run did not start: ${started.stderr}`);
    return r;
  }
  // Later rounds kill the resumed runner again.
  const rounds = rnd() < 0.15 ? 3 : rnd() < 0.4 ? 2 : 1;
  /** Marker count of each completed step when the runner died: it must never grow again. */
  const doneAtKill = new Map<string, number>();
  for (let round = 0; round < rounds; round++) {
    if (o.atConfirmation && round === 0) {
      for (let i = 0; i < 400 && lastState(t, runId)?.type !== 'confirmation-requested'; i++) await sleep(25);
      if (lastState(t, runId)?.type !== 'confirmation-requested') r.problems.push('the run never waited at its confirmation');
    } else await sleep(Math.floor(rnd() * maxDelayMs));
    const pid = runnerPid(t, runId);
    if (pid) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        /* already finished */
      }
      // An operator resumes a runner that has died, not one still exiting: on a busy host the
      // killed runner can take a while to go, and resume rightly refuses beside a live one.
      for (let i = 0; i < 400 && pidAlive(pid); i++) await sleep(25);
      if (pidAlive(pid)) r.problems.push(`runner ${pid} still alive 10 s after SIGKILL`);
    }
    // Let an orphaned step (its own process group survives the runner) finish, as an operator would check.
    await sleep(stepSleepMs + 150);
    const j = journalOf(t, runId);
    if (j.corrupt) r.journalOk = false;
    if (j.events.some((e) => e.type === 'run-finished')) break;
    // Only kills that interrupted the run count (a kill after run-finished proves nothing).
    r.kills++;
    r.points.push(`${round > 0 ? 'resumed run, ' : ''}${killPoint(j.events)}`);
    const atKill = markerCounts(t);
    for (const id of completedIn(j.events)) if (!doneAtKill.has(id)) doneAtKill.set(id, atKill[id] ?? 0);
    if (j.torn) r.tornSeen++;
    // Half the time simulate the runner dying inside a journal write: a torn last line.
    if (rnd() < 0.5) {
      appendFileSync(join(t.stateDir, 'runs', runId, 'journal.jsonl'), '{"type":"step-output","at":1,"stepId":"s1","pha');
      r.tornSimulated++;
    }
    const decision = rnd() < 0.8 ? '--rerun' : '--mark-done';
    // The last round lets the resumed run finish; an earlier one kills the resumed runner again.
    const res = cli(t, ['resume', runId, decision, ...(o.atConfirmation ? ['--yes'] : []), ...(round < rounds - 1 ? ['--detach'] : [])]);
    if (round === rounds - 1 && res.status !== 0) r.problems.push(`resume exited ${res.status}: ${res.stderr.slice(-300)} ${res.stdout.slice(-300)}`);
  }
  // Wait for a runner still going (the run was never killed because it finished first, etc.).
  for (let i = 0; i < 600; i++) {
    const j = journalOf(t, runId);
    if (j.events.some((e) => e.type === 'run-finished')) break;
    await sleep(100);
  }
  const final = journalOf(t, runId);
  if (final.corrupt || final.torn) r.journalOk = false;
  const fin = final.events.find((e): e is Extract<RunEvent, { type: 'run-finished' }> => e.type === 'run-finished');
  r.outcome = fin?.outcome;
  if (fin?.outcome !== 'succeeded') r.problems.push(`run ended ${fin?.outcome ?? 'unfinished'}: ${fin?.message ?? ''}`);
  const counts = markerCounts(t);
  const finalDone = completedIn(final.events);
  const resumedIds = new Set(final.events.filter((e) => e.type === 'run-resumed').map((e) => (e as { interruptedStepId?: string }).interruptedStepId).filter(Boolean));
  for (let i = 1; i <= t.steps; i++) {
    const id = `s${i}`;
    const n = counts[id] ?? 0;
    const marked = final.events.some((e) => (e.type === 'step-finished' && e.stepId === id && e.outcome === 'marked-done') || (e.type === 'confirmation-answered' && e.stepId === id && e.choice === 'mark-done'));
    // A step that was never interrupted must have run exactly once; an interrupted one at most
    // twice (its orphan may have finished, then the operator chose re-run) and never zero unless marked done.
    if (!resumedIds.has(id) && n > 1) r.reRuns.push(id);
    if (n === 0 && !marked) r.lost.push(id);
    if (!finalDone.has(id)) r.silentlySkipped.push(id);
  }
  for (const [id, n] of doneAtKill) if ((counts[id] ?? 0) > n) r.reRuns.push(id);
  r.trace = final.events.filter((e) => e.type !== 'step-output').map((e) => `${e.type}${'stepId' in e && e.stepId ? `:${e.stepId}` : ''}${'outcome' in e ? `=${e.outcome}` : ''}${'choice' in e ? `=${e.choice}` : ''}${e.type === 'run-finished' ? `(${e.message})` : ''}`).join(' ') + ` markers=${JSON.stringify(counts)}`;
  r.reRuns = [...new Set(r.reRuns)];
  return r;
}
