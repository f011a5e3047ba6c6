// The abort question belongs to the step it was asked about (tester report #2): Ctrl-C during a
// step, the step ends on its own while the dialog is open, the next step starts — the dialog
// must be gone, say why, and a late "y" must not kill the step nobody chose to abort.
// Steps wait on gate files the test creates, so nothing depends on timing.
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { closeConsolesAfterEach, mountRunbookConsole, runbookOpsDir, startRun } from '../../helpers/runbook-console.js';
import { readRunJournal } from '../../../src/adapters/fs/fs-run-journal.js';

closeConsolesAfterEach();

describe('console: the abort question of a step that ends by itself', () => {
  it('closes when the step ends, says so, and a late y does not abort the next step', { timeout: 30_000 }, async () => {
    const root = runbookOpsDir('opsdeck-ui-abort-', (root) => {
      const wait = (gate: string) => `while [ ! -e ${join(root, gate)} ]; do sleep 0.05; done`;
      return {
        'gated.yaml': [
          'name: gated', 'title: Two gated steps', 'environments: [local]', 'steps:',
          `  - { id: first, shell: ${JSON.stringify(`echo first-up; ${wait('gate1')}`)} }`,
          `  - { id: second, shell: ${JSON.stringify(`echo second-up; ${wait('gate2')}; touch ${join(root, 'second-done')}`)} }`,
          '',
        ].join('\n'),
      };
    });
    const m = mountRunbookConsole('local', undefined, root);
    const { tui } = m;
    await startRun(tui, 'gated', 'Two gated steps');
    await tui.waitFor('first-up');
    await tui.press('ctrl+c');
    await tui.waitFor('Abort the running step?');

    writeFileSync(join(root, 'gate1'), '');
    await tui.waitFor('second-up');
    let frame = await tui.waitForGone('Abort the running step?');
    expect(frame).toMatch(/first finished before the answer/);
    expect(frame).toMatch(/▶ second +elapsed/);

    await tui.press('y'); // the late answer: nothing is asked any more
    writeFileSync(join(root, 'gate2'), '');
    frame = await tui.waitFor('Run succeeded');
    expect(frame).toMatch(/second +succeeded/);
    // The step rows have room for their titles: none ends in a stray "…" (tester report #9).
    expect(frame.split('\n').filter((l) => /^ ✔ +\d /.test(l) && l.trimEnd().endsWith('…'))).toEqual([]);
    expect(existsSync(join(root, 'second-done'))).toBe(true);

    const runId = readdirSync(join(m.stateDir, 'runs'))[0]!;
    const events = readRunJournal(runId, { OPSDECK_STATE_DIR: m.stateDir }).records;
    const asked = events.find((e) => e.type === 'confirmation-requested' && e.purpose === 'abort');
    expect(asked).toMatchObject({ stepId: 'first' });
    const withdrawn = events.findIndex((e) => e.type === 'confirmation-withdrawn');
    expect(events[withdrawn]).toMatchObject({ requestId: asked?.type === 'confirmation-requested' ? asked.requestId : 'none', stepId: 'first', purpose: 'abort' });
    // Withdrawn before the step's end is journaled, and never answered.
    expect(withdrawn).toBeLessThan(events.findIndex((e) => e.type === 'step-finished' && e.stepId === 'first'));
    expect(events.some((e) => e.type === 'confirmation-answered' && e.purpose === 'abort')).toBe(false);
  });
});
