// --ascii: the incident screens draw with the ASCII glyph set (no arrows, marks or dots a
// terminal without them would show as garbage): the start form, the incident with a severity
// change in its timeline, the note prompt, the list. Real console session, real state dir.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ConsoleSession } from '../../../src/services/console/console-session-types.js';
import { loadProfileFile } from '../../../src/adapters/fs/profile-loader.js';
import { healthOf } from '../../helpers/console-session.js';
import { mountConsole } from '../../helpers/runbook-console.js';
import type { TuiHarness } from '../../helpers/ink.js';
import { removeTempDirs, tempDir } from '../../helpers/temp-dir.js';

const nonAscii = (frame: string) => [...new Set(frame.match(/[^\x20-\x7e\n]/g) ?? [])];

describe('incident screens with --ascii', () => {
  let session: ConsoleSession;
  let tui: TuiHarness;
  beforeAll(() => {
    const root = tempDir('opsdeck-ascii-');
    mkdirSync(join(root, 'profiles'));
    writeFileSync(join(root, 'profiles', 'oncall.yaml'), `name: oncall
environments: { local: {} }
services:
  db: { description: database }
  api: { depends_on: [db] }
`);
    const { profile } = loadProfileFile(join(root, 'profiles', 'oncall.yaml'));
    ({ session, tui } = mountConsole({ root, profile: profile!, ascii: true }));
  });
  afterAll(async () => {
    tui.unmount();
    await session.dispose();
    removeTempDirs();
  });

  it('start form, incident, note prompt and list use only ASCII', async () => {
    session.health.getState().update({ db: healthOf('db', 'healthy'), api: healthOf('api', 'unhealthy') }, Date.now());
    await tui.waitFor(/api .*unhealthy/);
    await tui.press('i');
    let screen = await tui.waitFor('Start an incident in local');
    expect(screen).toContain('Up/Down rows');
    expect(screen).toMatch(/Esc +cancel/);
    expect(screen).toContain('Left/Right severity');
    expect(nonAscii(screen), screen).toEqual([]);

    await tui.press('enter');
    await tui.waitFor(/INC-1 P\d/);
    await tui.press('+');
    screen = await tui.waitFor(/severity P\d -> P\d/);
    expect(nonAscii(screen), screen).toEqual([]);

    await tui.press('n');
    screen = await tui.waitFor('Enter saves');
    expect(nonAscii(screen), screen).toEqual([]);
    await tui.press('escape');
    await tui.waitFor(/severity P\d -> P\d/);
    await tui.press('escape');
    await tui.waitFor('SERVICE');
    await tui.press('I');
    screen = await tui.waitFor(/Incidents of oncall[\s\S]*INC-1/);
    expect(nonAscii(screen), screen).toEqual([]);
  }, 60_000);
});
