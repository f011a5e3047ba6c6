// The desk's runbooks() (what the console's log triggers follow) are the valid runbooks of the
// current environment, read without the run history: the console asks right after its first
// frame, and reading a year of runs there blocked it (bench runs-history).
import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRunbookDesk } from '../../../src/services/runs/runbook-desk.js';
import { runCatalog } from '../../../src/services/runs/run-catalog.js';
import { processProfile } from '../../helpers/process-services.js';
import { writePastRun } from '../../helpers/past-runs.js';
import { removeTempDirs, tempDir } from '../../helpers/temp-dir.js';

afterAll(removeTempDirs);

describe("the runbook desk's runbooks()", () => {
  it('are the valid ones of this environment, and reading them reads no past run', async () => {
    const ops = tempDir();
    const state = join(ops, '.state');
    const env = { ...process.env, OPSDECK_STATE_DIR: state };
    mkdirSync(join(ops, 'runbooks'), { recursive: true });
    writeFileSync(join(ops, 'runbooks', 'here.yaml'), 'name: here\nsteps:\n  - { id: a, manual: x }\n');
    writeFileSync(join(ops, 'runbooks', 'elsewhere.yaml'), 'name: elsewhere\nenvironments: [prod]\nsteps:\n  - { id: a, manual: x }\n');
    writeFileSync(join(ops, 'runbooks', 'broken.yaml'), 'name: broken\nsteps: []\n');
    const profile = processProfile(ops, {});
    profile.environments.prod = { ...profile.environments.local!, name: 'prod' };
    writePastRun(state, { runbook: 'here', environment: 'local', profile: profile.name });
    const desk = createRunbookDesk({ root: ops, profile, environment: () => profile.environments.local!, env, mode: 'in-process' });
    try {
      // Synchronously, before the runs watcher's first (asynchronous) scan can read anything.
      const catalog = runCatalog(env);
      const before = catalog.parsed;
      expect(desk.runbooks().map((r) => r.name)).toEqual(['here']);
      expect(catalog.parsed).toBe(before);
      // The list does show the last run, read from the history.
      const list = desk.list();
      expect(list.map((e) => e.name).sort()).toEqual(['broken', 'here']);
      expect(list.find((e) => e.name === 'here')?.last?.status).toBe('succeeded');
      expect(catalog.parsed).toBe(before + 1);
    } finally {
      await desk.dispose();
    }
  });
});
