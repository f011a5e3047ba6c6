// One incident: where it stands against its targets, the runbooks that match its services
// (the one whose trigger fired first on top; Enter opens its inputs prefilled), and the
// timeline recorded so far (newest at the bottom; PgUp/PgDn scroll). Only visible rows render.
import { Box, Text } from 'ink';
import { useNav, useSession, useViewport } from '../../app-context.js';
import { useKeyLayer } from '../../keys/use-key-layer.js';
import { PRIORITY } from '../../keys/key-router.js';
import { useTheme } from '../../theme/theme-context.js';
import { useSyncState } from '../../use-sync-state.js';
import { errorMessage } from '../../../domain/errors.js';
import { SEVERITIES } from '../../../domain/incident/incident-events.js';
import { shortSpan } from '../../../domain/incident/incident-clock.js';
import { openMatch } from './open-match.js';
import { terminalSafe } from '../../../domain/text/terminal-text.js';
import { fit } from '../../presentation/format.js';
import { incidentKeysFor } from './incident-keys.js';
import { useLiveKeys } from '../../keys/live-keys.js';
import { useIncident } from './use-incident.js';
import { matchTitle } from './use-matching-runbooks.js';

const clock = (ms: number) => new Date(ms).toISOString().slice(11, 19);

export function IncidentScreen({ id, active }: { id: string; active: boolean }) {
  const session = useSession();
  const nav = useNav();
  const t = useTheme();
  const { width, height } = useViewport();
  const { inc, timeline, matches, error } = useIncident(session, id, active);
  const [view, setView, viewRef] = useSyncState({ selected: 0, back: 0 });
  const runbookRows = Math.min(matches.length, 4);
  const timelineRows = Math.max(1, height - 4 - Math.max(1, runbookRows) - 1);
  const open = inc && inc.resolvedAt === undefined;

  // Until it is read, nothing is offered that needs it; resolved, nothing that changes it.
  const table = incidentKeysFor({ open: !!open, runbooks: matches.length > 0 });
  useLiveKeys(table, active);
  useKeyLayer(PRIORITY.screen, table, (action) => {
    const v = viewRef.current;
    const desk = session.incidents.desk;
    const guard = (fn: () => void) => {
      try {
        fn();
        session.incidents.refresh();
      } catch (e) {
        session.note('error', errorMessage(e));
      }
    };
    switch (action) {
      case 'up': return setView({ ...v, selected: Math.max(0, v.selected - 1) });
      case 'down': return setView({ ...v, selected: Math.min(Math.max(0, matches.length - 1), v.selected + 1) });
      case 'older': return setView({ ...v, back: Math.min(Math.max(0, timeline.length - timelineRows), v.back + timelineRows) });
      case 'newer': return setView({ ...v, back: Math.max(0, v.back - timelineRows) });
      case 'run': {
        const m = matches[v.selected];
        return openMatch(session, nav, m, m?.runbook.services.find((s) => inc?.services.includes(s)) ?? inc?.services[0]);
      }
      case 'note': return open ? nav.push({ name: 'incident-text', id, purpose: 'note' }) : session.note('info', `${id} is resolved`);
      case 'assign': return open ? nav.push({ name: 'incident-text', id, purpose: 'assign' }) : session.note('info', `${id} is resolved`);
      case 'resolve': return open ? nav.push({ name: 'incident-text', id, purpose: 'resolve' }) : session.note('info', `${id} is already resolved`);
      case 'raise':
      case 'lower': {
        if (!inc) return;
        const i = SEVERITIES.indexOf(inc.severity) + (action === 'raise' ? -1 : 1);
        const next = SEVERITIES[i];
        if (!next) return session.note('info', `${inc.severity} is already the ${action === 'raise' ? 'highest' : 'lowest'} severity`);
        return guard(() => {
          desk.severity(id, next);
          session.note('ok', `${id}: severity ${inc.severity} → ${next}`);
        });
      }
      case 'export': return guard(() => session.note('ok', `${id}: postmortem draft written to ${desk.exportPostmortem(id)}`));
      case 'back': return nav.back();
    }
  }, { active });

  if (!inc) return <Text color={t.c('red')}>{error ?? `no incident ${id}`}</Text>;
  const c = session.incidents.desk.clock(inc);
  const status = open
    ? `open ${shortSpan(c.elapsedMs)}/${shortSpan(c.responseMs)}${c.responded ? '' : c.responseOverdue ? ' NO RESPONSE' : ''} · ${c.updateDueInMs < 0 ? 'update OVERDUE' : `update due in ${shortSpan(c.updateDueInMs)}`}`
    : `resolved after ${shortSpan(c.elapsedMs)}`;
  const nextEsc = open && c.next ? ` · ${c.next.level} ${c.next.contact} in ${shortSpan(c.next.inMs)}` : '';
  const end = Math.max(0, timeline.length - view.back);
  const shown = timeline.slice(Math.max(0, end - timelineRows), end);
  const nameW = Math.min(20, Math.max(8, ...matches.map((m) => m.runbook.name.length)));
  return (
    <Box flexDirection="column">
      <Text wrap="truncate">
        <Text bold color={inc.severity === 'P0' || inc.severity === 'P1' ? t.c('red') : t.c('yellow')}>{`${inc.id} ${inc.severity} `}</Text>
        <Text bold>{t.text(terminalSafe(inc.title))}</Text>
        <Text color={open && c.updateDueInMs < 0 ? t.c('red') : undefined}>{t.text(`  ${status}`)}</Text>
      </Text>
      <Text dimColor wrap="truncate">{t.text(terminalSafe(`${inc.environment} · services ${inc.services.join(', ') || 'all'} · commander ${inc.commander ?? '-'}${nextEsc}`))}</Text>
      <Text bold>{`Runbooks${matches.length ? ' (Enter opens the selected one, prefilled)' : ''}`}</Text>
      {matches.length === 0 ? <Text dimColor>  none match (runbooks declare services: and triggers:)</Text> : null}
      {matches.slice(0, runbookRows).map((m, i) => (
        <Text key={m.runbook.name} wrap="truncate" inverse={i === view.selected}>
          {`${i === view.selected ? t.glyphs.selected : ' '} ${fit(m.runbook.name, nameW)} `}
          {m.fired ? <Text color={t.c('red')} bold>{t.text(`fired: ${terminalSafe(m.fired)} `)}</Text> : null}
          <Text dimColor>{t.text(terminalSafe(matchTitle(session, m)))}</Text>
        </Text>
      ))}
      <Text bold>{`Timeline${view.back ? ` (${view.back} newer below, PgDn)` : ''}`}</Text>
      {shown.map((e, i) => (
        <Text key={`${e.at}:${i}`} wrap="truncate" color={e.alert ? t.c('red') : undefined}>
          {`  ${clock(e.at)} `}
          <Text dimColor>{fit(e.kind, 11)}</Text>
          {t.text(terminalSafe(e.text)).slice(0, Math.max(0, width - 25))}
        </Text>
      ))}
    </Box>
  );
}
