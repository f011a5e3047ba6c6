// The header's incident item: the most severe open incident of this environment, its elapsed
// time against the response target and when the next update is due, ticking every second;
// the latest escalation hint beside it. The incident watch keeps the store fresh. Both come
// with shorter wordings: the header shortens lower-priority parts first (header-layout.ts).
import { useStore } from 'zustand';
import type { ConsoleSession } from '../../../services/console/console-session-types.js';
import type { HeaderItem } from '../../components/header.js';
import { HEADER_PRIORITY } from '../../presentation/header-layout.js';
import { incidentHeaderVariants } from '../../../domain/incident/incident-clock.js';
import { useNow } from '../../use-now.js';

export function useIncidentHeader(session: ConsoleSession): HeaderItem[] {
  const open = useStore(session.incidents.store, (s) => s.open);
  useNow(1000, open.length > 0);
  const inc = open[0];
  if (!inc) return [];
  const clock = session.incidents.desk.clock(inc);
  const overdue = clock.updateDueInMs < 0 || clock.responseOverdue;
  const more = open.length > 1 ? ` (+${open.length - 1})` : '';
  const [text, ...shorter] = incidentHeaderVariants(inc, clock).map((v) => `${v}${more}`);
  const items: HeaderItem[] = [{ text: text!, shorter, priority: HEADER_PRIORITY.incident, tone: overdue || inc.severity === 'P0' || inc.severity === 'P1' ? 'alert' : 'warn' }];
  // From the end: the timeline may hold thousands of entries, and this runs every second.
  let hint;
  for (let i = inc.timeline.length - 1; i >= 0 && !hint; i--) if (inc.timeline[i]!.kind === 'escalation' && inc.timeline[i]!.alert) hint = inc.timeline[i];
  // "reach L2 manager: +33 1 23…" → "reach L2 manager" → "reach L2".
  if (hint) items.push({ text: hint.text, shorter: [hint.text.split(':')[0]!, hint.text.split(' ').slice(0, 2).join(' ')], priority: HEADER_PRIORITY.escalation, tone: 'alert' });
  return items;
}
