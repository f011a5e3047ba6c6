// `opsdeck history` with a damaged journal among good ones: the damaged one is named (path and
// line) on stderr and in --json `problems`, and every other run is still listed.
import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { runCli } from '../helpers/run-cli.js';
import { removeTempDirs, tempDir } from '../helpers/temp-dir.js';
import { writePastRun } from '../helpers/past-runs.js';
import { expectJsonVocabulary } from '../helpers/json-vocabulary.js';

afterAll(removeTempDirs);

/** Three runs: a good one, one whose first line (its start) is garbage, one with a damaged line 3. */
function stateWithDamage() {
  const state = tempDir();
  const at = Date.UTC(2026, 10, 1, 12, 0, 0);
  const good = writePastRun(state, { startedAt: at, random: 'aaaaaa' });
  const unreadable = writePastRun(state, { startedAt: at + 60_000, random: 'bbbbbb' });
  const lines = readFileSync(unreadable.journal, 'utf8').split('\n');
  writeFileSync(unreadable.journal, ['{"type":"run-sta\u0000rted", garbage', ...lines.slice(1)].join('\n'));
  const partly = writePastRun(state, { startedAt: at + 120_000, random: 'cccccc' });
  const p = readFileSync(partly.journal, 'utf8').split('\n');
  p[2] = 'not json at all';
  writeFileSync(partly.journal, p.join('\n'));
  return { state, env: { OPSDECK_STATE_DIR: state, OPSDECK_DIR: tempDir() }, good, unreadable, partly };
}

describe('opsdeck history with a damaged journal', () => {
  it('names it on stderr with path:line and lists the rest', async () => {
    const { env, good, unreadable, partly } = stateWithDamage();
    const r = await runCli(['history'], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(good.runId);
    expect(r.stdout).toContain(partly.runId);
    expect(r.stdout).not.toContain(unreadable.runId);
    expect(r.stderr).toContain(`opsdeck: damaged journal ${unreadable.journal}:1: no readable start of the run: 1 damaged line(s) skipped (line 1)`);
    expect(r.stderr).toContain(`opsdeck: damaged journal ${partly.journal}:3: 1 damaged line(s) skipped (line 3)`);
    expect(r.stderr).not.toMatch(/[\x00-\x08]/);
  });

  it('--json: the same as a problems array, in the JSON vocabulary', async () => {
    const { env, good, unreadable, partly } = stateWithDamage();
    const r = await runCli(['history', '--json'], env);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expectJsonVocabulary(doc);
    expect(doc.runs.map((x: { id: string }) => x.id)).toEqual([good.runId, partly.runId]);
    expect(doc.problems).toEqual([
      { runId: unreadable.runId, path: unreadable.journal, line: 1, message: 'no readable start of the run: 1 damaged line(s) skipped (line 1)' },
      { runId: partly.runId, path: partly.journal, line: 3, message: '1 damaged line(s) skipped (line 3)' },
    ]);
    // A second read comes from the run index: the line is still known.
    const again = JSON.parse((await runCli(['history', '--json'], env)).stdout);
    expect(again.problems).toEqual(doc.problems);
  });

  it('a clean history has an empty problems array', async () => {
    const state = tempDir();
    writePastRun(state);
    const doc = JSON.parse((await runCli(['history', '--json'], { OPSDECK_STATE_DIR: state, OPSDECK_DIR: tempDir() })).stdout);
    expect(doc.problems).toEqual([]);
  });
});
