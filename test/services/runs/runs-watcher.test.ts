import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RunCatalog } from '../../../src/services/runs/run-catalog.js';
import { RunsWatcher } from '../../../src/services/runs/runs-watcher.js';
import { createRunsStore } from '../../../src/state/runs-store.js';
import { appendEvent, writePastRun } from '../../helpers/past-runs.js';

let state: string;
let env: NodeJS.ProcessEnv;
beforeEach(() => {
  state = mkdtempSync(join(tmpdir(), 'opsdeck-watcher-'));
  env = { OPSDECK_STATE_DIR: state };
});
afterEach(() => rmSync(state, { recursive: true, force: true }));

const watcherFor = (lock?: () => { text: string; tone: 'warn' } | undefined) => {
  const catalog = new RunCatalog(env);
  const store = createRunsStore();
  const watcher = new RunsWatcher({ catalog, store, profile: 'demo', lockNote: lock ?? (() => undefined), env });
  return { catalog, store, watcher };
};

describe('runs watcher', () => {
  it('skips a refresh while one is in flight', async () => {
    writePastRun(state);
    const { watcher } = watcherFor();
    const first = watcher.refresh();
    const second = watcher.refresh();
    expect(second).toBe(first);
    await first;
    expect(watcher.counts).toEqual({ skipped: 1, done: 1 });
    await watcher.refresh();
    expect(watcher.counts).toEqual({ skipped: 1, done: 2 });
  });

  it("publishes the profile's runs newest first, unfinished ones with their live state, and the lock", async () => {
    const old = writePastRun(state, { startedAt: Date.UTC(2026, 0, 1) });
    const dead = writePastRun(state, { startedAt: Date.UTC(2026, 0, 2), outcome: 'unfinished', runbook: 'migrate' });
    writePastRun(state, { startedAt: Date.UTC(2026, 0, 3), profile: 'other' });
    const { store, watcher } = watcherFor(() => ({ text: 'lock: alice@ops1 migrate', tone: 'warn' }));
    await watcher.refresh();
    const st = store.getState();
    expect(st.loaded).toBe(true);
    expect(st.runs.map((r) => r.runId)).toEqual([dead.runId, old.runId]);
    // No status file and no runner process: the run was interrupted.
    expect(st.unfinished).toEqual([{ runId: dead.runId, runbook: 'migrate', environment: 'local', live: 'interrupted' }]);
    expect(st.lock).toEqual({ text: 'lock: alice@ops1 migrate', tone: 'warn' });
  });

  it('leaves the store alone while nothing changed, and re-reads only the journal that did', async () => {
    writePastRun(state, { startedAt: Date.UTC(2026, 0, 1) });
    const live = writePastRun(state, { startedAt: Date.UTC(2026, 0, 2), outcome: 'unfinished' });
    const { catalog, store, watcher } = watcherFor();
    await watcher.refresh();
    const parsed = catalog.parsed;
    let updates = 0;
    store.subscribe(() => updates++);
    await watcher.refresh();
    expect(updates).toBe(0);
    expect(catalog.parsed).toBe(parsed);
    appendEvent(live.journal, { type: 'run-finished', at: Date.UTC(2026, 0, 2, 1), outcome: 'succeeded', rolledBack: false, durationMs: 1000 });
    await watcher.refresh();
    expect(catalog.parsed).toBe(parsed + 1);
    expect(updates).toBe(1);
    expect(store.getState().unfinished).toEqual([]);
    expect(store.getState().runs[0]!.status).toBe('succeeded');
  });

  it('re-stats finished runs a slice per refresh, so every journal is looked at in turn', async () => {
    const runs = Array.from({ length: 5 }, (_, i) => writePastRun(state, { startedAt: Date.UTC(2026, 0, 1 + i) }));
    const catalog = new RunCatalog(env);
    const store = createRunsStore();
    const watcher = new RunsWatcher({ catalog, store, profile: 'demo', lockNote: () => undefined, env, sweep: 2 });
    await watcher.refresh();
    appendEvent(runs[4]!.journal, { type: 'run-finished', at: 1, outcome: 'aborted', rolledBack: false, durationMs: 1 });
    const statusOfLast = () => store.getState().runs[0]!.status;
    await watcher.refresh(); // runs 0-1
    expect(statusOfLast()).toBe('succeeded');
    await watcher.refresh(); // runs 2-3
    await watcher.refresh(); // run 4
    expect(statusOfLast()).toBe('aborted');
  });

  it('an idle refresh stats the unfinished runs and one slice, however long the history', async () => {
    for (let i = 0; i < 40; i++) writePastRun(state, { startedAt: Date.UTC(2026, 0, 1, i) });
    writePastRun(state, { startedAt: Date.UTC(2026, 0, 3), outcome: 'unfinished' });
    const catalog = new RunCatalog(env);
    const store = createRunsStore();
    const watcher = new RunsWatcher({ catalog, store, profile: 'demo', lockNote: () => undefined, env, sweep: 5 });
    await watcher.refresh();
    expect(catalog.statted).toBe(41);
    for (let i = 1; i <= 3; i++) {
      await watcher.refresh();
      expect(catalog.statted).toBe(41 + i * 6);
    }
    // A new run changes the runs folder: that refresh looks at every journal.
    const added = writePastRun(state, { startedAt: Date.UTC(2026, 0, 4) });
    await watcher.refresh();
    expect(catalog.statted).toBe(41 + 3 * 6 + 42);
    expect(store.getState().runs[0]!.runId).toBe(added.runId);
  });

  it('a scan that finds nothing new hands out the same array, so an idle refresh does not go over every run', async () => {
    const first = writePastRun(state, { startedAt: Date.UTC(2026, 0, 1) });
    const catalog = new RunCatalog(env);
    const a = await catalog.scan();
    expect(await catalog.scan()).toBe(a);
    appendEvent(first.journal, { type: 'run-finished', at: 1, outcome: 'aborted', rolledBack: false, durationMs: 1 });
    const b = await catalog.scan();
    expect(b).not.toBe(a);
    expect(b[0]!.digest.status).toBe('aborted');
    writePastRun(state, { startedAt: Date.UTC(2026, 0, 2) });
    const c = await catalog.scan();
    expect(c).not.toBe(b);
    expect(c).toHaveLength(2);
    expect(await catalog.scan()).toBe(c);
  });
});

describe('runs watcher, refresh now', () => {
  it('a change made while a scan is in flight is seen by refreshNow(), and calls meanwhile share one more scan', async () => {
    const run = writePastRun(state, { startedAt: Date.UTC(2026, 0, 2), outcome: 'unfinished' });
    const { store, watcher } = watcherFor();
    const inFlight = watcher.refresh();
    // The run ends after that scan may have read its journal.
    appendEvent(run.journal, { type: 'run-finished', at: Date.UTC(2026, 0, 2, 1), outcome: 'succeeded', rolledBack: false, durationMs: 1000 });
    const now = watcher.refreshNow();
    expect(watcher.refreshNow()).toBe(now);
    await now;
    expect(store.getState().runs[0]!.status).toBe('succeeded');
    expect(watcher.counts.done).toBe(2);
    await inFlight;
    // With none in flight it is a plain refresh.
    await watcher.refreshNow();
    expect(watcher.counts).toEqual({ skipped: 0, done: 3 });
  });
});
