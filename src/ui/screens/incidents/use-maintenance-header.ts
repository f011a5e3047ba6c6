// The header's maintenance item: the active window with the time left (ticking), or the next
// (which is the first thing a narrow header leaves out).
import { useStore } from 'zustand';
import type { ConsoleSession } from '../../../services/console/console-session-types.js';
import type { HeaderItem } from '../../components/header.js';
import { HEADER_PRIORITY } from '../../presentation/header-layout.js';
import { windowText, windowTextShort } from '../../../domain/maintenance/window-text.js';
import { useNow } from '../../use-now.js';

export function useMaintenanceHeader(session: ConsoleSession): HeaderItem[] {
  const state = useStore(session.maintenance.store, (s) => s.state);
  const now = useNow(state.active ? 1000 : 30_000);
  const text = windowText(state, now);
  if (!text) return [];
  // An active window explains why health is not alarming: it stays; the next one can go.
  return [{ text, shorter: windowTextShort(state, now), priority: state.active ? HEADER_PRIORITY.maintenance : HEADER_PRIORITY.brand + 5, tone: state.active ? 'warn' : 'info' }];
}
