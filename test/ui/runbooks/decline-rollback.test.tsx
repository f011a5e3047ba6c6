// Declining a risky step after steps that changed things: the run offers to roll back every
// completed step that has a rollback, newest first (not only stop with them done); r does it,
// Enter (the default) stops with them done. Real console session, real steps (in-process runner).
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TuiHarness } from '../../helpers/ink.js';
import { closeConsolesAfterEach, mountRunbookConsole, runbookOpsDir, startRun } from '../../helpers/runbook-console.js';

closeConsolesAfterEach();

function mount() {
  const root = runbookOpsDir('opsdeck-decline-', (dir) => {
    const undo = (what: string) => `{ shell: "echo ${what} >> '${join(dir, 'undo.log')}'" }`;
    return { 'change.yaml': `name: change\ntitle: Two changes then a risky one\nenvironments: [local]\nsteps:\n  - id: one\n    run: [echo, one]\n    rollback: ${undo('undo-one')}\n  - id: plain\n    run: [echo, plain]\n  - id: two\n    run: [echo, two]\n    rollback: ${undo('undo-two')}\n  - id: risky\n    run: [echo, risky]\n    confirm: true\n` };
  });
  const log = join(root, 'undo.log');
  const m = mountRunbookConsole('local', { columns: 120, rows: 30 }, root);
  return { t: m.tui, undone: () => (existsSync(log) ? readFileSync(log, 'utf8') : '') };
}

async function toRisky(t: TuiHarness) {
  await startRun(t, 'change', 'Two changes');
  await t.waitFor('Run step risky');
  await t.press('n');
  return t.waitFor('Step risky declined');
}

describe('declining a risky step', () => {
  it('offers to roll back every completed step with a rollback, newest first; r does it and the run is stopped (rolled back)', async () => {
    const { t, undone } = mount();
    const frame = await toRisky(t);
    expect(frame).toContain('Stop here, or roll back what was done (two, one, newest first)?');
    expect(frame.trimEnd().split('\n').pop()).toBe('x stop the run  r roll back completed steps  Enter stop the run (default)  Esc back (the question waits)');
    await t.press('r');
    const end = await t.waitFor('Run stopped');
    expect(end).toContain('(rolled back)');
    expect(end).toContain('confirmation risky declined; rolled back 2 step(s)');
    expect(undone()).toBe('undo-two\nundo-one\n');
  });

  it('Enter (the default) stops with the completed steps done, and says which', async () => {
    const { t, undone } = mount();
    await toRisky(t);
    await t.press('enter');
    const end = await t.waitFor('Run stopped');
    expect(end).toContain('confirmation risky declined; done and not rolled back: one, plain, two');
    expect(undone()).toBe('');
  });
});
