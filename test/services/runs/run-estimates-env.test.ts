// Estimates come from past runs of the runbook in the SAME environment, for the plan and for the
// run screen alike: a first run in production-sim says "no history" everywhere, never the
// estimates of local runs.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../../helpers/run-cli.js';
import { removeTempDirs, tempDir } from '../../helpers/temp-dir.js';

afterAll(removeTempDirs);

describe('estimates per environment', () => {
  it('a run in staging gets no estimates from local runs; a second staging run gets staging ones', async () => {
    const ops = tempDir('opsdeck-estimates-');
    const state = join(ops, '.state');
    mkdirSync(join(ops, 'profiles'));
    mkdirSync(join(ops, 'runbooks'));
    writeFileSync(join(ops, 'profiles', 'p.yaml'), 'name: p\nenvironments:\n  local: {}\n  staging: {}\nservices: {}\n');
    writeFileSync(join(ops, 'runbooks', 'quick.yaml'), 'name: quick\nsteps:\n  - { id: one, run: ["true"] }\n');
    const env = { OPSDECK_DIR: ops, OPSDECK_STATE_DIR: state };
    type Started = { at: number; environment: string; plan: { id: string; estimateMs?: number }[] };
    const startedOf = () =>
      readdirSync(join(state, 'runs'))
        .map((id) => JSON.parse(readFileSync(join(state, 'runs', id, 'journal.jsonl'), 'utf8').split('\n')[0]!) as Started)
        .sort((a, b) => a.at - b.at);
    for (const e of ['local', 'local', 'staging', 'staging']) {
      const r = await runCli(['run', 'quick', '--env', e, '--yes'], env);
      expect(r.code, r.stdout + r.stderr).toBe(0);
    }
    const runs = startedOf();
    expect(runs.map((r) => [r.environment, r.plan[0]!.estimateMs === undefined ? 'no history' : 'estimate'])).toEqual([
      ['local', 'no history'],
      ['local', 'estimate'],
      ['staging', 'no history'], // not the local runs' estimate
      ['staging', 'estimate'],
    ]);
  }, 120_000);
});
