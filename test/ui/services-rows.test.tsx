// The home table re-renders only when the text of a row on screen changes: checks of services
// scrolled out of view, and checks that change nothing shown, never reach the renderer.
import { afterEach, expect, it } from 'vitest';
import { Text } from 'ink';
import { useServiceRows } from '../../src/ui/screens/services/use-services.js';
import { createTheme } from '../../src/ui/theme/theme.js';
import type { ConsoleSession } from '../../src/services/console/console-session-types.js';
import type { Service } from '../../src/domain/profile/profile-model.js';
import { renderTui, type TuiHarness } from '../helpers/ink.js';
import { healthOf, recordingSession, shopProfile } from '../helpers/console-session.js';

let tui: TuiHarness | undefined;
afterEach(() => tui?.unmount());

const glyphs = createTheme({ color: false, ascii: true }).glyphs;
const NOW = Date.UTC(2026, 0, 1, 12);

function Probe({ session, visible, renders }: { session: ConsoleSession; visible: Service[]; renders: { count: number } }) {
  const rows = useServiceRows(session, visible, NOW, glyphs, 6);
  renders.count++;
  return <Text>{rows.map((r) => `${r.name} ${r.health} ${r.latency}`).join('\n')}</Text>;
}

it('redraws for a change a visible row shows, not for off-screen checks or unchanged text', async () => {
  const { session } = recordingSession(shopProfile());
  const all = Object.values(session.profile.services);
  const visible = all.slice(0, 2);
  const hidden = all.at(-1)!;
  expect(visible.map((s) => s.name)).not.toContain(hidden.name);
  const renders = { count: 0 };
  const update = (name: string, state: 'healthy' | 'unhealthy', latencyMs: number, at: number) =>
    session.health.getState().update({ [name]: healthOf(name, state, { latencyMs, lastCheckAt: at }) }, at);
  const first = visible[0]!.name;
  update(first, 'healthy', 2, NOW - 1000);
  tui = renderTui(<Probe session={session} visible={visible} renders={renders} />);
  await tui.waitFor(`${first} * healthy <10ms`);
  const before = renders.count;

  // An off-screen service's checks, and the visible one's jitter (2 → 3 ms), change no text.
  for (let i = 0; i < 5; i++) update(hidden.name, i % 2 ? 'healthy' : 'unhealthy', 100 + i, NOW - 900 + i);
  update(first, 'healthy', 3, NOW - 500);
  expect(renders.count).toBe(before);

  // A change the row shows: one redraw.
  update(first, 'unhealthy', 0, NOW - 400);
  await tui.waitFor(`${first} ! unhealthy -`);
  expect(renders.count).toBe(before + 1);
});
