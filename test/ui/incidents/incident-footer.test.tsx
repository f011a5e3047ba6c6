// The incident screen's footer offers only what does something in the incident's state: once
// resolved (R, then Enter) no note, severity or resolve key is left (there is no reopen), and
// without a matching runbook no runbook keys. Real console session, real state dir.
import { describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadProfileFile } from '../../../src/adapters/fs/profile-loader.js';
import { healthOf } from '../../helpers/console-session.js';
import { closeConsolesAfterEach, mountConsole } from '../../helpers/runbook-console.js';
import { tempDir } from '../../helpers/temp-dir.js';

closeConsolesAfterEach();

const footer = (frame: string): string => frame.trimEnd().split('\n').pop() ?? '';

function mount(runbook?: string) {
  const root = tempDir('opsdeck-inc-footer-');
  mkdirSync(join(root, 'profiles'));
  mkdirSync(join(root, 'runbooks'));
  writeFileSync(join(root, 'profiles', 'oncall.yaml'), 'name: oncall\nenvironments: { local: {} }\nservices:\n  db: {}\n  api: { depends_on: [db] }\n');
  if (runbook) writeFileSync(join(root, 'runbooks', 'fix.yaml'), runbook);
  const { profile } = loadProfileFile(join(root, 'profiles', 'oncall.yaml'));
  const { session, tui } = mountConsole({ root, profile: profile!, size: { columns: 120, rows: 30 } });
  session.health.getState().update({ db: healthOf('db', 'healthy'), api: healthOf('api', 'unhealthy') }, Date.now());
  return tui;
}

describe('incident footer', () => {
  it('open: note, severity, resolve, export; resolved: only export and back, and R, n, + are not taken', async () => {
    const t = mount();
    await t.waitFor(/api .*unhealthy/);
    await t.press('i');
    await t.waitFor('Start an incident in local');
    await t.press('enter');
    let frame = await t.waitFor(/INC-1 P\d/);
    expect(footer(frame)).toBe('n note  + sev+  R resolve  x export  Esc back  ? help  e environment  : command  q quit');
    await t.press('R');
    await t.waitFor('resolution summary');
    await t.type('fixed');
    await t.press('enter');
    frame = await t.waitFor('resolved after');
    expect(footer(frame)).toBe('x export  Esc back  ? help  e environment  : command  q quit');
    await t.press('R', 'n', '+');
    frame = t.frame();
    expect(frame).toContain('resolved after');
    expect(frame).not.toContain('already resolved');
  });

  it('with a matching runbook: its keys are offered too', async () => {
    const t = mount('name: fix\nkind: incident\nenvironments: [local]\nservices: [api]\nsteps:\n  - id: look\n    manual: look at it\n');
    await t.waitFor(/api .*unhealthy/);
    await t.press('i');
    await t.waitFor('Start an incident in local');
    await t.press('enter');
    const frame = await t.waitFor(/▶ fix/);
    expect(footer(frame)).toMatch(/^k\/j runbook {2}Enter run runbook {2}n note {2}\+ sev\+ {2}R resolve {2}x export {2}Esc back {2}/);
  });
});
