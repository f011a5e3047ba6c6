// Keys of the logs screen (placeholder until the log viewer lands; it brings its own table).
import type { KeyTable } from '../../keys/key-table.js';

export const LOGS_KEYS: KeyTable<'back'> = [{ keys: ['escape', 'backspace'], description: 'back', action: 'back', label: 'Esc' }];
