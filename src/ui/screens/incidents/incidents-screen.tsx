// The incidents of this profile: open ones first (most severe first), then recent resolved ones.
import { Box, Text } from 'ink';
import { useStore } from 'zustand';
import { useNav, useSession, useViewport } from '../../app-context.js';
import { useKeyLayer } from '../../keys/use-key-layer.js';
import { PRIORITY } from '../../keys/key-router.js';
import { useTheme } from '../../theme/theme-context.js';
import { useNow } from '../../use-now.js';
import { useReadEffect } from '../../use-read-effect.js';
import { useSyncState } from '../../use-sync-state.js';
import { shortSpan } from '../../../domain/incident/incident-clock.js';
import { terminalSafe } from '../../../domain/text/terminal-text.js';
import { moveSelection, windowStart } from '../../components/list-window.js';
import { fit } from '../../presentation/format.js';
import { INCIDENTS_KEYS } from './incident-keys.js';

export function IncidentsScreen({ active }: { active: boolean }) {
  const session = useSession();
  const nav = useNav();
  const t = useTheme();
  const { height } = useViewport();
  const now = useNow(2000, active);
  const revision = useStore(session.incidents.store, (s) => s.revision);
  // Re-read on this console's changes (revision), when the screen comes back, and every 10 s
  // (another console may have written an incident).
  const desk = session.incidents.desk;
  const tenSeconds = Math.floor(now / 10_000);
  const list = useReadEffect(() => {
    const all = desk.list();
    return [...all.filter((i) => i.resolvedAt === undefined), ...all.filter((i) => i.resolvedAt !== undefined).slice(0, 50)];
  }, [desk, revision, active, tenSeconds]);
  const [view, setView, ref] = useSyncState({ selected: 0, start: 0 });
  const rows = Math.max(1, height - 2);
  useKeyLayer(PRIORITY.screen, INCIDENTS_KEYS, (action) => {
    const v = ref.current;
    if (action === 'up' || action === 'down') {
      const next = moveSelection(v.selected, action === 'up' ? -1 : 1, list.length);
      setView({ selected: next, start: windowStart(next, list.length, rows, v.start) });
    } else if (action === 'open' && list[v.selected]) nav.push({ name: 'incident', id: list[v.selected]!.id });
    else if (action === 'start') nav.push({ name: 'incident-start' });
    else if (action === 'back') nav.back();
  }, { active });
  const first = windowStart(view.selected, list.length, rows, view.start);
  return (
    <Box flexDirection="column">
      <Text bold>{`Incidents of ${session.profile.name}`}</Text>
      {list.length === 0 ? <Text dimColor>No incidents recorded. i starts one.</Text> : null}
      {list.slice(first, first + rows).map((inc, n) => {
        const sel = first + n === view.selected;
        const open = inc.resolvedAt === undefined;
        const when = open ? `open ${shortSpan(now - inc.startedAt)}` : `resolved after ${shortSpan(inc.resolvedAt! - inc.startedAt)}`;
        return (
          <Text key={inc.id} wrap="truncate" inverse={sel}>
            {`${sel ? t.glyphs.selected : ' '} ${fit(inc.id, 7)} `}
            <Text bold color={open ? (inc.severity === 'P0' || inc.severity === 'P1' ? t.c('red') : t.c('yellow')) : undefined}>{inc.severity}</Text>
            {` ${fit(inc.environment, 12)} ${fit(when, 20)} `}
            {t.text(terminalSafe(inc.title))}
          </Text>
        );
      })}
    </Box>
  );
}
