// The header's incident item: the most severe open incident of this environment, its elapsed
// time against the response target and when the next update is due, ticking every second;
// the latest escalation hint beside it. The incident watch keeps the store fresh.
import { useStore } from 'zustand';
import type { ConsoleSession } from '../../../services/console/console-session-types.js';
import type { HeaderItem } from '../../components/header.js';
import { incidentHeaderText } from '../../../domain/incident/incident-clock.js';
import { terminalSafe } from '../../../domain/text/terminal-text.js';
import { useNow } from '../../use-now.js';
import { useTerminalSize } from '../../use-terminal-size.js';

export function useIncidentHeader(session: ConsoleSession): HeaderItem[] {
  const open = useStore(session.incidents.store, (s) => s.open);
  const { columns } = useTerminalSize();
  useNow(1000, open.length > 0);
  const inc = open[0];
  if (!inc) return [];
  const clock = session.incidents.desk.clock(inc);
  const overdue = clock.updateDueInMs < 0 || clock.responseOverdue;
  const items: HeaderItem[] = [{ text: terminalSafe(`${incidentHeaderText(inc, clock, Math.max(8, columns - 74))}${open.length > 1 ? ` (+${open.length - 1})` : ''}`), tone: overdue || inc.severity === 'P0' || inc.severity === 'P1' ? 'alert' : 'warn' }];
  const hint = [...inc.timeline].reverse().find((t) => t.kind === 'escalation' && t.alert);
  if (hint) items.push({ text: terminalSafe(hint.text), tone: 'alert' });
  return items;
}
