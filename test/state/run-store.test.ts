import { describe, it, expect } from 'vitest';
import { tempDir } from '../helpers/temp-dir.js';
import { profileFrom, runbookFrom, PROFILE_YAML } from '../helpers/runbook-fixtures.js';
import { makeRunner } from '../helpers/runner-kit.js';
import { createRunStore } from '../../src/state/run-store.js';

describe('run store', () => {
  it('follows a real run: pending confirmation with the exact command, answered through the store, output kept per step', async () => {
    const dir = tempDir();
    const profile = profileFrom(PROFILE_YAML, dir);
    const rb = runbookFrom(`
name: ui
steps:
  - { id: hello, run: [node, -e, "console.log('line one'); console.log('line two')"] }
  - { id: risky, run: [node, -e, "console.log('risky ran')"], confirm: true }
`, profile);
    const store = createRunStore({ flushMs: 10 });
    const { runner } = makeRunner(rb, profile, 'local', {}, { confirmer: store.confirmer, deps: { onEvent: store.getState().onEvent } });
    const done = runner.run();
    const pending = await new Promise<NonNullable<ReturnType<typeof store.getState>['pending']>>((resolve) => {
      const unsub = store.subscribe((s) => {
        if (s.pending) {
          unsub();
          resolve(s.pending);
        }
      });
    });
    expect(pending).toMatchObject({ purpose: 'step', stepId: 'risky', level: 'confirm', command: `node -e 'console.log('\\''risky ran'\\'')'`, choices: ['no', 'yes', 'skip'] });
    expect(store.getState().output('hello').map((l) => l.line)).toEqual(['line one', 'line two']);
    store.getState().answer(pending.id, { choice: 'yes', via: 'ui' });
    const final = await done;
    expect(final.outcome).toBe('succeeded');
    expect(store.getState().pending).toBeUndefined();
    expect(store.getState().output('risky').map((l) => l.line)).toEqual(['risky ran']);
    expect(store.getState().timeline.at(-1)).toMatchObject({ type: 'run-finished', outcome: 'succeeded' });
    expect(store.getState().timeline.find((e) => e.type === 'confirmation-answered')).toMatchObject({ stepId: 'risky', choice: 'yes', via: 'ui' });
  });
});
