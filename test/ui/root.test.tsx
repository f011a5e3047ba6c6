// Before the console: a broken profile shows every problem as file:line:col and reloads with r;
// several profiles without a choice show a picker.
import { afterEach, describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Root } from '../../src/ui/root.js';
import { ThemeProvider } from '../../src/ui/theme/theme-context.js';
import { createTheme } from '../../src/ui/theme/theme.js';
import type { ConsoleSession } from '../../src/services/console/console-session-types.js';
import { renderTui, type TuiHarness } from '../helpers/ink.js';
import { tempDir, removeTempDirs } from '../helpers/temp-dir.js';
import { CONSOLE_FIXTURES, recordingSession } from '../helpers/console-session.js';

let tui: TuiHarness | undefined;
afterEach(() => {
  tui?.unmount();
  tui = undefined;
  removeTempDirs();
});

const TOASTS = new URL('../fixtures/profiles/', import.meta.url).pathname;

function opsDir(files: Record<string, string>): string {
  const root = tempDir('opsdeck-root-');
  mkdirSync(join(root, 'profiles'));
  for (const [name, from] of Object.entries(files)) copyFileSync(from, join(root, 'profiles', name));
  return root;
}

function mount(root: string, profileName?: string) {
  const sessions: ConsoleSession[] = [];
  let quits = 0;
  tui = renderTui(
    <ThemeProvider theme={createTheme({ color: false, ascii: false })}>
      <Root
        ops={{ root, embedded: false }}
        profileName={profileName}
        openSession={(profile) => {
          const s = recordingSession(profile).session;
          sessions.push(s);
          return s;
        }}
        onQuit={() => quits++}
      />
    </ThemeProvider>,
  );
  return { tui, sessions, quits: () => quits };
}

describe('profile selection', () => {
  it('shows every problem of a broken profile as file:line:col: message, and reloads after a fix with r', async () => {
    const root = opsDir({ 'shop.yaml': join(TOASTS, 'toast-typos.yaml') });
    const { tui, sessions } = mount(root, 'shop');
    const frame = await tui.waitFor('problem');
    const lines = frame.split('\n').filter((l) => /shop\.yaml:\d+:\d+: /.test(l));
    expect(lines.length).toBeGreaterThanOrEqual(3);
    expect(frame).toMatch(/shop\.yaml:6:5: unknown key "descripton"/);
    expect(frame).toMatch(/did\s+you\s+mean\s+"description"/);
    expect(frame).toMatch(/cache/);
    expect(frame).toContain('press r to reload');
    expect(sessions).toHaveLength(0);
    copyFileSync(join(CONSOLE_FIXTURES, 'profiles', 'shop.yaml'), join(root, 'profiles', 'shop.yaml'));
    await tui.press('r');
    await tui.waitFor('SERVICE');
    expect(sessions).toHaveLength(1);
  });

  it('shows a YAML syntax error with its position instead of crashing', async () => {
    const root = opsDir({ 'bad.yaml': join(TOASTS, 'toast-syntax.yaml') });
    const { tui } = mount(root);
    const frame = await tui.waitFor(/bad\.yaml:\d+:\d+: /);
    expect(frame).toContain('profile bad');
  });

  it('offers a picker when there are several profiles and none was chosen', async () => {
    const root = opsDir({ 'shop.yaml': join(CONSOLE_FIXTURES, 'profiles', 'shop.yaml'), 'zeta.yaml': join(TOASTS, 'toast-cycle.yaml') });
    const { tui, sessions, quits } = mount(root);
    const frame = await tui.waitFor('Choose a profile');
    expect(frame).toContain('shop');
    expect(frame).toContain('zeta');
    await tui.press('j', 'enter');
    await tui.waitFor(/zeta\.yaml:\d+:\d+: .*cycle/);
    await tui.press('q');
    expect(quits()).toBe(1);
    expect(sessions).toHaveLength(0);
  });

  it('shows why the console cannot open (an unknown --env) instead of crashing', async () => {
    const root = opsDir({ 'shop.yaml': join(CONSOLE_FIXTURES, 'profiles', 'shop.yaml') });
    tui = renderTui(
      <Root
        ops={{ root, embedded: false }}
        openSession={(profile) => recordingSession(profile, 'prod').session}
        onQuit={() => undefined}
      />,
    );
    const frame = await tui.waitFor('cannot open the console');
    expect(frame).toMatch(/no environment "prod" in profile shop; available:\s+local, production/);
    expect(frame).toContain('--env');
  });

  it('says so when there are no profiles at all', async () => {
    const root = tempDir('opsdeck-empty-');
    writeFileSync(join(root, 'README'), 'nothing');
    const { tui } = mount(root);
    await tui.waitFor('no profiles in');
  });
});
