// `i`: start an incident in the current environment. Severity (left/right), title (typed, prefilled
// from what is broken), affected services (Space toggles; the unhealthy ones preselected).
// Enter starts it and opens the incident screen; so `i` Enter is enough when something is down.
import { useMemo } from 'react';
import { Box, Text } from 'ink';
import { useStore } from 'zustand';
import { useNav, useSession } from '../../app-context.js';
import { useKeyLayer } from '../../keys/use-key-layer.js';
import { PRIORITY } from '../../keys/key-router.js';
import { useTheme } from '../../theme/theme-context.js';
import { useSyncState } from '../../use-sync-state.js';
import { errorMessage } from '../../../domain/errors.js';
import { SEVERITIES, type Severity } from '../../../domain/incident/incident-events.js';
import { shortSpan } from '../../../domain/incident/incident-clock.js';
import { terminalSafe } from '../../../domain/text/terminal-text.js';
import { editText, startDefaults } from '../../presentation/incident-form.js';
import { fit } from '../../presentation/format.js';
import { INCIDENT_START_KEYS } from './incident-keys.js';

interface Form {
  severity: Severity;
  title: string;
  chosen: string[];
  /** 0 severity, 1 title, 2.. services. */
  row: number;
}

export function IncidentStartScreen({ active }: { active: boolean }) {
  const session = useSession();
  const nav = useNav();
  const t = useTheme();
  const names = useMemo(() => Object.keys(session.profile.services), [session]);
  const services = useStore(session.health, (s) => s.services);
  const env = session.currentEnvironment();
  const [form, setForm, ref] = useSyncState<Form>(() => {
    const d = startDefaults(names, Object.fromEntries(names.map((n) => [n, services[n]?.state])));
    return { severity: d.severity, title: d.title, chosen: d.services, row: 1 };
  });
  const start = () => {
    const f = ref.current;
    try {
      const inc = session.incidents.desk.start({ environment: env.name, severity: f.severity, title: f.title, services: names.filter((n) => f.chosen.includes(n)) });
      session.incidents.refresh();
      session.note('ok', `${inc.id} started (${inc.severity}); n adds a note, R resolves`);
      nav.back();
      nav.push({ name: 'incident', id: inc.id });
    } catch (e) {
      session.note('error', errorMessage(e));
    }
  };
  useKeyLayer(PRIORITY.screen, INCIDENT_START_KEYS, (action) => {
    const f = ref.current;
    const sev = SEVERITIES.indexOf(f.severity);
    switch (action) {
      case 'up': return setForm({ ...f, row: Math.max(0, f.row - 1) });
      case 'down': return setForm({ ...f, row: Math.min(names.length + 1, f.row + 1) });
      case 'sevPrev': return setForm({ ...f, severity: SEVERITIES[Math.max(0, sev - 1)]! });
      case 'sevNext': return setForm({ ...f, severity: SEVERITIES[Math.min(SEVERITIES.length - 1, sev + 1)]! });
      case 'toggle': {
        const name = names[f.row - 2];
        if (!name) return;
        return setForm({ ...f, chosen: f.chosen.includes(name) ? f.chosen.filter((n) => n !== name) : [...f.chosen, name] });
      }
      case 'start': return start();
      case 'back': return nav.back();
    }
  }, {
    active,
    capture: (input, key) => {
      if (ref.current.row !== 1) return false;
      const next = editText(ref.current.title, input, key);
      if (next === undefined) return false;
      setForm({ ...ref.current, title: next });
      return true;
    },
  });
  const targets = session.incidents.desk.targets[form.severity];
  const mark = (row: number) => (row === form.row ? t.glyphs.selected : ' ');
  return (
    <Box flexDirection="column">
      <Text bold wrap="truncate">{`Start an incident in ${env.name}${env.protected ? ' (PROTECTED)' : ''}`}</Text>
      <Text wrap="truncate">
        <Text bold={form.row === 0} color={form.row === 0 ? t.c('cyan') : undefined}>{`${mark(0)} severity `}</Text>
        <Text inverse={form.row === 0} bold color={form.severity === 'P0' || form.severity === 'P1' ? t.c('red') : t.c('yellow')}>{`< ${form.severity} >`}</Text>
        <Text dimColor>{t.text(terminalSafe(`  ${targets.description}; respond ${shortSpan(targets.responseMs)}, update every ${shortSpan(targets.updateEveryMs)}`))}</Text>
      </Text>
      <Text wrap="truncate">
        <Text bold={form.row === 1} color={form.row === 1 ? t.c('cyan') : undefined}>{`${mark(1)} title    `}</Text>
        <Text inverse={form.row === 1}>{terminalSafe(form.title) || ' '}</Text>
        {form.row === 1 ? <Text inverse> </Text> : null}
      </Text>
      <Text bold>  affected services</Text>
      {names.map((n, i) => {
        const state = services[n]?.state ?? 'unknown';
        const on = form.chosen.includes(n);
        return (
          <Text key={n} wrap="truncate" inverse={form.row === i + 2}>
            {`${mark(i + 2)}  [${on ? 'x' : ' '}] ${fit(n, 14)} `}
            <Text color={t.healthColour(state)}>{state}</Text>
          </Text>
        );
      })}
      <Text dimColor wrap="truncate">{t.text('  Enter starts · ↑/↓ rows · ←/→ severity · Space toggles a service')}</Text>
    </Box>
  );
}
