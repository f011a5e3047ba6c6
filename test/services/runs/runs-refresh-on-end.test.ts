// The runs store is current as soon as a run this console started ends, not at the watcher's
// next tick: the desk's watcher here ticks once an hour, so only the run's end can refresh it.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRunbookDesk } from '../../../src/services/runs/runbook-desk.js';
import { processProfile, waitFor } from '../../helpers/process-services.js';
import { removeTempDirs, tempDir } from '../../helpers/temp-dir.js';

afterAll(removeTempDirs);

describe('runs store after a run ends', () => {
  it('shows the run succeeded once it ends, without waiting for a tick', async () => {
    const ops = tempDir();
    const env = { ...process.env, OPSDECK_STATE_DIR: join(ops, '.state') };
    mkdirSync(join(ops, 'runbooks'), { recursive: true });
    writeFileSync(join(ops, 'runbooks', 'hello.yaml'), 'name: hello\ntitle: Say hello\nsteps:\n  - id: hello\n    run: [node, -e, "console.log(1)"]\n');
    const profile = processProfile(ops, {});
    const desk = createRunbookDesk({ root: ops, profile, environment: () => profile.environments.local!, env, mode: 'in-process', runsIntervalMs: 3_600_000 });
    try {
      await waitFor('the first scan', () => desk.runs.getState().loaded);
      const rb = desk.list().find((e) => e.name === 'hello')!.runbook!;
      const client = await desk.start(desk.preview(rb, {}, false));
      await waitFor('the run to end', () => client.store.getState().view?.outcome);
      const digest = await waitFor('the store to show the run finished', () => desk.runs.getState().runs.find((r) => r.runId === client.runId && r.status !== 'unfinished'));
      expect(digest.status).toBe('succeeded');
      expect(desk.runs.getState().unfinished).toEqual([]);
    } finally {
      await desk.dispose();
    }
  });
});
