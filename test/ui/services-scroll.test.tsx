// A long services table: only the visible window is rendered, the frame stays shorter than the
// terminal, and the selection scrolls it.
import { afterEach, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConsoleApp } from '../../src/ui/app.js';
import { loadProfileFile } from '../../src/adapters/fs/profile-loader.js';
import { renderTui, type TuiHarness } from '../helpers/ink.js';
import { recordingSession } from '../helpers/console-session.js';
import { removeTempDirs, tempDir } from '../helpers/temp-dir.js';

let tui: TuiHarness | undefined;
afterEach(() => {
  tui?.unmount();
  removeTempDirs();
});

function bigProfile(count: number) {
  const root = tempDir('opsdeck-big-');
  mkdirSync(join(root, 'profiles'));
  const services = Array.from({ length: count }, (_, i) => `  svc-${String(i + 1).padStart(3, '0')}:\n    description: generated ${i + 1}\n`).join('');
  writeFileSync(join(root, 'profiles', 'big.yaml'), `name: big\nenvironments:\n  local: {}\nservices:\n${services}`);
  const loaded = loadProfileFile(join(root, 'profiles', 'big.yaml'));
  if (!loaded.profile) throw new Error(JSON.stringify(loaded.problems));
  return loaded.profile;
}

const serviceRows = (frame: string) => frame.split('\n').filter((l) => /^[▶ ] svc-\d{3}/.test(l));

it('renders only the visible rows of 100 services and scrolls with the selection', async () => {
  const { session } = recordingSession(bigProfile(100));
  tui = renderTui(<ConsoleApp session={session} onQuit={() => undefined} />, { columns: 80, rows: 24 });
  let frame = await tui.waitFor('of 100');
  expect(frame.split('\n').length).toBeLessThan(24);
  const visible = serviceRows(frame);
  expect(visible.length).toBeGreaterThan(10);
  expect(visible.length).toBeLessThan(20);
  expect(visible[0]).toMatch(/^▶ svc-001/);
  expect(frame).toContain(`1-${visible.length} of 100`);

  await tui.press('G');
  frame = await tui.waitFor(/▶ svc-100/);
  expect(serviceRows(frame)).toHaveLength(visible.length);
  expect(frame).toContain(`${101 - visible.length}-100 of 100`);
  expect(frame).not.toContain('svc-001');

  await tui.press('g');
  await tui.waitFor(/▶ svc-001/);
  await tui.press('\x1b[6~'); // PgDn
  await tui.waitFor(new RegExp(`▶ svc-${String(visible.length + 1).padStart(3, '0')}`));
});
