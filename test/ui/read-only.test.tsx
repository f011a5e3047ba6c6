// Read-only mode in the console (issue 9): dangerous keys and commands are neither shown nor
// accepted; `:write` asks for the typed environment name through the same Confirmer, is audited,
// and brings them back for the console's lifetime. The header always says which mode it is.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConsoleApp } from '../../src/ui/app.js';
import { ThemeProvider } from '../../src/ui/theme/theme-context.js';
import { createTheme } from '../../src/ui/theme/theme.js';
import { renderTui, type TuiHarness } from '../helpers/ink.js';
import { recordingSession, shopProfile } from '../helpers/console-session.js';
import { removeTempDirs, tempDir } from '../helpers/temp-dir.js';

let tui: TuiHarness | undefined;
afterEach(() => {
  tui?.unmount();
  tui = undefined;
});
afterAll(removeTempDirs);

function mount(o: { readonly?: boolean; profile?: ReturnType<typeof shopProfile> } = {}) {
  const stateDir = tempDir('opsdeck-ro-state-');
  const rec = recordingSession(o.profile, undefined, { readonly: o.readonly, env: { ...process.env, OPSDECK_STATE_DIR: stateDir } });
  tui = renderTui(
    <ThemeProvider theme={createTheme({ color: false, ascii: false })}>
      <ConsoleApp session={rec.session} onQuit={() => undefined} />
    </ThemeProvider>,
  );
  return { ...rec, tui, stateDir };
}

const footer = (frame: string) => frame.trimEnd().split('\n').at(-1) ?? '';

describe('read-only mode', () => {
  it('offers no dangerous key or command; :write (typed, audited) brings them back', async () => {
    const { tui, actions, stateDir, session } = mount({ readonly: true });
    await tui.waitFor('READ-ONLY');
    await tui.press('enter');
    let frame = await tui.waitFor('Checks');
    expect(frame).toMatch(/not offered: read-only mode \(--readonly \/ OPSDECK_READONLY=1\)/);
    expect(footer(frame)).not.toMatch(/\bstart\b|\bstop\b|\brestart\b/);
    expect(footer(frame)).toContain('logs');
    await tui.press('x');
    await tui.press('?');
    frame = await tui.waitFor('Everywhere');
    expect(frame).not.toMatch(/\bstop\b/);
    expect(frame).not.toContain(':resume');
    expect(frame).toContain(':write');
    await tui.press('escape');
    await tui.waitForGone('Everywhere');
    expect(actions).toEqual([]);
    await tui.press(':');
    await tui.type('resume');
    await tui.press('enter');
    await tui.waitFor(/read-only mode .*: :resume is not offered/);

    await tui.press(':');
    await tui.type('write');
    await tui.press('enter');
    // local is not protected: :write asks for its name, and does not call it PROTECTED.
    frame = await tui.waitFor('type its name (local)');
    expect(frame).toContain('Environment local: type its name (local)');
    expect(frame).not.toContain('PROTECTED');
    await tui.type('local');
    await tui.press('enter');
    frame = await tui.waitFor('WRITE (escalated)');
    expect(frame).not.toContain('READ-ONLY');
    expect(footer(frame)).toMatch(/\bstop\b/);
    await tui.press('x');
    await tui.waitFor('[y/N]');
    await tui.press('y');
    await tui.waitFor('stop done');
    expect(actions).toEqual([{ action: 'stop', service: 'db', environment: 'local' }]);
    const audit = readFileSync(join(stateDir, 'audit.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, string>);
    expect(audit.find((e) => e.action === 'console.write')).toMatchObject({ outcome: 'ok', confirmation: `asked typed "local"; answered "local" via console by ${session.identity}` });
  });

  it('an environment with readonly: true is read-only by default; the others are not', async () => {
    const profile = shopProfile();
    profile.environments.production = { ...profile.environments.production!, readonly: true };
    const { tui } = mount({ profile });
    let frame = await tui.waitFor('env local');
    expect(frame).not.toContain('READ-ONLY');
    await tui.press(':');
    await tui.type('env production');
    await tui.press('enter');
    await tui.waitFor('READ-ONLY');
    await tui.press('enter');
    frame = await tui.waitFor('Checks');
    expect(frame).toContain('not offered: environment production is read-only (readonly: true');
  });
});
