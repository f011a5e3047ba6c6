// The desk applies the one policy itself, whatever the screen offered: in read-only mode a run
// that changes things is refused before anything starts; its dry run starts, and after :write
// the real run.
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRunbookDesk } from '../../../src/services/runs/runbook-desk.js';
import { processProfile, waitFor } from '../../helpers/process-services.js';
import { removeTempDirs, tempDir } from '../../helpers/temp-dir.js';

afterAll(removeTempDirs);

describe('the runbook desk in read-only mode', () => {
  it('refuses a real run that changes things, starts its dry run, and the real run after :write', async () => {
    const ops = tempDir();
    const state = join(ops, '.state');
    const env = { ...process.env, OPSDECK_STATE_DIR: state };
    const marker = join(ops, 'touched');
    mkdirSync(join(ops, 'runbooks'), { recursive: true });
    writeFileSync(join(ops, 'runbooks', 'touch.yaml'), `name: touch\nsteps:\n  - id: touch\n    run: [touch, ${JSON.stringify(marker)}]\n`);
    const profile = processProfile(ops, {});
    let session = { readonly: true };
    const desk = createRunbookDesk({ root: ops, profile, environment: () => profile.environments.local!, env, mode: 'in-process', policySession: () => session });
    try {
      const touch = desk.list().find((e) => e.name === 'touch')!.runbook!;
      await expect(desk.start(desk.preview(touch, {}, false))).rejects.toThrow(/read-only: run touch refused; read-only mode/);
      expect(existsSync(join(state, 'runs')) ? readdirSync(join(state, 'runs')) : []).toEqual([]);
      const dry = await desk.start(desk.preview(touch, {}, true));
      expect(await waitFor('the dry run to end', () => dry.store.getState().view?.outcome)).toBe('succeeded');
      expect(existsSync(marker)).toBe(false);
      session = { readonly: true, escalated: true } as typeof session;
      const real = await desk.start(desk.preview(touch, {}, false));
      expect(await waitFor('the real run to end', () => real.store.getState().view?.outcome)).toBe('succeeded');
      expect(existsSync(marker)).toBe(true);
    } finally {
      await desk.dispose();
    }
  });
});
