// Every run's journal and report carry the audit head at the run's end, and `audit verify`
// checks the log still holds it: rolling the log AND its head file back to an older copy shows.
import { describe, it, expect, afterAll } from 'vitest';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir, removeTempDirs } from '../helpers/temp-dir.js';
import { runCli } from '../helpers/run-cli.js';

afterAll(removeTempDirs);

describe('audit head sealed in run journals', () => {
  it('journal and report carry the head; a log rolled back with its head file is caught by the journal', async () => {
    const ops = tempDir('opsdeck-seal-');
    for (const d of ['profiles', 'runbooks']) mkdirSync(join(ops, d));
    writeFileSync(join(ops, 'profiles', 'shop.yaml'), 'name: shop\nenvironments:\n  local: {}\nservices: {}\n');
    writeFileSync(join(ops, 'runbooks', 'one.yaml'), 'name: one\nsteps:\n  - { id: hi, run: [echo, hi] }\n');
    const state = join(ops, '.state');
    const env = { OPSDECK_STATE_DIR: state };
    const first = await runCli(['run', 'one', '--env', 'local', '--dir', ops, '--json'], env, 60_000);
    expect(first.code).toBe(0);
    const saved = tempDir();
    for (const f of ['audit.jsonl', 'audit.head']) copyFileSync(join(state, f), join(saved, f));
    const second = await runCli(['run', 'one', '--env', 'local', '--dir', ops], env, 60_000);
    expect(second.code).toBe(0);
    const runId = /Journal: .*runs\/([^/]+)\/journal\.jsonl/.exec(second.stdout)![1]!;
    const journal = readFileSync(join(state, 'runs', runId, 'journal.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const seal = journal.find((e) => e.type === 'audit-head');
    // Sealed just before the run's end: the log holds that entry, and one more (run.finish).
    const log = readFileSync(join(state, 'audit.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(log.find((e) => e.seq === seal.seq)).toMatchObject({ hash: seal.hash, action: 'step.finish', runId });
    expect(log.at(-1)).toMatchObject({ seq: seal.seq + 1, action: 'run.finish', runId });
    expect(readFileSync(join(state, 'runs', runId, 'report.md'), 'utf8')).toContain(`| Audit log | entry ${seal.seq}, hash ${seal.hash}`);
    const head = seal;
    expect((await runCli(['audit', 'verify'], env)).code).toBe(0);
    // Roll both back to the copy taken after the first run: chain, MACs and head file agree.
    for (const f of ['audit.jsonl', 'audit.head']) copyFileSync(join(saved, f), join(state, f));
    const r = await runCli(['audit', 'verify'], env);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`run ${runId}'s journal records entry ${head.seq}, which the log does not have`);
  });
});
