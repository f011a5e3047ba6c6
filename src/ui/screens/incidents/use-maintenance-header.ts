// The header's maintenance item: the active window with the time left (ticking), or the next.
import { useStore } from 'zustand';
import type { ConsoleSession } from '../../../services/console/console-session-types.js';
import type { HeaderItem } from '../../components/header.js';
import { windowText } from '../../../domain/maintenance/window-text.js';
import { terminalSafe } from '../../../domain/text/terminal-text.js';
import { useNow } from '../../use-now.js';

export function useMaintenanceHeader(session: ConsoleSession): HeaderItem[] {
  const state = useStore(session.maintenance.store, (s) => s.state);
  const now = useNow(state.active ? 1000 : 30_000);
  const text = windowText(state, now);
  return text ? [{ text: terminalSafe(text), tone: state.active ? 'warn' : 'info' }] : [];
}
