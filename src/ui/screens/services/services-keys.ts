// Keys of the services table (home).
import type { KeyTable } from '../../keys/key-table.js';

export type ServicesAction = 'up' | 'down' | 'pageUp' | 'pageDown' | 'first' | 'last' | 'open' | 'logs' | 'allLogs' | 'runbooks' | 'history' | 'incident' | 'note' | 'incidents' | 'triage' | 'envCheck';

export const SERVICES_KEYS: KeyTable<ServicesAction> = [
  { keys: ['up', 'k'], description: 'up', action: 'up', label: 'k/↑' },
  { keys: ['down', 'j'], description: 'down', action: 'down', label: 'j/↓' },
  { keys: ['enter'], description: 'open', action: 'open' },
  { keys: ['l'], description: 'logs', action: 'logs' },
  { keys: ['L'], description: 'logs of every service, merged', action: 'allLogs', helpOnly: true },
  { keys: ['r'], description: 'runbooks', action: 'runbooks' },
  { keys: ['t'], description: "runbook for the selected service's symptom (prefilled)", action: 'triage', short: 'triage' },
  { keys: ['i'], description: 'incident (start, or open the one open)', action: 'incident', short: 'incident' },
  { keys: ['n'], description: 'note on the open incident', action: 'note', helpOnly: true },
  { keys: ['I'], description: 'incidents', action: 'incidents', helpOnly: true },
  { keys: ['v'], description: 'environment variables check', action: 'envCheck', helpOnly: true },
  { keys: ['h'], description: 'run history', action: 'history', helpOnly: true },
  { keys: ['pageup'], description: 'page up', action: 'pageUp', helpOnly: true },
  { keys: ['pagedown'], description: 'page down', action: 'pageDown', helpOnly: true },
  { keys: ['home', 'g'], description: 'first service', action: 'first', helpOnly: true },
  { keys: ['end', 'G'], description: 'last service', action: 'last', helpOnly: true },
];
