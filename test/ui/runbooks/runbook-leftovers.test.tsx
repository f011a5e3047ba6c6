// Ctrl-C abort in the console of a step that leaves processes behind (a setsid daemon, a
// double-forked TERM-ignorer, a TERM-ignoring leader): every one of them ends, the lock goes.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { closeConsolesAfterEach, mountRunbookConsole, runbookOpsDir, startRun } from '../../helpers/runbook-console.js';
import { isLive, procInfo } from '../../../src/adapters/system/proc-info.js';

closeConsolesAfterEach();

/** One step that leaves three processes behind, each writing its pid to `pids`. */
function leaveRunbook(pids: string): string {
  const script = `setsid sh -c 'echo $$ >> ${pids}; exec sleep 300' & (sh -c 'trap "" TERM; echo $$ >> ${pids}; while :; do sleep 0.2; done' &) ; trap "" TERM; echo $$ >> ${pids}; while :; do sleep 0.2; done`;
  return `name: leave\ntitle: Leave things behind\nenvironments: [local]\nsteps:\n  - id: leave\n    shell: ${JSON.stringify(script)}\n`;
}

const pidsIn = (file: string): number[] => (existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').filter(Boolean).map(Number) : []);

describe.runIf(process.platform === 'linux')('console: aborting a step that leaves processes behind', () => {
  it('Ctrl-C, y: every process the step started is gone and the lock is released', { timeout: 40_000 }, async () => {
    const root = runbookOpsDir('opsdeck-ui-leftovers-', (dir) => ({ 'leave.yaml': leaveRunbook(join(dir, 'pids')) }));
    const pids = join(root, 'pids');
    const m = mountRunbookConsole('local', undefined, root);
    const { tui } = m;
    await startRun(tui, 'leave', 'Leave things behind');
    await tui.waitFor(/▶ leave +elapsed/);
    const end = Date.now() + 10_000;
    while (pidsIn(pids).length < 3 && Date.now() < end) await new Promise((r) => setTimeout(r, 25));
    expect(pidsIn(pids)).toHaveLength(3);
    await tui.press('ctrl+c');
    await tui.waitFor('Abort the running step?');
    await tui.press('y');
    // The TERM-ignoring ones go at SIGKILL, after the 5 s grace period.
    let frame = await tui.waitFor(/Step leave aborted|Run aborted/, 15_000);
    if (/Step leave aborted/.test(frame)) {
      await tui.press('x');
      frame = await tui.waitFor(/Run (aborted|failed|stopped)/);
    }
    expect(frame).toMatch(/leave +aborted/);
    expect(pidsIn(pids).filter((p) => isLive(procInfo(p)))).toEqual([]);
    const locks = join(m.stateDir, 'locks');
    expect(existsSync(locks) ? readdirSync(locks).filter((f) => f.endsWith('.lock')) : []).toEqual([]);
  });
});
