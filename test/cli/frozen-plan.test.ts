// What runs is what was reviewed: `resume` runs the plan journaled when the run started and never
// re-reads the runbook file (issue 9, defect 2), through the real binary and detached runner.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildCli, type BuiltCli } from '../helpers/build-cli.js';
import { runFixture, type RunFixture } from '../helpers/run-fixture.js';
import { removeTempDirs } from '../helpers/temp-dir.js';
import { until } from '../helpers/until.js';

let cli: BuiltCli;
const opsdeck = (fx: RunFixture, ...args: string[]) => spawnSync(process.execPath, [cli.main, ...args], { env: fx.env, encoding: 'utf8', timeout: 60_000 });

beforeAll(async () => {
  cli = await buildCli();
});
afterAll(removeTempDirs);

const ORIGINAL = `name: rb
on_failure: stop
steps:
  - id: migrate
    shell: 'echo migrate >> "$MARKERS"'
  - id: wait
    shell: 'echo "start wait" >> "$MARKERS"; sleep 30; echo wait >> "$MARKERS"'
  - id: finish
    shell: 'echo finish >> "$MARKERS"'
`;

// Edited after the crash: the migration renamed, a destructive step inserted, a command changed.
const EDITED = `name: rb
on_failure: stop
steps:
  - id: migrate-v2
    shell: 'echo migrate-v2 >> "$MARKERS"'
  - id: wait
    shell: 'echo "start wait" >> "$MARKERS"; sleep 30; echo wait >> "$MARKERS"'
  - id: drop-old-tables
    shell: 'echo drop-old-tables >> "$MARKERS"'
  - id: finish
    shell: 'echo finish-edited >> "$MARKERS"'
`;

describe('resume runs the journaled plan, not the runbook file', () => {
  it('a renamed step is not run again, an inserted step is not run, a changed command runs as reviewed', async () => {
    const fx = runFixture({ rb: ORIGINAL });
    const started = opsdeck(fx, 'run', 'rb', '--env', 'local', '--detach');
    expect(started.status, started.stderr).toBe(0);
    const runId = started.stdout.trim();
    const dir = join(fx.stateDir, 'runs', runId);
    await until('step wait to start', () => existsSync(fx.markers) && readFileSync(fx.markers, 'utf8').includes('start wait'));
    process.kill(JSON.parse(readFileSync(join(dir, 'status.json'), 'utf8')).pid, 'SIGKILL');
    writeFileSync(join(fx.opsDir, 'runbooks', 'rb.yaml'), EDITED);

    const r = opsdeck(fx, 'resume', runId, '--stop-leftovers', '--mark-done');
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/completed \(will not run again\): migrate\n/);
    expect(r.stdout).toMatch(/the runbook file changed since the run started; resume runs the plan journaled then/);
    expect(r.stdout).toContain('- step migrate removed (or renamed)');
    expect(r.stdout).toContain('- step drop-old-tables added after wait');
    expect(r.stdout).toContain(`- step finish: command shell "echo finish >> \\"$MARKERS\\"" → shell "echo finish-edited >> \\"$MARKERS\\""`);
    expect(fx.counts()).toEqual({ migrate: 1, finish: 1 });

    // The journal holds the reviewed definition and the file's hash from the start.
    const first = JSON.parse(readFileSync(join(dir, 'journal.jsonl'), 'utf8').split('\n')[0]!);
    expect(first.type).toBe('run-started');
    expect(first.runbookHash).toMatch(/^[0-9a-f]{64}$/);
    expect(first.definition.steps.map((s: { id: string }) => s.id)).toEqual(['migrate', 'wait', 'finish']);
  }, 120_000);
});
