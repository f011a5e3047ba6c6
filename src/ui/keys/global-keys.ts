// Keys that work on every screen unless a modal is open or a screen overrides one explicitly.
import type { KeyTable } from './key-table.js';

export type GlobalAction = 'quit' | 'help' | 'environments' | 'command';

export const GLOBAL_KEYS: KeyTable<GlobalAction> = [
  { keys: ['?'], description: 'help', action: 'help' },
  { keys: ['e'], description: 'environment', action: 'environments' },
  { keys: [':'], description: 'command', action: 'command' },
  { keys: ['q', 'ctrl+c'], description: 'quit', action: 'quit', label: 'q' },
];
