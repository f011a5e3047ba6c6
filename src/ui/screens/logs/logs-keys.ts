// The log viewer's keys as data, in the router's key names (keys/key-name.ts). The console's
// router dispatches from this table (standalone too: tools/logs-view mounts a router), and the
// footer and `?` help are generated from it. Nothing here is dangerous: logs are read-only.
import type { KeyTable } from '../../keys/key-table.js';

export type LogsCommand =
  | 'up' | 'down' | 'pageUp' | 'pageDown' | 'top' | 'follow'
  | 'filter' | 'level' | 'context' | 'search' | 'nextMatch' | 'prevMatch'
  | 'nextProblem' | 'prevProblem' | 'wrap' | 'timestamps' | 'save' | 'clear';

/** The viewer's commands, and `back` (the screen under it; Esc first clears a filter). */
export type LogsAction = LogsCommand | 'back';

export const LOGS_KEYS: KeyTable<LogsAction> = [
  { keys: ['up', 'k'], action: 'up', description: 'scroll up (pauses follow)', helpOnly: true },
  { keys: ['down', 'j'], action: 'down', description: 'scroll down', helpOnly: true },
  { keys: ['pageup', 'ctrl+b'], action: 'pageUp', description: 'page up', helpOnly: true },
  { keys: ['pagedown', 'ctrl+f', ' '], action: 'pageDown', description: 'page down', helpOnly: true },
  { keys: ['home', 'g'], action: 'top', description: 'oldest line kept', helpOnly: true },
  { keys: ['end', 'G'], action: 'follow', description: 'follow newest lines', short: 'follow', label: 'G' },
  { keys: ['/'], action: 'filter', description: 'filter: text or /regex/ (case-insensitive)', short: 'filter' },
  { keys: ['l'], action: 'level', description: 'level filter: all → warn+ → error+', short: 'level' },
  { keys: ['c'], action: 'context', description: 'context lines around matches: 0 → 2 → 5', helpOnly: true },
  { keys: ['f'], action: 'search', description: 'find (search, highlights matches)', short: 'find' },
  { keys: ['n'], action: 'nextMatch', description: 'next search match', short: 'next' },
  { keys: ['N'], action: 'prevMatch', description: 'previous search match', helpOnly: true },
  // Not `e`: that switches the environment on every screen, this one included.
  { keys: [']'], action: 'nextProblem', description: 'next warning or error', short: 'next warn/err' },
  { keys: ['['], action: 'prevProblem', description: 'previous warning or error', helpOnly: true },
  { keys: ['w'], action: 'wrap', description: 'wrap long lines on/off', short: 'wrap' },
  { keys: ['t'], action: 'timestamps', description: 'timestamps on/off', short: 'time' },
  { keys: ['s'], action: 'save', description: 'save the filtered lines to a file (masked)', short: 'save' },
  { keys: ['x'], action: 'clear', description: 'clear filter, level and search', helpOnly: true },
  { keys: ['escape', 'backspace'], action: 'back', description: 'back (clears the filter first)', label: 'Esc' },
];
