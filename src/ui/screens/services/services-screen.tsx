// Home: the selected environment's services with live health. Rows come from pure functions
// (presentation/service-row.ts); only the visible window is rendered.
import { useCallback, useMemo } from 'react';
import { terminalSafe } from '../../../domain/text/terminal-text.js';
import { Box, Text } from 'ink';
import { useStore } from 'zustand';
import { useNav, useSession, useViewport } from '../../app-context.js';
import { useKeyLayer } from '../../keys/use-key-layer.js';
import { PRIORITY } from '../../keys/key-router.js';
import { useTheme } from '../../theme/theme-context.js';
import { useNow } from '../../use-now.js';
import { COLUMN_ORDER, headerCells, layoutCells, mayHaveInstances, tableLayout } from '../../presentation/service-row.js';
import { moveSelection, windowStart } from '../../components/list-window.js';
import { SERVICES_KEYS } from './services-keys.js';
import { useServiceRows, useServices } from './use-services.js';
import { useSyncState } from '../../use-sync-state.js';
import { serviceHosts, type Service } from '../../../domain/profile/profile-model.js';
import { placementLabel } from '../../../domain/fleet/hosts.js';
import { matchesFor } from '../incidents/use-matching-runbooks.js';
import { openMatch } from '../incidents/open-match.js';

export function ServicesScreen({ active }: { active: boolean }) {
  const session = useSession();
  const nav = useNav();
  const t = useTheme();
  const { width, height } = useViewport();
  // Ages show in 10 s steps: a 2 s clock is enough, and most ticks change no text.
  const now = useNow(2000, active);
  const { list, environment, busy, notices } = useServices(session);
  const noticeText = Object.values(notices ?? {})[0];
  const envHosts = session.profile.environments[environment];
  const inWindow = useStore(session.maintenance.store, (s) => s.state.active);
  const [{ selected, start }, setView, view] = useSyncState({ selected: 0, start: 0 });
  // One line for the column titles, one more for the position line when the list scrolls.
  const room = height - (noticeText ? 1 : 0);
  const rows = Math.max(1, list.length > room - 1 ? room - 2 : room - 1);
  const move = (delta: number) =>
    setView((v) => {
      const next = moveSelection(v.selected, delta, list.length);
      return { selected: next, start: windowStart(next, list.length, rows, v.start) };
    });
  useKeyLayer(PRIORITY.screen, SERVICES_KEYS, (action) => {
    const current = list[view.current.selected];
    switch (action) {
      case 'up': return move(-1);
      case 'down': return move(1);
      case 'pageUp': return move(-rows);
      case 'pageDown': return move(rows);
      case 'first': return move(-list.length);
      case 'last': return move(list.length);
      case 'open': if (current) nav.push({ name: 'service', service: current.name }); return;
      case 'logs': if (current) nav.push({ name: 'logs', service: current.name }); return;
      case 'allLogs': nav.push({ name: 'logs', service: '*' }); return;
      case 'runbooks': return nav.push({ name: 'runbooks' });
      case 'history': return nav.push({ name: 'history' });
      case 'incidents': return nav.push({ name: 'incidents' });
      case 'envCheck': return nav.push({ name: 'env-check' });
      case 'triage': return current ? openMatch(session, nav, matchesFor(session, [current.name])[0], current.name) : undefined;
      case 'incident': {
        const open = session.incidents.store.getState().open[0];
        return nav.push(open ? { name: 'incident', id: open.id } : { name: 'incident-start' });
      }
      case 'note': {
        const open = session.incidents.store.getState().open[0];
        if (!open) return session.note('info', 'no open incident: i starts one');
        return nav.push({ name: 'incident-text', id: open.id, purpose: 'note' });
      }
    }
  }, { active });

  // Over the whole profile once, not on every key (1,000 services).
  const { longestName, instances } = useMemo(() => ({ longestName: list.reduce((n, s) => Math.max(n, s.name.length), 0), instances: list.some(mayHaveInstances) }), [list]);
  const layout = tableLayout(width, longestName, instances);
  const first = windowStart(selected, list.length, rows, start);
  const visible = list.slice(first, first + rows);
  const where = useCallback((s: Service) => (envHosts && s.on ? placementLabel(serviceHosts(envHosts, s)) : undefined), [envHosts]);
  const cellsOf = useServiceRows(session, visible, now, t.glyphs, layout.spark, where);
  if (list.length === 0) return <Text>No services in profile {terminalSafe(session.profile.name)}.</Text>;
  const head = layoutCells(headerCells(), layout, t.glyphs.ellipsis);
  return (
    <Box flexDirection="column">
      <Text bold wrap="truncate">
        {'  '}
        {COLUMN_ORDER.map((k) => head[k]).join(' ')}
      </Text>
      {noticeText ? <Text color={t.c('yellow')} wrap="truncate">{terminalSafe(`  ${noticeText}`)}</Text> : null}
      {visible.map((service, n) => {
        const idx = first + n;
        const raw = cellsOf[n]!;
        const action = busy[service.name];
        // In a maintenance window a problem is expected: shown as such, the real state beside it.
        const maint = inWindow && raw.state !== 'healthy' ? { health: 'in maint.', hint: `${raw.state} (maintenance ${inWindow.name})` } : {};
        const cells = layoutCells({ ...raw, ...maint, run: action ? `${action}…` : raw.run }, layout, t.glyphs.ellipsis);
        const isSel = idx === selected;
        return (
          <Text key={service.name} wrap="truncate" inverse={isSel}>
            {isSel ? `${t.glyphs.selected} ` : '  '}
            {cells.name} {cells.run} <Text color={maint.health ? t.c('cyan') : t.healthColour(raw.state)} bold={!maint.health && raw.state === 'unhealthy'}>{cells.health}</Text> {cells.latency} {cells.lastCheck}{' '}
            <Text color={t.c('cyan')}>{cells.spark}</Text>
            {/* The last column unpadded: blank coloured padding would be written on every redraw. */}
            {cells.hint.trim() ? <Text color={t.c('yellow')}>{` ${cells.hint.trimEnd()}`}</Text> : null}
          </Text>
        );
      })}
      {list.length > rows ? <Text dimColor>{terminalSafe(`  ${first + 1}-${Math.min(list.length, first + rows)} of ${list.length} in ${environment}`)}</Text> : null}
    </Box>
  );
}
