import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync, appendFileSync, utimesSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RunCatalog } from '../../../src/services/runs/run-catalog.js';
import { runIndexPath } from '../../../src/adapters/fs/run-index.js';
import { appendEvent, writePastRun } from '../../helpers/past-runs.js';

let state: string;
let env: NodeJS.ProcessEnv;
beforeEach(() => {
  state = mkdtempSync(join(tmpdir(), 'opsdeck-catalog-'));
  env = { OPSDECK_STATE_DIR: state };
});
afterEach(() => rmSync(state, { recursive: true, force: true }));

describe('run catalog', () => {
  it('lists every run oldest first and parses a journal only once while it is unchanged', () => {
    const older = writePastRun(state, { startedAt: Date.UTC(2026, 0, 1), stepMs: [10, 20, 30] });
    const newer = writePastRun(state, { startedAt: Date.UTC(2026, 0, 2), outcome: 'failed' });
    const catalog = new RunCatalog(env);
    const first = catalog.listSync();
    expect(first.map((r) => [r.runId, r.digest.status])).toEqual([[older.runId, 'succeeded'], [newer.runId, 'failed']]);
    expect(first[0]!.digest.steps).toEqual([{ id: 'a', outcome: 'succeeded', durationMs: 10 }, { id: 'b', outcome: 'succeeded', durationMs: 20 }, { id: 'c', outcome: 'succeeded', durationMs: 30 }]);
    expect(catalog.parsed).toBe(2);
    const again = catalog.listSync();
    expect(catalog.parsed).toBe(2);
    expect(again[0]!.digest).toBe(first[0]!.digest);
  });

  it('reads a journal again when its size or its mtime changed', () => {
    const run = writePastRun(state, { outcome: 'unfinished' });
    const catalog = new RunCatalog(env);
    expect(catalog.getSync(run.runId)!.digest.status).toBe('unfinished');
    appendEvent(run.journal, { type: 'run-finished', at: Date.UTC(2026, 10, 1, 12, 1), outcome: 'stopped', rolledBack: false, durationMs: 60_000 });
    expect(catalog.getSync(run.runId)!.digest.status).toBe('stopped');
    expect(catalog.parsed).toBe(2);
    // Same size, other content (a rewrite): the mtime tells.
    const text = readFileSync(run.journal, 'utf8');
    writeFileSync(run.journal, text.replace('"stopped"', '"aborted"'));
    utimesSync(run.journal, new Date(), new Date(Date.now() + 5000));
    expect(catalog.getSync(run.runId)!.digest.status).toBe('aborted');
    expect(catalog.parsed).toBe(3);
  });

  it('a new process reads finished runs from the index file; unfinished ones from their journals', () => {
    writePastRun(state, { startedAt: Date.UTC(2026, 0, 1) });
    writePastRun(state, { startedAt: Date.UTC(2026, 0, 2) });
    writePastRun(state, { startedAt: Date.UTC(2026, 0, 3), outcome: 'unfinished' });
    expect(new RunCatalog(env).listSync()).toHaveLength(3);
    const next = new RunCatalog(env);
    expect(next.listSync().map((r) => r.digest.status)).toEqual(['succeeded', 'succeeded', 'unfinished']);
    expect(next.parsed).toBe(1);
  });

  it('ignores index entries that no longer match their journal, and lines it cannot read', async () => {
    const run = writePastRun(state, { startedAt: Date.UTC(2026, 0, 1) });
    new RunCatalog(env).listSync();
    appendFileSync(runIndexPath(env), '{"v":1,"id":"torn\n');
    appendFileSync(run.journal, '\n'); // the journal changed after it was indexed
    const next = new RunCatalog(env);
    expect(next.listSync().map((r) => r.runId)).toEqual([run.runId]);
    expect(next.parsed).toBe(1);
    const viaScan = new RunCatalog(env);
    expect((await viaScan.scan()).map((r) => r.digest.status)).toEqual(['succeeded']);
  });

  it('scan() gives what listSync() gives, and honours restat', async () => {
    const a = writePastRun(state, { startedAt: Date.UTC(2026, 0, 1) });
    writePastRun(state, { startedAt: Date.UTC(2026, 0, 2), outcome: 'unfinished' });
    const catalog = new RunCatalog(env);
    const scanned = await catalog.scan();
    expect(scanned.map((r) => r.digest.status)).toEqual(['succeeded', 'unfinished']);
    // A finished run that is not re-stat'd keeps its cached digest even if its file changed.
    appendEvent(a.journal, { type: 'run-finished', at: 1, outcome: 'aborted', rolledBack: false, durationMs: 1 });
    const trusted = await catalog.scan({ restat: (_id, cached) => cached.digest.status === 'unfinished' });
    expect(trusted[0]!.digest.status).toBe('succeeded');
    expect((await catalog.scan())[0]!.digest.status).toBe('aborted');
  });
});
