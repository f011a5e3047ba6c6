// A `require_window` runbook in the console: the plan says, before anything is confirmed, that it
// is refused in a protected environment outside a window (why, and how to open one), and Enter
// then says so instead of starting; a dry run may start; inside an ad-hoc window (opened the
// way `opsdeck maintenance start` does) the plan names the window and Enter starts the run;
// elsewhere it warns. Real session, real state dir, in-process runs.
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { closeConsolesAfterEach, mountRunbookConsole, runbookOpsDir, type MountedConsole } from '../../helpers/runbook-console.js';
import { shopProfile } from '../../helpers/console-session.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { startAdHocWindow } from '../../../src/services/maintenance/maintenance-desk.js';
import { WindowRefusedError } from '../../../src/services/runs/runbook-desk.js';

function opsDir(): string {
  return runbookOpsDir('opsdeck-window-', {
    'reindex.yaml': `name: reindex
title: Reindex the orders table
kind: maintenance
require_window: true
steps:
  - { id: note, run: [node, -e, "console.log('reindexed')"] }
`,
  });
}

let mounted: MountedConsole | undefined;
closeConsolesAfterEach();

/** `stateDir`: one prepared beforehand (a window opened in it); `change`: the change reference typed in production. */
async function toPlan(environment: string, root: string, stateDir?: string, change = 'CHG-42') {
  mounted = mountRunbookConsole(environment, { columns: 80, rows: 24 }, root, stateDir);
  const { tui } = mounted;
  await tui.waitFor('worker');
  await tui.press('r');
  await tui.waitFor('Reindex the orders table');
  await tui.press('enter');
  if (environment === 'production') {
    await tui.waitFor('change reference:');
    await tui.type(change);
    await tui.waitFor(`change reference: ${change}`);
  }
  await tui.press('enter');
  return tui.waitFor('Plan: Reindex the orders table');
}

/** The frame with wrapped lines joined (the plan wraps the reason over several rows). */
const flat = (frame: string) => frame.replace(/\s*\n\s*/g, ' ');
const runs = (stateDir: string) => (existsSync(join(stateDir, 'runs')) ? readdirSync(join(stateDir, 'runs')) : []);

describe('require_window in the console', () => {
  it('protected, outside a window: the plan says why it is refused; Enter says so and starts nothing; a dry run may start', async () => {
    const root = opsDir();
    let frame = await toPlan('production', root);
    expect(flat(frame)).toMatch(/NOT ALLOWED NOW: runbook reindex requires a maintenance window and production is not in one; no window is scheduled/);
    expect(flat(frame)).toMatch(/opsdeck maintenance start --env production --for 30m/);
    expect(frame).toContain('Enter will not start it');
    await mounted!.tui.press('enter');
    frame = await mounted!.tui.waitFor('reindex not started (outside a maintenance window)');
    expect(frame).not.toMatch(/cannot start|failed/i);
    expect(frame).toContain('Plan: Reindex the orders table');
    expect(runs(mounted!.stateDir)).toEqual([]);
    // The desk refuses too (a window that closed while the plan was on screen): nothing starts.
    const rb = mounted!.session.runbooks.list().find((r) => r.name === 'reindex')!.runbook!;
    await expect(mounted!.session.runbooks.start(mounted!.session.runbooks.preview(rb, {}, false), 'CHG-42')).rejects.toBeInstanceOf(WindowRefusedError);
    expect(runs(mounted!.stateDir)).toEqual([]);

    await mounted!.tui.press('d');
    frame = await mounted!.tui.waitFor('dry-run ON');
    expect(flat(frame)).toContain('outside a maintenance window: only this dry run may start');
    await mounted!.tui.press('enter');
    await mounted!.tui.waitFor(/dry run|DRY RUN/);
    await mounted!.tui.waitFor(/succeeded/i, 30_000);
    expect(runs(mounted!.stateDir)).toHaveLength(1);
  }, 60_000);

  it('protected, inside an ad-hoc window: the plan names the window and Enter starts the run', async () => {
    const root = opsDir();
    // Opened the way `opsdeck maintenance start --env production --for 30m` opens one (audited).
    const stateDir = tempDir('opsdeck-rb-ui-');
    const profile = shopProfile(root);
    startAdHocWindow({ profile, env: { ...process.env, OPSDECK_STATE_DIR: stateDir } }, profile.environments.production!, 30 * 60_000, 'reindex night');
    const frame = await toPlan('production', root, stateDir, 'CHG-43');
    const { tui } = mounted!;
    expect(flat(frame)).toMatch(/inside maintenance window ad-hoc opened by \S+@\S+ \(reindex night\): (29|30)m\d*s? left/);
    expect(frame).not.toContain('NOT ALLOWED');
    await tui.press('enter');
    await tui.waitFor(/succeeded/i, 30_000);
    expect(runs(stateDir)).toHaveLength(1);
  }, 60_000);

  it('not protected, outside a window: the plan warns, and the run starts', async () => {
    const root = opsDir();
    const frame = await toPlan('local', root);
    expect(flat(frame)).toMatch(/WARNING: runbook reindex requires a maintenance window; local is not in one; no window is scheduled/);
    await mounted!.tui.press('enter');
    await mounted!.tui.waitFor(/succeeded/i, 30_000);
    expect(runs(mounted!.stateDir)).toHaveLength(1);
  }, 60_000);
});
