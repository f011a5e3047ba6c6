// Keys of one service's screen. Actions the provider lacks are filtered out per service.
import type { KeyTable } from '../../keys/key-table.js';
import type { ServiceAction } from '../../../services/console/console-session-types.js';

export type ServiceScreenAction = ServiceAction | 'logs' | 'runbook' | 'instanceDown' | 'instanceUp' | 'back';

export const SERVICE_KEYS: KeyTable<ServiceScreenAction> = [
  { keys: ['s'], description: 'start', action: 'start', dangerous: true },
  { keys: ['x'], description: 'stop', action: 'stop', dangerous: true },
  { keys: ['r'], description: 'restart', action: 'restart', dangerous: true },
  { keys: ['l'], description: 'logs', action: 'logs' },
  { keys: ['enter'], description: 'runbook for this symptom (prefilled)', action: 'runbook', short: 'runbook' },
  // The instances panel shows as many rows as fit: the selection scrolls it (its title says so).
  { keys: ['down', 'j'], description: 'next instance', action: 'instanceDown', label: 'j/↓', helpOnly: true },
  { keys: ['up', 'k'], description: 'previous instance', action: 'instanceUp', label: 'k/↑', helpOnly: true },
  { keys: ['escape', 'backspace'], description: 'back', action: 'back', label: 'Esc' },
];

/** The table for a service whose provider supports `actions`. */
export function serviceKeysFor(actions: readonly ServiceAction[]): KeyTable<ServiceScreenAction> {
  return SERVICE_KEYS.filter((b) => !(['start', 'stop', 'restart'] as string[]).includes(b.action) || actions.includes(b.action as ServiceAction));
}
