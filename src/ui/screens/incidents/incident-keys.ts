// Key tables of the incident screens: start form, one-line text prompt, list, one incident.
import type { KeyTable } from '../../keys/key-table.js';

/** The title field takes printable keys, so the form moves with arrows, Space and Enter only. */
export const INCIDENT_START_KEYS: KeyTable<'up' | 'down' | 'sevPrev' | 'sevNext' | 'toggle' | 'start' | 'back'> = [
  { keys: ['enter'], description: 'start incident', action: 'start' },
  { keys: ['escape'], description: 'cancel', action: 'back' },
  { keys: ['up'], description: 'previous row', action: 'up', label: '↑/↓' },
  { keys: ['down'], description: 'next row', action: 'down', helpOnly: true },
  { keys: ['left'], description: 'severity', action: 'sevPrev', label: '←/→' },
  { keys: ['right'], description: 'lower severity', action: 'sevNext', helpOnly: true },
  { keys: [' '], description: 'toggle service', action: 'toggle', label: 'Space' },
];

export const INCIDENT_TEXT_KEYS: KeyTable<'save' | 'back'> = [
  { keys: ['enter'], description: 'save', action: 'save' },
  { keys: ['escape'], description: 'cancel', action: 'back' },
];

export const INCIDENTS_KEYS: KeyTable<'up' | 'down' | 'open' | 'start' | 'back'> = [
  { keys: ['up', 'k'], description: 'up', action: 'up', label: 'k/↑' },
  { keys: ['down', 'j'], description: 'down', action: 'down', label: 'j/↓' },
  { keys: ['enter'], description: 'open', action: 'open' },
  { keys: ['i'], description: 'start incident', action: 'start' },
  { keys: ['escape'], description: 'back', action: 'back' },
];

export type IncidentAction = 'up' | 'down' | 'run' | 'note' | 'raise' | 'lower' | 'assign' | 'resolve' | 'export' | 'older' | 'newer' | 'back';

export const INCIDENT_KEYS: KeyTable<IncidentAction> = [
  { keys: ['up', 'k'], description: 'runbook', action: 'up', label: 'k/j' },
  { keys: ['down', 'j'], description: 'next runbook', action: 'down', helpOnly: true },
  { keys: ['enter'], description: 'run runbook', action: 'run' },
  { keys: ['n'], description: 'note', action: 'note' },
  { keys: ['+'], description: 'raise severity (one level, e.g. P2 → P1)', action: 'raise', short: 'sev+' },
  { keys: ['-'], description: 'lower severity (one level, e.g. P1 → P2)', action: 'lower', helpOnly: true },
  { keys: ['a'], description: 'assign commander', action: 'assign', helpOnly: true },
  { keys: ['R'], description: 'resolve', action: 'resolve', dangerous: true },
  { keys: ['x'], description: 'export postmortem', action: 'export', short: 'export' },
  { keys: ['pageup'], description: 'older timeline entries', action: 'older', helpOnly: true },
  { keys: ['pagedown'], description: 'newer timeline entries', action: 'newer', helpOnly: true },
  { keys: ['escape'], description: 'back', action: 'back' },
];

const RUNBOOK_ACTIONS: readonly IncidentAction[] = ['up', 'down', 'run'];
/** What changes an incident: a resolved one takes none of these any more (there is no reopen). */
const OPEN_ONLY: readonly IncidentAction[] = ['note', 'raise', 'lower', 'assign', 'resolve'];
const BY_STATE = new Map<string, KeyTable<IncidentAction>>();

/**
 * The incident screen's keys in its state, so its footer and help offer only what does
 * something: the runbook keys while a runbook matches, the changes while it is open. One table
 * per state (kept, so its identity is stable for the key router and the footer).
 */
export function incidentKeysFor(state: { open: boolean; runbooks: boolean }): KeyTable<IncidentAction> {
  const key = `${state.open}:${state.runbooks}`;
  let table = BY_STATE.get(key);
  if (!table) {
    table = INCIDENT_KEYS.filter((b) => (state.runbooks || !RUNBOOK_ACTIONS.includes(b.action)) && (state.open || !OPEN_ONLY.includes(b.action)));
    BY_STATE.set(key, table);
  }
  return table;
}
